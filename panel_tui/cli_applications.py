"""`panel-tui applications`: bring written applications into a session, and list them (parsing and dispatch only).

- `panel-tui applications import SESSION FILE.csv`: one row per applicant
  (see `panel_tui.domain.applications_csv` for the columns); the whole file
  or nothing, with the row and column of the first problem.
- `panel-tui applications list SESSION`: each applicant's code and name,
  how many names, emails or phone numbers were found in their answers, and
  the panel's decision once made. For the chair or HR: it shows names.

The rules are in `panel_tui.services.applications`. `panel_tui.cli` adds
the command with `add_applications_command` and runs it with
`run_applications`, inside its own handling of a session's problems (one
plain sentence, exit 1). This module imports `panel_tui.cli` only when it
runs, never at import time.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def add_applications_command(commands: argparse._SubParsersAction) -> None:
    """Add `applications` (with `import` and `list`) to the `panel-tui` commands."""
    applications = commands.add_parser(
        "applications",
        help="import written applications from a CSV file, or list them (exit 1 problem, 2 usage)",
        description=(
            "Written applications for the sift. 'import' reads a CSV file with one row per applicant: a 'Name' "
            "column, contact columns (Email, Phone ...) and one column per question of the application form, "
            "with the question as its heading. Names and contact details are kept apart and never shown while "
            "sifting; each applicant gets a code (A01, A02 ...). 'list' shows the applications."
        ),
    )
    actions = applications.add_subparsers(dest="action", metavar="ACTION", required=True)
    imported = actions.add_parser(
        "import",
        help="import a CSV file of applications into a session",
        description=(
            "Import every row of the CSV file as an applicant, or none: a problem (a row with no name, two columns "
            "with the same heading, a cell too long ...) is named by its row and column and nothing is imported. "
            "Each answer column becomes a sift question for the panel to agree, unless the session has one with "
            "the same words."
        ),
    )
    imported.add_argument("file", type=Path, help="the session file")
    imported.add_argument("csv", type=Path, metavar="FILE.csv", help="the CSV file of applications")
    listed = actions.add_parser(
        "list",
        help="list the applications in a session (with names: for the chair or HR)",
        description="List each applicant's code and name, details found in their answers, and the panel's decision.",
    )
    listed.add_argument("file", type=Path, help="the session file")


def run_applications(args: argparse.Namespace) -> int:
    """Import or list; a session's problems (and a CSV refused) are raised for `cli` to explain."""
    from .cli import CLI_LOCK_TIMEOUT, EXIT_OK, say
    from .services import OpenedSession

    service = OpenedSession.open(args.file, lock_timeout=CLI_LOCK_TIMEOUT).as_tool("panel-tui applications")
    if args.action == "import":
        imported = service.import_applications(args.csv)
        say(imported.sentence())
        found = service.applications_view().found
        if found:
            say(
                f"{found} possible name{'s' if found != 1 else ''}, email addresses or phone numbers were found in the "
                "answers. The chair redacts them in the app before opening the sift."
            )
        return EXIT_OK
    view = service.applications_view()
    if not view.rows:
        say("No applications yet. Import them with: panel-tui applications import SESSION FILE.csv")
        return EXIT_OK
    shortlist = {r.applicant_id: r for r in service.shortlist_view().rows} if view.sift_open else {}
    for row in view.rows:
        parts = [row.code, row.name]
        if row.found:
            parts.append(f"{row.found} detail{'s' if row.found != 1 else ''} to redact")
        elif row.redacted:
            parts.append("redacted")
        decided = shortlist.get(row.applicant_id)
        if decided is not None and decided.decision is not None:
            parts.append("shortlisted" if decided.decision.shortlisted else "not shortlisted")
        if row.candidate_id:
            parts.append("interview candidate")
        say("  ".join(parts))
    state = "The sift is open." if view.sift_open else "The sift has not been opened yet."
    say(f"{len(view.rows)} application{'s' if len(view.rows) != 1 else ''}. {state}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m panel_tui.cli_applications import SESSION FILE.csv`: the command on its own, with `cli`'s handling."""
    from .cli import EXIT_DAMAGED, _explained, say
    from .domain.errors import PanelError

    parser = argparse.ArgumentParser(prog="panel-tui")
    add_applications_command(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))
    args = parser.parse_args(["applications", *(sys.argv[1:] if argv is None else argv)])
    try:
        return run_applications(args)
    except PanelError as error:
        say(_explained(error, args), error=True)
        return EXIT_DAMAGED


if __name__ == "__main__":
    sys.exit(main())
