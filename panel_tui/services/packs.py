"""Read models for the printable packs, and who may print what (issue 13, point 4).

The packs are printed from the agreed set once the chair has locked it, so
what is on paper is exactly what the panel will ask and score.

- `candidate_pack`: for a candidate who asked for the questions in writing.
  A candidate sees the questions as the panel will ask them, numbered, in
  interview order: the words as written, or the plain words when the
  candidate asked for plain words (a question with no plain-words version
  keeps its words). Nothing that would coach: no guidance ("what a good
  answer shows"), no criterion, no scale or scale descriptions, no
  follow-up questions, and no one's name. Printed by the chair or HR.
- `easy_read_pack`: for panel members. Each question's Easy Read version
  (else its plain words, else its words, saying which), what a good answer
  shows, and the scale with each point's label. Anyone on the panel may
  print it: it holds nothing a panel member cannot read on screen.
- `score_sheets`: blank paper sheets, one per panel member who scores and
  candidate, built from `sheet_for_scoring`, the read model the paper-entry
  screen uses, so a sheet has what that screen asks for, field for field and
  in the same order (`paper_fields`): a score, then a note, for each agreed
  question. The candidate is shown as the screen shows them: by code where
  scoring is anonymised, else code and name. The question is in plain words
  for a member who prefers them, as on their screen. Only the chair and HR
  print them (they type them in). No sheet is made where the member declared
  a hard conflict, where the sheet is already submitted, or where paper
  entry would be refused (the member started their own sheet on screen);
  those are listed, with the reason, in `left_out`.

`print_packs` renders the chosen packs (`panel_tui.export.packs`) and
writes them, readable by their owner only, into the session's exports
folder unless another folder is given, replacing the last copies: a pack
holds nothing that is not in the session, so printing again is always safe.
It reads one snapshot and takes no lock.

Easy Read versions: `Question.easy_read` comes with issue 13's point 2, made
alongside; it is read with `getattr` (none when missing), so this module works
whichever change lands first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ..domain.errors import NotAllowed
from ..domain.models import PanelMember, Question, Scale
from ..export.errors import NoSuchCode, OutputNotWritable
from ..export.files import Output, make_exports_folder, safe_stem, write_outputs
from ..export.packs import (
    CANDIDATE_FILE,
    CANDIDATE_PLAIN_FILE,
    EASY_READ_FILE,
    SCORE_SHEETS_FILE,
    CandidatePack,
    EasyReadPack,
    EasyReadQuestion,
    PackTitle,
    PaperField,
    PaperQuestion,
    PaperSheet,
    ScalePoint,
    ScoreSheetsPack,
    Version,
    render_candidate_pack,
    render_easy_read_pack,
    render_score_sheets,
)
from ..locations import default_export_folder, exports_dir
from .panel import PanelService
from .rights import Right
from .views import SessionView, SheetForScoring, sheet_for_scoring

NOT_LOCKED = (
    "The questions are not locked yet, so there is nothing to print. "
    "The chair agrees and locks the questions first, so the packs match what the panel will ask."
)
NO_QUESTIONS = "There are no agreed questions to print."
CHAIR_OR_HR = "Only the chair or HR can print the questions for a candidate or the paper score sheets."


class Pack(StrEnum):
    """The packs there are, in the order they are printed."""

    QUESTIONS = "questions"
    """Large print, for a candidate (`candidate_pack`)."""
    EASY_READ = "easy-read"
    """Easy Read, for panel members (`easy_read_pack`)."""
    SCORE_SHEETS = "score-sheets"
    """Blank paper score sheets (`score_sheets`)."""


def packs_for(view: SessionView) -> tuple[Pack, ...]:
    """The packs this person may print: everything for the chair and HR, the Easy Read pack for anyone."""
    if view.may(Right.EXPORT) and view.may(Right.ENTER_PAPER):
        return tuple(Pack)
    return (Pack.EASY_READ,)


def _agreed(view: SessionView) -> list[Question]:
    session = view.state.session
    if not session.questions_locked:
        raise NotAllowed(NOT_LOCKED)
    questions = view.state.agreed_questions
    if not questions:
        raise NotAllowed(NO_QUESTIONS)
    return questions


def _title(view: SessionView) -> PackTitle:
    session = view.state.session
    return PackTitle(session.vacancy, session.organisation)


def easy_read_of(question: Question) -> str:
    """A question's Easy Read version, or "" when it has none (the field is new: older models lack it)."""
    return str(getattr(question, "easy_read", "") or "").strip()


