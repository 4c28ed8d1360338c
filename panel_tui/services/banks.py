"""Question banks and sessions: import questions into a session, export its agreed set.

Which banks exist is decided here once (`find_banks`), for the command line
(`panel-tui questions list`, `questions import NAME`) and the app's bank
picker alike: your own banks first (`locations.questions_dir`), then the
starter banks shipped with panel-tui, which your own folder never hides.

The file format lives in `bank_file`. A bank never carries panel members'
names unless the person exporting asks for them: each question keeps its
authors' groups instead. Imported questions arrive as *proposed*, with no
authors in this session (the people who wrote them are not on this panel)
and their groups in `imported_groups`.

Audit: an import writes one event per imported question ("imported
question", the question's text as the target, the bank and id it came from as
"before", the new question as "after"), all in one transaction, so an import
lands whole or not at all. An export writes one event naming the file, how
many questions, and whether names were included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import InvalidValue, NotAllowed, UnknownMember
from ..domain.models import Group, Question, QuestionStatus, Scale
from ..domain.questions import check_anchors
from ..domain.state import SessionState
from ..locations import bank_files, questions_dir, starter_banks_dir
from ..safe_files import make_private_folder, write_atomic
from ..store.repository import peek
from .bank_file import Bank, BankError, BankExists, BankQuestion, bank_to_toml, load_bank, new_slug
from .base import ServiceBase, snapshot
from .rights import Right
from .views import EXPORTED_BANK

__all__ = [
    "Bank",
    "BankActions",
    "BankError",
    "BankExists",
    "BankQuestion",
    "FoundBank",
    "bank_folders",
    "bank_from_state",
    "bank_named",
    "bank_to_toml",
    "copy_questions",
    "export_bank",
    "find_banks",
    "import_bank",
    "load_bank",
    "scale_note",
]


def _groups_of(state: SessionState, question: Question) -> list[Group]:
    groups = set(question.imported_groups)
    for author in question.authors:
        try:
            groups.add(state.member(author).group)
        except UnknownMember:
            continue
    return [g for g in Group if g in groups]


def _names_of(state: SessionState, question: Question) -> list[str]:
    names = []
    for author in question.authors:
        try:
            names.append(state.member(author).name)
        except UnknownMember:
            continue
    return names


def bank_from_state(
    state: SessionState, *, include_names: bool = False, title: str | None = None, description: str | None = None
) -> Bank:
    """The session's agreed set, in interview order, as a bank."""
    agreed = state.agreed_questions
    vacancy = state.session.vacancy
    if not agreed:
        raise BankError(f"'{vacancy}' has no agreed questions yet, so there is nothing to copy or export.")
    taken: set[str] = set()
    questions = [
        BankQuestion(
            id=new_slug(q.criterion or q.text, taken),
            text=q.text,
            plain_text=q.plain_text,
            easy_read=q.easy_read,
            guidance=q.guidance,
            criterion=q.criterion,
            follow_ups=q.follow_ups,
            anchors=q.anchors,
            author_groups=_groups_of(state, q),
            authors=_names_of(state, q) if include_names else [],
        )
        for q in agreed
    ]
    organisation = f" at {state.session.organisation}" if state.session.organisation else ""
    bank = Bank(
        title=title or f"{vacancy}{organisation}",
        description=description if description is not None else f"The agreed questions of the panel for '{vacancy}'.",
        scale=state.session.scale,
        questions=questions,
    )
    return bank.from_source(f"the session '{vacancy}'")


def export_bank(state: SessionState, path: str | Path, *, include_names: bool = False, force: bool = False) -> Bank:
    """Write the agreed set as a bank, atomically; an existing file is replaced only with force."""
    path = Path(path)
    bank = bank_from_state(state, include_names=include_names)
    if path.is_dir():
        raise BankError(f"{path} is a folder. Give a file name for the bank, ending in .toml.")
    if path.exists() and not force:
        raise BankExists(f"There is already a file at {path}. It has not been changed.")
    try:
        make_private_folder(path.parent)
        write_atomic(path, bank_to_toml(bank).encode("utf-8"))
    except OSError as error:
        raise BankError(f"Cannot write {path} ({error.strerror}). Choose another place.") from None
    return bank


def scale_note(bank: Bank, scale: Scale) -> str:
    """A warning when a bank's anchors were written for another scale; empty when they fit."""
    if bank.scale is None or (bank.scale.low, bank.scale.high) == (scale.low, scale.high):
        return ""
    return (
        f"This bank was written for a scale from {bank.scale.low} to {bank.scale.high}; this session scores "
        f"from {scale.low} to {scale.high}. Check that each anchor still describes the right point."
    )


def _same_words(text: str) -> str:
    return " ".join(text.split()).casefold()


# Which banks there are ----------------------------------------------------------


@dataclass(frozen=True)
class FoundBank:
    """A bank file found where panel-tui looks, read, or the reason it cannot be used."""

    path: Path
    folder: Path
    starter: bool
    """One of the starter banks installed with panel-tui (not the person's own)."""
    bank: Bank | None
    problem: str = ""
    """Why the file cannot be used as a bank (then `bank` is None)."""

    @property
    def name(self) -> str:
        """What a person types to choose it: the file's name without `.toml`."""
        return self.path.stem


def _same_folder(a: Path, b: Path) -> bool:
    return a.expanduser().resolve() == b.expanduser().resolve()


