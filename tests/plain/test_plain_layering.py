"""Plain mode stands on the services alone: no Textual, no Rich, no store, no screens.

(The import-linter contracts in pyproject.toml do not name panel_tui.plain
yet; until they do, this test holds the line.)
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import panel_tui.plain

PACKAGE = Path(panel_tui.plain.__file__).parent
FORBIDDEN = ("textual", "rich", "tinydb", "panel_tui.store", "panel_tui.ui", "panel_tui.cli")


def _imports(path: Path) -> set[str]:
    """Every module a file imports, relative imports made absolute."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            package = ["panel_tui", "plain"]
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module or ""]).strip(".")
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_no_plain_module_imports_textual_rich_the_store_or_the_screens() -> None:
    files = sorted(PACKAGE.glob("*.py"))
    assert len(files) >= 5
    for path in files:
        for name in _imports(path):
            assert not any(name == f or name.startswith(f + ".") for f in FORBIDDEN), f"{path.name} imports {name}"


def test_relative_imports_are_read_as_the_package_they_name() -> None:
    """The check above must see '..store' as panel_tui.store, or it could never fail."""
    sample = PACKAGE / "prompts.py"
    assert "panel_tui.services" in _imports(sample)
    assert "panel_tui.domain.errors" in _imports(sample)


def test_plain_mode_runs_without_loading_textual() -> None:
    code = "import panel_tui.plain.__main__, sys; print('textual' in sys.modules, 'rich' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]