def _scale(scale: Scale, question: Question | None = None) -> tuple[ScalePoint, ...]:
    anchors = question.anchors if question is not None else {}
    return tuple(ScalePoint(p, scale.label(p), anchors.get(p, "")) for p in scale.points)


def candidate_pack(view: SessionView, *, plain_words: bool = False) -> CandidatePack:
    """The questions as the panel will ask them, for a candidate: words only, nothing that would coach."""
    if not view.may(Right.EXPORT):
        raise NotAllowed(CHAIR_OR_HR)
    questions = _agreed(view)
    words = tuple((q.plain_text or q.text) if plain_words else q.text for q in questions)
    return CandidatePack(_title(view), words, plain_words)


def easy_read_pack(view: SessionView) -> EasyReadPack:
    """The agreed questions in Easy Read for the panel, with the scale's labels and what a good answer shows."""
    questions = _agreed(view)
    scale = view.state.session.scale
    shown: list[EasyReadQuestion] = []
    for number, q in enumerate(questions, start=1):
        easy = easy_read_of(q)
        version: Version = "easy read" if easy else ("plain words" if q.plain_text else "as written")
        shown.append(EasyReadQuestion(number, easy or q.plain_text or q.text, version, tuple(q.guidance)))
    return EasyReadPack(_title(view), _scale(scale), tuple(shown))


def paper_fields(sheet: SheetForScoring) -> tuple[PaperField, ...]:
    """What the paper-entry screen asks for, in its order: for each agreed question, a score, then a note."""
    return tuple(
        PaperField(q.id, number, kind)
        for number, q in enumerate(sheet.questions, start=1)
        for kind in ("score", "note")
    )


def question_words(member: PanelMember, question: Question) -> str:
    """The words a member's scoring screen shows first: the version their profile asks for, or the nearest one."""
    return question.words(question.shown_wording(member.profile.wording))


def paper_sheet(view: SessionView, member_id: str, candidate_id: str) -> PaperSheet:
    """One blank paper sheet, from the same read model as the paper-entry screen (it refuses as that does)."""
    sheet = sheet_for_scoring(view, member_id, candidate_id)
    member = sheet.member
    questions = tuple(
        PaperQuestion(q.id, number, question_words(member, q), _scale(sheet.scale, q), tuple(q.guidance))
        for number, q in enumerate(sheet.questions, start=1)
    )
    return PaperSheet(
        member_id=member.id,
        member_name=member.name,
        group_label=view.state.group_label(member.group),
        candidate_id=sheet.candidate.id,
        candidate_label=sheet.candidate_label,
        questions=questions,
        fields=paper_fields(sheet),
    )


@dataclass(frozen=True)
class ScoreSheets:
    pack: ScoreSheetsPack
    left_out: tuple[str, ...] = ()
    """Why a member and candidate have no sheet, one plain sentence each."""
    only: str | None = None
    """The code of the one candidate chosen, as the session spells it, or None for every candidate."""


def score_sheets(view: SessionView, candidate_code: str | None = None) -> ScoreSheets:
    """Blank sheets for every panel member who scores and every candidate (or one candidate, by code).

    In interview order, then by member name. Left out, with the reason: a
    member who declared a hard conflict with the candidate, a sheet already
    submitted, and any sheet paper entry would refuse (the member has
    started their own on screen).
    """
    if not view.may(Right.ENTER_PAPER):
        raise NotAllowed(CHAIR_OR_HR)
    _agreed(view)
    state = view.state
    candidates = state.candidates_in_order
    if candidate_code is not None:
        code = candidate_code.strip()
        candidates = [c for c in candidates if c.code.casefold() == code.casefold()]
        if not candidates:
            raise NoSuchCode(code)
    members = sorted(state.scorers, key=lambda m: (m.name.casefold(), m.id))
    sheets: list[PaperSheet] = []
    left_out: list[str] = []
    submitted: list[str] = []
    started: list[str] = []
    for candidate in candidates:
        for member in members:
            who = f"{member.name} for {candidate.code}"
            if state.has_hard_conflict(member.id, candidate.id):
                left_out.append(f"{member.name} declared a conflict with {candidate.code}, so does not score them.")
                continue
            progress = view.progress(member.id, candidate.id)
            if progress.status == "submitted":
                submitted.append(who)
                continue
            if progress.status == "draft" and not progress.paper:
                started.append(who)  # paper entry would refuse it: the member finishes it on screen
                continue
            try:
                sheets.append(paper_sheet(view, member.id, candidate.id))
            except NotAllowed as refused:
                left_out.append(f"{who}: {refused}")
    if started:
        left_out.append(f"No paper sheet where a panel member has started scoring on screen: {'; '.join(started)}.")
    if submitted:
        left_out.append(f"No paper sheet where the sheet is already submitted: {'; '.join(submitted)}.")
    scale = state.session.scale
    only = candidates[0].code if candidate_code is not None else None
    return ScoreSheets(ScoreSheetsPack(_title(view), scale.low, scale.high, tuple(sheets)), tuple(left_out), only)


