"""`panel-tui packs`: write the printable packs of a session (argument parsing and dispatch only).

The rules (what each pack holds, who may print it) are in
`panel_tui.services.packs`; this module asks for the packs chosen and says
where they were written, in plain words. `panel_tui.cli` adds the command
with `add_packs_command` and runs it with `run_packs`, inside its own
handling of a session's problems (one plain sentence, exit 1).

This module imports `panel_tui.cli` only when it runs, never at import
time, so `cli` may import it at the top.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

PACK_FLAGS = (
    ("questions", "the questions in large print, for a candidate who asked for them in writing (no guidance, no scoring)"),
    ("easy_read", "the questions in Easy Read, with how the panel scores, for panel members"),
    ("score_sheets", "blank paper score sheets: one for each panel member and candidate, one to a page"),
)
"""Each pack's option (as an argparse dest) and its help, in the order the packs are written."""


def add_packs_command(commands: argparse._SubParsersAction) -> None:
    """Add `packs` to the `panel-tui` commands."""
    from .locations import EXPORTS_FOLDER

    packs = commands.add_parser(
        "packs",
        help="write printable packs: large-print questions, Easy Read questions, paper score sheets (exit 1 session problem, 2 usage)",
        description=(
            "Write pages to print from a browser on A4: the questions in large print for a candidate who "
            "asked for them in writing, the questions in Easy Read for panel members, and blank paper score "
            "sheets that match the paper-entry screen. The questions must be agreed and locked first. With "
            "no choice of pack, writes every pack. Files of the same name are replaced: a pack holds only "
            "what is in the session."
        ),
    )
    packs.add_argument("file", type=Path, help="the session file")
    for dest, text in PACK_FLAGS:
        packs.add_argument(f"--{dest.replace('_', '-')}", dest=dest, action="store_true", help=text)
    packs.add_argument("--candidate", metavar="CODE", help="score sheets for this candidate only (e.g. C01)")
    packs.add_argument("--one-per-page", action="store_true", help="one question to a page in the question packs")
    packs.add_argument(
        "--out", type=Path, metavar="FOLDER",
        help=f"the folder to write to (default: {EXPORTS_FOLDER}/<session>/ beside the session file; kept out of git)",
    )


def run_packs(args: argparse.Namespace) -> int:
    """Write the packs chosen; a session's problems (e.g. questions not locked) are raised for `cli` to explain."""
    from .cli import CLI_LOCK_TIMEOUT, EXIT_DAMAGED, EXIT_OK, EXIT_USAGE, say
    from .export import ExportUsageError
    from .services import OpenedSession
    from .services.packs import Pack, print_packs

    chosen = [Pack.QUESTIONS] * args.questions + [Pack.EASY_READ] * args.easy_read + [Pack.SCORE_SHEETS] * args.score_sheets
    if args.candidate is not None and chosen and Pack.SCORE_SHEETS not in chosen:
        say("--candidate chooses whose score sheets to print: add --score-sheets, or leave it out.", error=True)
        return EXIT_USAGE
    service = OpenedSession.open(args.file, lock_timeout=CLI_LOCK_TIMEOUT).as_tool("panel-tui packs")
    try:
        printed = print_packs(
            service, chosen or None, args.out, candidate_code=args.candidate, one_per_page=args.one_per_page
        )
    except ExportUsageError as error:
        say(str(error), error=True)
        return EXIT_USAGE
    if not printed.files:
        for notice in printed.notices:
            say(notice, error=True)
        say("Nothing was written.", error=True)
        return EXIT_DAMAGED
    say(f"Wrote {len(printed.files)} file(s) to print to {printed.folder}:")
    for path in printed.files:
        say(f"  {path.name}")
    say("Open each one in a web browser and print it on A4.")
    for notice in printed.notices:
        say(f"Note: {notice}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m panel_tui.cli_packs FILE ...`: the same command on its own, with `cli`'s handling of problems."""
    from .cli import EXIT_DAMAGED, _explained, say
    from .domain.errors import PanelError

    parser = argparse.ArgumentParser(prog="panel-tui")
    add_packs_command(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))
    args = parser.parse_args(["packs", *(sys.argv[1:] if argv is None else argv)])
    try:
        return run_packs(args)
    except PanelError as error:
        say(_explained(error, args), error=True)
        return EXIT_DAMAGED


if __name__ == "__main__":
    sys.exit(main())