def bank_folders(own: Path | None = None) -> list[Path]:
    """Where banks are looked for, in order: your own folder (default `questions_dir()`), then the starter banks.

    Your own `questions/` (or `PANEL_TUI_QUESTIONS_DIR`) comes first, so
    your banks are listed first and win a name they share; the starter banks
    always follow, so saving a bank of your own never makes them disappear.
    The last folder is always the starter banks' own.
    """
    first = Path(own) if own is not None else questions_dir()
    starter = starter_banks_dir()
    return [first] if _same_folder(first, starter) else [first, starter]


def find_banks(own: Path | None = None) -> list[FoundBank]:
    """Every bank file in `bank_folders(own)`, your own first, each read and checked; one that cannot be read says why."""
    starter = starter_banks_dir()
    found = []
    for folder in bank_folders(own):
        is_starter = _same_folder(folder, starter)
        for path in bank_files(folder):
            try:
                found.append(FoundBank(path, folder, is_starter, load_bank(path)))
            except BankError as error:
                found.append(FoundBank(path, folder, is_starter, None, str(error)))
    return found


def bank_named(name_or_path: str | Path, own: Path | None = None) -> Path:
    """The bank file a person means: a path to a file, or a bank's name as `find_banks` lists it.

    A file that is there is taken as it is. A bare name (no folder), with or
    without `.toml`, is looked up in `bank_folders(own)`, your own first.
    Anything else is returned as given, for `load_bank` to say what is wrong.
    """
    path = Path(name_or_path)
    if path.exists() or path.parent != Path("."):
        return path
    name = path.stem if path.suffix == ".toml" else path.name
    paths = [p for folder in bank_folders(own) for p in bank_files(folder)]
    for found in paths:
        if found.stem == name:
            return found
    names = ", ".join(dict.fromkeys(p.stem for p in paths)) or "none"
    raise BankError(
        f"There is no question bank called '{name}'. The banks are: {names}. "
        "Give one of these names, or the path to a bank file."
    )


# Acting on a session ---------------------------------------------------------


class BankActions(ServiceBase):
    def import_bank(self, bank: Bank, ids: Sequence[str] | None = None) -> list[Question]:
        """Add all of a bank's questions, or the chosen ids, as proposed questions, in one step.

        A question already in the session with the same words (proposed or
        agreed) is not added twice; the others are, whole or not at all.
        """
        return self._import(bank, bank.choose(ids), "imported question", "bank")

    def copy_questions_from(self, other: SessionState) -> list[Question]:
        """Copy an earlier session's agreed set here, as proposed questions for this panel to agree."""
        return self._import(bank_from_state(other), None, "copied question from an earlier session", "session")

    def copy_questions_from_file(self, path: str | Path) -> list[Question]:
        """Copy the agreed set of another session file (read without locking it) as proposed questions."""
        return self.copy_questions_from(peek(Path(path)))

    def _import(self, bank: Bank, chosen: list[BankQuestion] | None, action: str, kind: str) -> list[Question]:
        self._require(Right.DECIDE_QUESTIONS)
        chosen = list(bank.questions) if chosen is None else chosen
        imported: list[Question] = []
        with self._change() as tx:
            state = tx.state
            if state.session.questions_locked:
                raise NotAllowed(
                    "The question set is locked for the interviews, so no questions can be added. "
                    "The chair can unlock it, with a reason, before any scores are given."
                )
            present = {_same_words(q.text) for q in state.questions if q.status is not QuestionStatus.WITHDRAWN}
            position = max((q.position for q in state.questions), default=0)
            for item in chosen:
                try:
                    check_anchors(state.session.scale, item.anchors)
                except InvalidValue as error:
                    raise BankError(
                        f"{bank.where(item.id)}: question '{item.id}': in 'anchors', {error} Nothing was imported."
                    ) from None
                if _same_words(item.text) in present:
                    continue
                present.add(_same_words(item.text))
                position += 1
                question = Question(
                    text=item.text,
                    plain_text=item.plain_text,
                    easy_read=item.easy_read,
                    guidance=item.guidance,
                    criterion=item.criterion,
                    follow_ups=item.follow_ups,
                    anchors=item.anchors,
                    imported_groups=list(dict.fromkeys(item.author_groups)),
                    authors=[],
                    position=position,
                )
                tx.put(question)
                self._audit(tx, action, question.text, {kind: bank.title, "id": item.id}, snapshot(question), about=question)
                imported.append(question)
        return imported

    def export_questions(self, path: str | Path, *, include_names: bool = False, force: bool = False) -> Bank:
        """Write the agreed set as a bank and record who exported it; names need the chair or HR."""
        if include_names:
            self._require(Right.EXPORT_BANK_NAMES)
        bank = export_bank(self.state, path, include_names=include_names, force=force)  # written with no lock held
        with self._change() as tx:
            self._audit(
                tx,
                EXPORTED_BANK,
                str(path),
                None,
                {"file": str(path), "questions": len(bank.questions), "names": include_names},
            )
        return bank


# The same actions as functions, for scripts ----------------------------------


def import_bank(service: BankActions, bank: Bank, ids: Sequence[str] | None = None) -> list[Question]:
    """`service.import_bank(bank, ids)`: all or the chosen questions, as proposed, in one transaction."""
    return service.import_bank(bank, ids)


def copy_questions(service: BankActions, from_state: SessionState) -> list[Question]:
    """`service.copy_questions_from(from_state)`: an earlier session's agreed set, as proposed questions."""
    return service.copy_questions_from(from_state)
