"""The architecture holds: the core and the application layer run without Textual.

DESIGN.md: the domain knows nothing of Textual or TinyDB, the store is the only
TinyDB user, and the UI and CLI only call the application layer. The contracts
live in pyproject.toml ([tool.importlinter]).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_the_core_store_and_services_import_without_textual() -> None:
    result = run_python("import panel_tui.domain, panel_tui.store, panel_tui.services, sys; print('textual' in sys.modules)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False", "something under domain, store or services pulled in Textual"


def test_the_domain_imports_neither_textual_nor_tinydb() -> None:
    code = (
        "import sys, pkgutil, importlib, panel_tui.domain as d\n"
        "for m in pkgutil.iter_modules(d.__path__): importlib.import_module('panel_tui.domain.' + m.name)\n"
        "print(sorted(n for n in ('textual', 'tinydb', 'rich', 'panel_tui.store') if n in sys.modules))"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def _missing_shell_module() -> str | None:
    """The name of a panel_tui module the UI or CLI imports that does not exist yet, if any."""
    result = run_python(
        "import importlib\n"
        "try:\n"
        "    importlib.import_module('panel_tui.cli'); importlib.import_module('panel_tui.ui.app')\n"
        "except ModuleNotFoundError as e:\n"
        "    print(e.name or '')\n"
    )
    name = result.stdout.strip()
    return name if name.startswith("panel_tui") else None


def test_the_import_contracts_are_kept() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    if not lint.exists():
        pytest.skip(f"import-linter is not installed beside {sys.executable} (pip install -e '.[test]')")
    result = subprocess.run(
        [str(lint), "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    if result.returncode != 0:
        missing = _missing_shell_module()
        if missing:
            pytest.skip(f"the UI or CLI is not complete yet ({missing} does not exist); the contracts are checked once it does")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
