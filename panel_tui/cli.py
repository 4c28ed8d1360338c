"""The `panel-tui` command: argument parsing and dispatch only.

Every failure a user can cause prints one plain sentence to stderr and exits
non-zero; no traceback is ever shown for those.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__, collection
from .domain.errors import PanelError
from .domain.models import Group
from .domain.text import one_line, printable
from .locations import QUESTIONS_ENV, SESSIONS_ENV, default_export_folder, sessions_dir

EXIT_OK = 0
EXIT_DAMAGED = 1
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 141
"""The reader of the output went away (`| head`): as a command stopped by SIGPIPE, 128 + 13."""
CLI_LOCK_TIMEOUT = 30.0
"""A command waits longer than a screen for another terminal's change: nobody is typing meanwhile."""


def say(text: str, *, error: bool = False) -> None:
    """Print a line that may hold a person's text: control characters shown as `\\x1b`, never sent raw."""
    print(printable(text), file=sys.stderr if error else sys.stdout)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="panel-tui",
        description=(
            "Interview panels of volunteers, members and staff: write the questions together, "
            "score each candidate independently, agree the scores fairly. "
            "With no command, opens the list of sessions."
        ),
    )
    parser.add_argument("--version", action="version", version=f"panel-tui {__version__}")
    parser.add_argument(
        "--sessions-dir",
        metavar="FOLDER",
        help=f"where session files live (default: ${SESSIONS_ENV}, else ./sessions)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    parser.add_argument("--served", action="store_true", help=argparse.SUPPRESS)  # a hub's browser tab: PINs for all
    parser.add_argument(
        "--require-pins", action="store_true",
        help="nobody signs in without their own PIN (for a login that several people share, e.g. over SSH)",
    )
    parser.add_argument(
        "--plain", action="store_true",
        help="plain lines of text instead of the full screen (for screen readers): no boxes, no colour",
    )
    open_cmd = commands.add_parser("open", help="open a session file in the terminal app")
    open_cmd.add_argument("file", type=Path, help="the session file")
    open_cmd.add_argument(
        "--member", metavar="NAME",
        help="only this panel member may sign in here (for a login that runs panel-tui, e.g. over SSH)",
    )

    demo = commands.add_parser("demo", help="create the demo session if missing, and open it")
    demo.add_argument("--create-only", action="store_true", help="create the demo session but do not open the app")
    demo.add_argument(
        "--finished", action="store_true",
        help="the demo round carried on to final outcomes (its own file), to try thanks, letters and 'you said, we did'",
    )

    new = commands.add_parser("new", help="create a session (asks for anything not given)")
    new.add_argument("--vacancy", help="the job being filled, e.g. 'Peer mentor'")
    new.add_argument("--organisation", default=None, help="your organisation's name")
    new.add_argument("--chair", default=None, help="the chair's name (joins the panel as chair)")
    new.add_argument(
        "--chair-group",
        choices=[g.value for g in Group],
        default=None,
        help="the chair's group (default: staff)",
    )
    new.add_argument("--file", type=Path, default=None, help="file to create (default: named after the vacancy)")

    check = commands.add_parser("check", help="check that a session file is sound (exit 0 sound, 1 damaged)")
    check.add_argument("file", type=Path, help="the session file")

    export = commands.add_parser(
        "export",
        help="write the results for HR: CSV, Excel, JSON and a printable report (exit 1 session problem, 2 usage)",
        description=(
            "Write what HR keeps after the round. Only submitted score sheets are exported, and a "
            "candidate's independent scores only once the chair has opened agreement for them. "
            "Exporting a session that has not changed again, to the same folder, finds the files already "
            "up to date and leaves them as they are."
        ),
    )
    export.add_argument("file", type=Path, help="the session file")
    export.add_argument(
        "--out", type=Path, metavar="FOLDER",
        help="the folder to write to (default: exports/<session>/ beside the session file, in the sessions folder; kept out of git)",
    )
    export.add_argument(
        "--format", action="append", choices=["csv", "xlsx", "json", "html", "all"], metavar="FORMAT",
        help="csv, xlsx, json, html or all (default: all); repeat for several",
    )
    export.add_argument("--pseudonymise", action="store_true", help="panel members as 'Panel member A (Member)', never by name")
    export.add_argument("--codes-only", action="store_true", help="candidates by code only: no names, no adjustments")
    export.add_argument("--no-notes", action="store_true", help="leave out panel members' notes")
    export.add_argument("--candidate", metavar="CODE", help="only what is held about one candidate (a subject access request)")
    export.add_argument("--force", action="store_true", help="replace files of the same name that are different")

    import_cmd = commands.add_parser("import", help="restore a session.json export as a new session file")
    import_cmd.add_argument("export", type=Path, help="the session.json to restore")
    import_cmd.add_argument("--into", type=Path, metavar="FOLDER", help="the folder for the new session (default: the sessions folder)")
    import_cmd.add_argument("--file", type=Path, default=None, help="the new session file (default: named after the vacancy); never overwritten")

    purge = commands.add_parser(
        "purge",
        help="after the retention date, remove candidates' and applicants' personal details, keeping scores under codes",
        description=(
            "After the session's retention date, remove candidates' and applicants' personal details for good: "
            "names become codes; adjustments, applicants' contact details and answers as sent, and "
            "the free text of panel members' expenses and payments are emptied. "
            "Scores, agreed scores, outcomes and payments are kept. "
            "The retention date is a date set by hand in the session details, or else some months "
            "(6 unless the chair chose 3 to 12) after the round's last final outcome. "
            "Nothing is purged while the session is on legal hold. "
            "--dry-run lists what would be removed and changes nothing. "
            "At a terminal it asks you to type 'purge' first. Without a terminal (in a script) it does "
            "nothing unless you add --yes. While any candidate's outcome is not final, the round may "
            "not be over, so it also needs --reason. See docs/retention.md."
        ),
    )
    purge.add_argument("file", type=Path, help="the session file")
    purge.add_argument("--yes", action="store_true", help="do not ask before purging (needed without a terminal)")
    purge.add_argument(
        "--dry-run", action="store_true",
        help="list exactly what a purge now would remove, and change nothing (exit 1 if a purge would be refused)",
    )
    purge.add_argument(
        "--reason", metavar="TEXT", default="",
        help="why you are purging before every outcome is final (needed then; kept in the audit trail)",
    )

    restore = commands.add_parser(
        "restore",
        help="put a backup back in place of a damaged session file (exit 1 session problem, 2 usage)",
        description=(
            "Put a backup back in place of a damaged session file. panel-tui keeps the last 3 versions "
            "of each session beside it: FILE.1.bak is the newest. restore checks the backup as opening a "
            "session does, keeps the damaged file beside it under a new name (FILE.damaged-DATE-TIME; "
            "nothing is deleted), puts the backup in place, and records the restore in the session's "
            "audit trail. Anything saved after the backup was taken is not in it. A file that is not "
            "damaged is left alone, because putting a backup back would lose what was saved since; "
            "add --force if you are sure (the current file is still kept aside first)."
        ),
    )
    restore.add_argument("file", type=Path, help="the session file")
    restore.add_argument(
        "--from", dest="number", type=int, metavar="N",
        help="which backup: 1 is the newest (default: the newest one that passes the checks)",
    )
    restore.add_argument(
        "--force", action="store_true",
        help="put the backup back even though the file is not damaged (the current file is kept aside)",
    )
    _add_questions_commands(commands)
    _add_serve_command(commands)
    from .cli_packs import add_packs_command

    add_packs_command(commands)

    from .cli_applications import add_applications_command

    add_applications_command(commands)
    return parser


def _add_serve_command(commands: argparse._SubParsersAction) -> None:
    from .serve.command import add_arguments

    serve = commands.add_parser(
        "serve",
        help="serve a session (or the list of sessions) to browsers: panel members join on their own devices",
        description=(
            "Serve the app to browsers, so each panel member can score on their own laptop, tablet or phone. "
            "People join with a link holding a round password, then choose their name and type their PIN. "
            "Everyone needs a PIN. By default only this machine can join (127.0.0.1); --lan lets devices "
            "on the same Wi-Fi join, and prints the link as a QR code. See docs/hub.md."
        ),
    )
    add_arguments(serve)


def _add_questions_commands(commands: argparse._SubParsersAction) -> None:
    questions = commands.add_parser(
        "questions",
        help="question banks (TOML files): list them, import questions into a session, export its agreed set",
        description=(
            "Question banks are TOML files of interview questions. panel-tui finds your own banks "
            f"(in ${QUESTIONS_ENV}, else a folder called questions where you run it) and the starter banks "
            "installed with it. 'panel-tui questions list' shows them all, with their folders; the "
            "format is described in README.md beside the starter banks."
        ),
    )
    actions = questions.add_subparsers(dest="questions_command", metavar="ACTION", required=True)
    actions.add_parser(
        "list",
        help="list the question banks: your own first, then the starter banks",
        description="List the question banks: name, title and number of questions, under the folder they are in.",
    )
    bring = actions.add_parser("import", help="add a bank's questions to a session as proposed questions")
    bring.add_argument(
        "bank",
        help="the bank's name, as 'panel-tui questions list' shows it (e.g. peer-mentor-recovery), or the path to a bank file",
    )
    bring.add_argument("--into", type=Path, required=True, metavar="SESSION", help="the session file")
    bring.add_argument("--id", action="append", dest="ids", metavar="ID", help="only this question (repeat for several)")
    write = actions.add_parser("export", help="write a session's agreed questions as a bank")
    write.add_argument("session", type=Path, help="the session file")
    write.add_argument("--out", type=Path, required=True, metavar="BANK", help="the bank file to write, ending in .toml")
    write.add_argument("--with-names", action="store_true", help="include the authors' names (default: their groups only)")
    write.add_argument("--force", action="store_true", help="replace the bank file if it exists")


def _list_banks() -> int:
    from .services.banks import bank_folders, find_banks

    found = find_banks()
    folders = bank_folders()
    for folder in folders:
        here = [b for b in found if b.folder == folder]
        whose = "Starter banks, installed with panel-tui" if folder == folders[-1] else "Your question banks"
        say(f"{whose}, in {folder}:")
        if not here:
            say("  none yet" if folder.is_dir() else "  none: the folder is not there")
        for item in here:
            if item.bank is None:
                say(f"  {item.name}: cannot be used. {one_line(item.problem)}")
            else:
                count = len(item.bank.questions)
                say(f"  {item.name}: {one_line(item.bank.title)} ({count} question{'' if count == 1 else 's'})")
    if any(b.bank is not None for b in found):
        say("Bring one into a session with: panel-tui questions import NAME --into SESSION")
    return EXIT_OK


def _questions(args: argparse.Namespace) -> int:
    from .services import BankExists, OpenedSession, load_bank
    from .services.banks import bank_named, scale_note

    if args.questions_command == "list":
        return _list_banks()
    if args.questions_command == "import":
        bank = load_bank(bank_named(args.bank))
        service = OpenedSession.open(args.into).as_tool("panel-tui questions")
        added = service.import_bank(bank, args.ids)
        vacancy = service.state.session.vacancy
        chosen = bank.choose(args.ids)
        count = f"{len(added)} of {len(chosen)}" if len(added) < len(chosen) else str(len(added))
        say(f"Imported {count} question(s) from '{one_line(bank.title)}' into '{one_line(vacancy)}', as proposed questions:")
        new_words = {q.text for q in added}
        for item in chosen:
            say(f"  {item.id}: {one_line(item.text)}" if item.text in new_words else f"  {item.id}: already in the session, not added again")
        note = scale_note(bank, service.state.session.scale)
        if note:
            say(f"Note: {note}")
        return EXIT_OK
    service = OpenedSession.open(args.session).as_tool("panel-tui questions")
    try:
        bank = service.export_questions(args.out, include_names=args.with_names, force=args.force)
    except BankExists as error:
        say(f"{error} Use --force to replace it, or choose another name with --out.", error=True)
        return EXIT_DAMAGED
    names = "with the authors' names" if args.with_names else "with the authors' groups, no names"
    say(f"Wrote {len(bank.questions)} agreed question(s) to {args.out}, {names}.")
    return EXIT_OK


def _ask(label: str, default: str = "") -> str:
    suffix = f" [{default}]" if default else ""
    try:
        answer = input(f"{label}{suffix}: ").strip()
    except EOFError:
        answer = ""
    return answer or default


def _new(args: argparse.Namespace, folder: Path) -> int:
    from .services import new_session

    interactive = sys.stdin.isatty()
    vacancy = args.vacancy or (_ask("Vacancy (the job being filled)") if interactive else "")
    if not vacancy:
        say("Please give the vacancy, for example: panel-tui new --vacancy 'Peer mentor'", error=True)
        return EXIT_USAGE
    organisation = args.organisation if args.organisation is not None else (_ask("Organisation", "") if interactive else "")
    chair = args.chair if args.chair is not None else (_ask("Chair's name (you, if you chair)", "") if interactive else "")
    group = args.chair_group or (_ask("Chair's group: volunteer, member or staff", "staff") if interactive and chair else "staff")
    if group not in {g.value for g in Group}:
        say("The group must be volunteer, member or staff.", error=True)
        return EXIT_USAGE
    opened, _ = new_session(
        folder, vacancy, organisation=organisation, chair_name=chair, chair_group=group, path=args.file, by="panel-tui new"
    )
    say(f"Created {opened.path}")
    say(f"Open it with: panel-tui open {opened.path}")
    return EXIT_OK


def _check(path: Path) -> int:
    from .services import check_session

    say(check_session(path))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from .export import ExportOptions, ExportUsageError, WouldOverwrite
    from .services import OpenedSession

    out = args.out or default_export_folder(args.file)
    chosen = args.format or ["all"]
    formats = ["csv", "xlsx", "json", "html"] if "all" in chosen else list(dict.fromkeys(chosen))
    options = ExportOptions(
        pseudonymise=args.pseudonymise, codes_only=args.codes_only, notes=not args.no_notes, candidate=args.candidate
    )
    service = OpenedSession.open(args.file, lock_timeout=CLI_LOCK_TIMEOUT).as_tool("panel-tui export")
    try:
        result = service.export(out, formats, options, force=args.force)
    except ExportUsageError as error:
        hint = " Use --force to replace, or choose another folder with --out." if isinstance(error, WouldOverwrite) else ""
        say(f"{error}{hint}", error=True)
        return EXIT_USAGE
    if result.up_to_date:
        say(f"Already up to date: {out} (the session has not changed since these files were written).")
    else:
        say(f"Wrote {len(result.files)} file(s) to {out}:")
        for path in result.files:
            say(f"  {path.name}")
    for notice in result.notices:
        say(f"Note: {notice}")
    return EXIT_OK


def _import(args: argparse.Namespace, folder: Path) -> int:
    from .services import restore_session

    opened = restore_session(args.export, args.into or folder, path=args.file, by="panel-tui import")
    vacancy = opened.who_are_you().vacancy
    say(f"Restored '{one_line(vacancy)}' as a new session: {opened.path}")
    say(f"Open it with: panel-tui open {opened.path}")
    return EXIT_OK


def _purge(args: argparse.Namespace) -> int:
    from .services import OpenedSession, OutcomesNotFinal

    service = OpenedSession.open(args.file, lock_timeout=CLI_LOCK_TIMEOUT).as_tool("panel-tui purge")
    try:
        plan = service.check_purge_allowed(reason=args.reason)
    except OutcomesNotFinal as error:
        dry = " --dry-run" if args.dry_run else ""
        say(f"{error} For example:\n  panel-tui purge {_quoted(args.file)}{dry} --reason 'The vacancy was withdrawn'", error=True)
        return EXIT_DAMAGED
    if args.dry_run:  # the plan is the whole answer: nothing is written, not even to the audit trail
        for line in plan.lines():
            say(line)
        return EXIT_OK
    if not args.yes:
        if not sys.stdin.isatty():
            say(
                "Purging removes candidates' names for good, so panel-tui asks a person first, at a terminal. "
                "There is no terminal here, so nothing was purged. "
                "To purge without being asked (in a script), add --yes.",
                error=True,
            )
            return EXIT_USAGE
        if plan.not_final:
            say(f"Outcome not final yet: {', '.join(plan.not_final)}. Your reason: {one_line(plan.reason)}")
        who = f"{len(plan.candidates)} candidate(s): {', '.join(plan.candidates)}" if plan.candidates else "no candidate"
        say(f"This removes the names and adjustments of {who}, for good.")
        say(f"To see everything it removes first: panel-tui purge {_quoted(args.file)} --dry-run")
        answer = _ask("Type 'purge' to go ahead")
        if answer.strip().lower() != "purge":
            say("Nothing was purged.", error=True)
            return EXIT_DAMAGED
    report = service.purge_personal_data(reason=args.reason)
    say(report.sentence())
    if plan.reason:
        say("Your reason is kept in the audit trail.")
    return EXIT_OK


def _quoted(path: Path) -> str:
    return shlex.quote(str(path))


def _restore(args: argparse.Namespace) -> int:
    from .services import (
        BackupNotUsable,
        NothingToRestore,
        SessionNotDamaged,
        check_session,
        restore_from_backup,
    )
    from .services.sessions import moment_in_words

    try:
        done = restore_from_backup(args.file, args.number, force=args.force, by="panel-tui restore")
    except SessionNotDamaged as error:
        say(f"{error} If you are sure, add --force: the current file is kept aside first.", error=True)
        return EXIT_USAGE
    except BackupNotUsable as error:
        say(str(error), error=True)
        return EXIT_USAGE
    except NothingToRestore as error:
        say(str(error), error=True)
        return EXIT_DAMAGED
    backup = done.backup
    say(f"Put backup {backup.number} (taken on {moment_in_words(backup.taken_at)}) back in place of {args.file}.")
    if done.kept_aside is not None:
        kept = "damaged file" if done.replaced_problem else "file it replaced"
        say(f"The {kept} is kept beside it as {done.kept_aside.name}.")
    if done.trail_kept_aside is not None:
        say(f"A copy of the audit trail, which has lines that cannot be read, is kept as {done.trail_kept_aside.name}.")
    if done.later_entries:
        say(
            f"{done.later_entries} audit entries were recorded after the backup was taken. They stay in the "
            "audit trail, but the changes they describe are not in the restored file."
        )
    say("The restore is recorded in the session's audit trail.")
    say(check_session(args.file))
    return EXIT_OK


def _report_problem(path: Path) -> bool:
    """Print why a session file cannot be opened, if it cannot, with the backup to put back; never start the app on it."""
    from .services import problem_report

    problem = problem_report(path)
    if problem:
        say(problem, error=True)
    return bool(problem)


def _explained(error: PanelError, args: argparse.Namespace) -> str:
    """The error in plain words; for a damaged session file, with the backup to put back and the command."""
    from .services import explain_problem

    session = getattr(args, "file", None) or getattr(args, "into", None) or getattr(args, "session", None)
    if args.command == "import" or not isinstance(session, Path):
        return str(error)
    return explain_problem(error, session)


def _run_app(folder: Path, session_path: Path | None, args: argparse.Namespace) -> int:
    member = getattr(args, "member", None)
    require_pins = args.served or args.require_pins
    if args.plain:
        from .plain import run_plain

        collection.settle()  # a terminal that stays open: see `collection`
        return run_plain(folder, session_path, member=member, require_pins=require_pins)
    from .ui.app import make_app

    app = make_app(
        sessions_dir=folder, session_path=session_path, served=args.served, member=member, require_pins=require_pins,
    )
    collection.settle()
    app.run()
    return app.return_code or EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code = _dispatch(args)
        sys.stdout.flush()  # here, not at exit: a reader that has gone is noticed where it can be handled
    except BrokenPipeError:
        _stop_writing()
        return EXIT_BROKEN_PIPE
    return code


def _stop_writing() -> None:
    """The reader of our output has gone (`panel-tui ... | head -1`): send the rest nowhere, quietly.

    What was done is done (an import is saved); only the words after the
    reader left are lost, as with any command piped into `head`. Standard
    output then points at the null device, so the flush at exit cannot
    raise again and print a traceback.
    """
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass


def _dispatch(args: argparse.Namespace) -> int:
    folder = sessions_dir(args.sessions_dir)
    try:
        if args.command == "check":
            return _check(args.file)
        if args.command == "new":
            return _new(args, folder)
        if args.command == "export":
            return _export(args)
        if args.command == "import":
            return _import(args, folder)
        if args.command == "purge":
            return _purge(args)
        if args.command == "restore":
            return _restore(args)
        if args.command == "questions":
            return _questions(args)
        if args.command == "demo":
            from .services.demo import ensure_demo

            path, created = ensure_demo(folder, finished=args.finished)
            say(f"{'Created' if created else 'Found'} the {'finished ' if args.finished else ''}demo session: {path}")
            if not created and _report_problem(path):
                return EXIT_DAMAGED
            return EXIT_OK if args.create_only else _run_app(folder, path, args)
        if args.command == "applications":
            from .cli_applications import run_applications

            return run_applications(args)
        if args.command == "packs":
            from .cli_packs import run_packs

            return run_packs(args)
        if args.command == "serve":
            from .serve.command import serve

            return serve(args, folder, say)
        if args.command == "open":
            # A hub's tab shows the problem on its own screen, as a terminal would: its output is the browser's
            if not args.served and _report_problem(args.file):
                return EXIT_DAMAGED
            return _run_app(folder, args.file, args)
        return _run_app(folder, None, args)
    except PanelError as error:
        say(_explained(error, args), error=True)
        return EXIT_DAMAGED
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
