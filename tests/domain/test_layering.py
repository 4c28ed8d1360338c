"""The architecture holds: the core and the application layer run without Textual.

DESIGN.md: the domain knows nothing of Textual or TinyDB, the store is the only
TinyDB user, and the UI and CLI only call the application layer. The contracts
live in pyproject.toml ([tool.importlinter]).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def _tool(name: str) -> str:
    found = Path(sys.executable).parent / name
    assert found.exists(), f"{name} is a test dependency: pip install -e '.[test]'"
    return str(found)


CONTRACTS = (
    "The domain knows nothing of Textual, TinyDB or the store",
    "The store and the services never import Textual",
    "Only the store imports TinyDB",
    "The screens and the CLI open sessions through the services, never the store",
    "Exports render what a read model gives them: no store",
    "Layers (STYLE.md): cli, ui -> services -> export and store -> domain",
)


def test_the_import_contracts_are_kept() -> None:
    result = subprocess.run([_tool("lint-imports"), "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    for contract in CONTRACTS:
        assert f"{contract} KEPT" in result.stdout, f"the contract '{contract}' is missing or broken"
    assert "0 broken" in result.stdout


def test_the_package_type_checks() -> None:
    """mypy, configured in pyproject.toml ([tool.mypy]), finds no errors in panel_tui."""
    result = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
