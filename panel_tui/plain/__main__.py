"""`python -m panel_tui.plain`: plain mode on its own, as `panel-tui --plain` runs it.

    python -m panel_tui.plain [--sessions-dir FOLDER] [--served]     the list of sessions
    python -m panel_tui.plain [...] open FILE [--member NAME]          one session
    python -m panel_tui.plain [...] demo                               the demo session (made if missing)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import collection
from ..domain.text import printable
from ..locations import sessions_dir
from . import run_plain


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m panel_tui.plain", description="panel-tui in plain lines of text.")
    parser.add_argument("--sessions-dir", metavar="FOLDER", help="where session files live")
    parser.add_argument("--served", action="store_true", help="nobody signs in without their own PIN")
    commands = parser.add_subparsers(dest="command")
    open_cmd = commands.add_parser("open", help="open a session file")
    open_cmd.add_argument("file", type=Path)
    open_cmd.add_argument("--member", metavar="NAME", help="only this panel member may sign in")
    commands.add_parser("demo", help="the demo session, made if missing")
    args = parser.parse_args(argv)
    collection.settle()  # a terminal that stays open: see `collection`
    folder = sessions_dir(args.sessions_dir)
    if args.command == "demo":
        from ..services.demo import ensure_demo

        path, created = ensure_demo(folder)
        print(printable(f"{'Created' if created else 'Found'} the demo session: {path}"))
        return run_plain(folder, path, require_pins=args.served)
    if args.command == "open":
        return run_plain(folder, args.file, member=args.member, require_pins=args.served)
    return run_plain(folder, None, require_pins=args.served)


if __name__ == "__main__":
    sys.exit(main())
