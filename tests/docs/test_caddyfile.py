"""docs/Caddyfile and docs/sshd_config.example: valid, and in step with the hub and the CLI they front.

`caddy validate` runs where Caddy is installed (Debian: apt-get install caddy); it needs no network:
it checks the configuration and loads every module without listening or asking for certificates.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from panel_tui import cli
from panel_tui.serve.command import DEFAULT_PORT

DOCS = Path(__file__).resolve().parents[2] / "docs"
CADDYFILE = DOCS / "Caddyfile"
SSHD = DOCS / "sshd_config.example"


def config_lines(path: Path) -> list[str]:
    """The lines that count: comments and blank lines left out."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.strip().startswith("#")]


# The Caddyfile ----------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("caddy") is None, reason="caddy is not installed (Debian: apt-get install caddy)")
def test_caddy_says_the_caddyfile_is_valid(tmp_path: Path) -> None:
    env = os.environ | {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    done = subprocess.run(
        ["caddy", "validate", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
        capture_output=True, text=True, timeout=60, env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "Valid configuration" in done.stdout + done.stderr


def test_caddy_passes_everything_to_the_hub_on_its_default_port_on_this_machine() -> None:
    proxies = [line for line in config_lines(CADDYFILE) if line.startswith("reverse_proxy")]
    assert proxies == [f"reverse_proxy 127.0.0.1:{DEFAULT_PORT}"]


def test_the_hub_command_in_the_caddyfile_matches_its_site_and_port() -> None:
    site = next(line.split()[0] for line in config_lines(CADDYFILE) if line.endswith("{"))
    command = re.search(r"panel-tui serve SESSION (.+)", CADDYFILE.read_text(encoding="utf-8"))
    assert command, "the Caddyfile says how to start the hub"
    assert command.group(1).split() == ["--port", str(DEFAULT_PORT), "--public-url", f"https://{site}"]


def test_caddy_keeps_no_access_log_and_asks_no_password_of_its_own() -> None:
    # The join link carries the round password: an access log would keep it. The hub's door asks for it.
    words = {line.split()[0] for line in config_lines(CADDYFILE)}
    assert not words & {"log", "basicauth", "basic_auth"}


def test_caddy_never_compresses_the_websocket() -> None:
    lines = config_lines(CADDYFILE)
    encode = [line for line in lines if line.startswith("encode")]
    assert encode and all(line.startswith("encode @not_websocket") for line in encode)
    assert "@not_websocket not path /ws" in lines


# The SSH example --------------------------------------------------------------------


def match_blocks() -> dict[str, dict[str, str]]:
    """Each Match block's settings, by its Match line."""
    blocks: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in config_lines(SSHD):
        keyword, _, value = line.partition(" ")
        if keyword == "Match":
            current = blocks.setdefault(line, {})
        else:
            assert current is not None, f"{line!r} comes before any Match block"
            current[keyword] = value.strip()
    return blocks


def panel_tui_arguments(force_command: str) -> list[str]:
    """The arguments given to panel-tui, after `sudo -n -H -u panel /usr/local/bin/panel-tui`."""
    argv = shlex.split(force_command)
    assert argv[:5] == ["sudo", "-n", "-H", "-u", "panel"], "the command runs as the account that owns the sessions"
    assert argv[5] == "/usr/local/bin/panel-tui"
    return argv[6:]


def test_every_block_forces_panel_tui_open_and_allows_no_forwarding() -> None:
    blocks = match_blocks()
    assert any(line.startswith("Match User ") for line in blocks)
    for line, settings in blocks.items():
        assert "open" in panel_tui_arguments(settings["ForceCommand"]), line
        for keyword in ("AllowTcpForwarding", "X11Forwarding", "PermitTunnel", "AllowAgentForwarding"):
            assert settings.get(keyword) == "no", f"{line}: {keyword}"
        assert settings.get("PermitTTY") == "yes", "the app needs a terminal"


def test_a_persons_login_opens_the_session_as_that_person_only() -> None:
    persons = {line: s for line, s in match_blocks().items() if line.startswith("Match User ")}
    for settings in persons.values():
        args = cli._parser().parse_args(panel_tui_arguments(settings["ForceCommand"]))
        assert args.command == "open"
        assert args.member == "Ana Lopez"
        assert str(args.file).startswith("/srv/panel-tui/sessions/") and str(args.file).endswith(".json")


def test_the_sudoers_lines_allow_exactly_the_forced_commands() -> None:
    # sudo compares the arguments joined by spaces, so "--member Ana Lopez" allows "Ana Lopez" alone.
    allowed = dict(
        re.findall(r"^#\s+(\S+) ALL=\(panel\) NOPASSWD: (.+)$", SSHD.read_text(encoding="utf-8"), re.M)
    )
    for line, settings in match_blocks().items():
        who = line.split()[2]
        user = f"%{who}" if line.startswith("Match Group ") else who
        command = " ".join(shlex.split(settings["ForceCommand"])[5:])
        assert allowed.get(user) == command, line
