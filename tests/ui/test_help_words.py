"""Help in plain words (issue 11): every screen's help reads at Flesch 60 or more, with a short glossary.

Flesch reading ease (panel_tui.domain.readability): 60-70 is plain English;
the people on a panel include members with a learning disability, so every
help text, the words for every screen and each glossary entry must reach it.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import panel_tui.ui.screens as screens
from panel_tui.domain.readability import flesch_reading_ease
from panel_tui.ui.screens.help import GENERAL, GLOSSARY

from .conftest import SIZE, visible_text
from .helpers import settle, sign_in_as

PLAIN = 60.0


def _help_texts() -> dict[str, str]:
    found: dict[str, str] = {"keys for every screen": GENERAL}
    for module_info in pkgutil.iter_modules(screens.__path__):
        module = importlib.import_module(f"{screens.__name__}.{module_info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            text = cls.__dict__.get("HELP")
            if cls.__module__ == module.__name__ and isinstance(text, str) and text:
                found[f"{module_info.name}.{name}"] = text
    for word, meaning in GLOSSARY:
        found[f"glossary: {word}"] = f"{word}: {meaning}"
    return found


HELP_TEXTS = _help_texts()


def test_every_screen_with_keys_has_its_own_help() -> None:
    assert len(HELP_TEXTS) > 25, sorted(HELP_TEXTS)


@pytest.mark.parametrize("where", sorted(HELP_TEXTS))
def test_help_is_in_plain_words(where: str) -> None:
    text = HELP_TEXTS[where]
    assert flesch_reading_ease(text) >= PLAIN, f"{where} reads at {flesch_reading_ease(text):.0f}: {text!r}"
    assert "service user" not in text.lower()


def test_the_glossary_explains_the_words_on_the_chair_s_screens() -> None:
    words = {word.lower() for word, _ in GLOSSARY}
    assert {"median", "alpha", "flag"} <= words


async def test_f1_shows_the_glossary(panel, app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Sam Chair")
        await pilot.press("f1")
        await settle(pilot)
        text = visible_text(app)
        assert "Words you may see" in text
        for word, meaning in GLOSSARY:
            assert f"{word}: {meaning}" in text
