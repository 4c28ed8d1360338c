"""A copy of panel-tui installed from a built wheel (not the editable install) finds the starter banks.

The wheel is built from a copy of the repository's package (so the build
leaves nothing in the work tree) and installed into a fresh virtual
environment that can see the system's packages (textual, pydantic...) but
not the work tree: no network is used at any step. Then the installed copy
is run from a folder with no questions/ of its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STARTER_BANKS = {"peer-mentor-recovery.toml", "support-worker-learning-disability.toml", "volunteer-coordinator.toml"}
STEP_TIMEOUT = 120

LIST_BANKS = """
import json, panel_tui
from panel_tui.locations import bank_files, questions_dir
print(json.dumps({"package": panel_tui.__file__, "folder": str(questions_dir()),
                  "banks": [str(p) for p in bank_files(questions_dir())]}))
"""


def _run(args: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=STEP_TIMEOUT,
    )
    assert done.returncode == 0, f"{args[:4]} failed:\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv holding panel-tui installed from a freshly built wheel; returns the venv's folder."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "panel_tui", source / "panel_tui", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = base / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
          "-w", dist, source], cwd=base)
    wheels = list(dist.glob("panel_tui-*.whl"))
    assert len(wheels) == 1, wheels

    venv = base / "venv"
    _run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", venv], cwd=base)
    # The system's pip, run by the venv's Python, installs into the venv; --ignore-installed so the
    # editable install in the system's site-packages is neither used nor touched.
    _run([venv / "bin" / "python", "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed",
          "--no-compile", wheels[0]], cwd=base)
    return venv


@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    """No PYTHONPATH (it would put the work tree first) and no questions folder chosen."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PANEL_TUI_QUESTIONS_DIR"}}
    env["PANEL_TUI_SESSIONS_DIR"] = str(tmp_path / "sessions")
    return env


@pytest.mark.timeout(300)
def test_a_copy_installed_from_the_wheel_lists_and_imports_the_starter_banks(
    installed: Path, tmp_path: Path, clean_env: dict[str, str]
) -> None:
    here = tmp_path / "somewhere"
    here.mkdir()
    assert not (here / "questions").exists()

    listed = json.loads(_run([installed / "bin" / "python", "-c", LIST_BANKS], cwd=here, env=clean_env).stdout)

    venv = installed.resolve()
    assert Path(listed["package"]).resolve().is_relative_to(venv), f"not the installed copy: {listed['package']}"
    assert Path(listed["folder"]).resolve().is_relative_to(venv)
    banks = [Path(p) for p in listed["banks"]]
    assert {p.name for p in banks} == STARTER_BANKS

    panel_tui = installed / "bin" / "panel-tui"
    made = _run([panel_tui, "new", "--vacancy", "Peer mentor", "--chair", "Priya Shah"], cwd=here, env=clean_env)
    session = tmp_path / "sessions" / "peer-mentor.json"
    assert session.exists(), made.stdout
    bank = next(p for p in banks if p.name == "peer-mentor-recovery.toml")
    done = _run([panel_tui, "questions", "import", bank, "--into", session], cwd=here, env=clean_env)
    assert "Imported 10 question(s) from 'Peer mentor in a recovery community'" in done.stdout
    checked = _run([panel_tui, "check", session], cwd=here, env=clean_env)
    assert "is sound" in checked.stdout and "10 questions" in checked.stdout, checked.stdout

    # The data files beside the code ship too: the Easy Read jargon list, the hub's page, styles and words.
    shipped = _run([installed / "bin" / "python", "-c", SHIPPED_DATA], cwd=here, env=clean_env).stdout
    assert json.loads(shipped) == {"jargon": True, "page": True, "door": True, "css": True, "words": True}, shipped


SHIPPED_DATA = """
import json
from pathlib import Path
import panel_tui.serve.server as server
from panel_tui.domain.easy_read import jargon_list
from panel_tui.serve.words import word_list
here = Path(server.__file__).parent
print(json.dumps({
    "jargon": bool(jargon_list()), "page": (here / "templates" / "hub_page.html").is_file(),
    "door": (here / "templates" / "door.html").is_file(), "css": (here / "static" / "hub.css").is_file(),
    "words": len(word_list()) > 1000,
}))
"""