# Printing --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrintedPacks:
    folder: Path
    files: list[Path] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    """Plain sentences: sheets left out and why, packs with nothing in them."""


def _how_many_lack_easy_read(missing: int, total: int) -> str:
    if total == 1:
        return "The question has no Easy Read version yet."
    if missing == total:
        return f"None of the {total} questions has an Easy Read version yet."
    return f"{missing} of the {total} questions {'has' if missing == 1 else 'have'} no Easy Read version yet."


def render_packs(
    view: SessionView,
    packs: Iterable[Pack],
    *,
    candidate_code: str | None = None,
    one_per_page: bool = False,
) -> tuple[list[Output], list[str]]:
    """The chosen packs as files in memory, and what to tell the person. Refuses a pack they may not print.

    The questions for candidates come in two files when any question has
    plain words: as the panel will ask them, and in plain words.
    """
    outputs: list[Output] = []
    notices: list[str] = []
    for pack in dict.fromkeys(packs):
        if pack is Pack.QUESTIONS:
            written = candidate_pack(view)
            outputs.append(Output(CANDIDATE_FILE, render_candidate_pack(written, one_per_page=one_per_page).encode()))
            plain = candidate_pack(view, plain_words=True)
            if plain.questions != written.questions:
                outputs.append(Output(CANDIDATE_PLAIN_FILE, render_candidate_pack(plain, one_per_page=one_per_page).encode()))
        elif pack is Pack.EASY_READ:
            easy = easy_read_pack(view)
            outputs.append(Output(EASY_READ_FILE, render_easy_read_pack(easy, one_per_page=one_per_page).encode()))
            missing = sum(1 for q in easy.questions if q.version != "easy read")
            if missing:
                notices.append(
                    f"{_how_many_lack_easy_read(missing, len(easy.questions))} "
                    "The Easy Read pack shows the plain words, or the words as written, and says so."
                )
        else:
            sheets = score_sheets(view, candidate_code)
            notices += sheets.left_out
            if not sheets.pack.sheets:
                why = "" if sheets.left_out else " Add the candidates and the panel members who score first."
                notices.append(f"There are no blank score sheets to print.{why}")
                continue
            name = SCORE_SHEETS_FILE if sheets.only is None else f"score-sheets-{safe_stem(sheets.only)}.html"
            outputs.append(Output(name, render_score_sheets(sheets.pack).encode()))
    return outputs, notices


def print_packs(
    service: PanelService,
    packs: Iterable[Pack] | None = None,
    folder: str | Path | None = None,
    *,
    candidate_code: str | None = None,
    one_per_page: bool = False,
) -> PrintedPacks:
    """Write the chosen packs (all this person may print, by default) as HTML pages to print.

    Into `folder`, else the session's export folder (`default_export_folder`,
    made with its `.gitignore` as an export makes it). Raises a plain
    `PanelError` when a pack may not be printed or the folder cannot be
    written; nothing is written then.
    """
    view = service.view()
    chosen = list(packs) if packs is not None else list(packs_for(view))
    outputs, notices = render_packs(view, chosen, candidate_code=candidate_code, one_per_page=one_per_page)
    out = Path(folder).expanduser() if folder is not None else default_export_folder(service.path)
    if not outputs:
        return PrintedPacks(out, [], notices)
    exports = exports_dir(service.path)
    try:
        if out.resolve().is_relative_to(exports.resolve()):
            make_exports_folder(exports)  # the default place, kept out of git when made: sheets name people
        written = write_outputs(out, outputs, force=True)
    except OSError as error:
        raise OutputNotWritable(out, error.strerror or "") from None
    return PrintedPacks(out, written.files, notices)
