"""`panel-tui serve`: check what was asked, then run the hub (its own screen, or plain lines)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import PanelError

if TYPE_CHECKING:
    from .hub import HubPlan

DEFAULT_PORT = 8000
"""Importing this module stays light (the CLI builds its parser from it): aiohttp loads only to serve."""
EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2


def add_arguments(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("session", nargs="?", type=Path, help="the session file (default: the list of sessions)")
    where = serve.add_mutually_exclusive_group()
    where.add_argument("--host", default=None, help="the address to listen at (default: 127.0.0.1, this machine only)")
    where.add_argument(
        "--lan", action="store_true",
        help="listen at this machine's address on the local network, and show the link as a QR code",
    )
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"the port (default: {DEFAULT_PORT}; 0 picks a free one)")
    serve.add_argument(
        "--public-url", metavar="URL",
        help="the address people use when a proxy (e.g. Caddy, for HTTPS) stands in front, e.g. https://panel.example.org",
    )


def serve(args: argparse.Namespace, sessions_dir: Path, say: Callable[..., None]) -> int:
    try:
        plan = _plan(args, sessions_dir)
    except ValueError as error:
        say(str(error), error=True)
        return EXIT_USAGE
    except PanelError as error:
        from ..services import explain_problem

        say(explain_problem(error, args.session) if args.session else str(error), error=True)
        return EXIT_PROBLEM
    except OSError as error:
        say(str(error), error=True)
        return EXIT_PROBLEM
    try:
        if sys.stdout.isatty() and sys.stdin.isatty():
            from .hub import run_screen

            return run_screen(plan, show_qr=args.lan)
        from .hub import run_plain

        return run_plain(plan, say, show_qr=args.lan)
    except OSError as error:
        say(str(error), error=True)
        return EXIT_PROBLEM


def _plan(args: argparse.Namespace, sessions_dir: Path) -> HubPlan:
    from .hub import HubPlan, lan_address

    if not 0 <= args.port <= 65535:
        raise ValueError("The port is a number from 1 to 65535 (or 0 to pick a free one).")
    public = args.public_url
    if public is not None and not public.startswith(("http://", "https://")):
        raise ValueError("The public address starts with https:// (or http://), e.g. https://panel.example.org")
    host = lan_address() if args.lan else (args.host or "127.0.0.1")
    session = args.session
    if session is None:
        return HubPlan(sessions_dir.resolve(), None, f"Sessions in {sessions_dir}", host, args.port, public)
    from ..services import OpenedSession, problem_report

    if not session.is_file():
        raise ValueError(f"There is no session file at {session}.")
    problem = problem_report(session)
    if problem:
        raise OSError(problem)
    listing = OpenedSession.open(session).who_are_you()
    without = tuple(p.name for p in listing.people if not p.has_pin)
    return HubPlan(sessions_dir.resolve(), session.resolve(), listing.vacancy, host, args.port, public, without_pin=without)
