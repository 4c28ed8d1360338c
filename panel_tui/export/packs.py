"""Printable packs: the questions for a candidate, the Easy Read questions for the panel, paper score sheets.

Each pack is one self-contained HTML page to print from a browser on A4: no
scripts, no outside files, no fonts fetched; a `lang`, a title, one h1 and
headings in order; black on white; no meaning carried by colour. Every piece
of text a person typed is HTML-escaped, with control characters shown as
visible text (`\\x1b`), as the screens show it.

This module only renders what it is given. What goes into a pack, and who
may print it, is decided by the read models in `panel_tui.services.packs`,
which build the shapes defined here (as `pin_slips` holds `PinSlips`), so
this module needs nothing from the services.

- `render_candidate_pack`: large print (nothing under 16pt), the questions as
  the panel will ask them, optionally one question a page.
- `render_easy_read_pack`: large text, one idea (one sentence) a line, as the
  scoring screen lays Easy Read out (`domain.easy_read.easy_read_lines`),
  wide spacing; with how the panel scores and what a good answer shows.
- `render_score_sheets`: one blank paper sheet per panel member and
  candidate, each starting on a new page, with a box for each score and note
  in the order the paper-entry screen asks for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import Literal

from ..domain.easy_read import easy_read_lines
from ..domain.text import one_line, printable

CANDIDATE_FILE = "questions-large-print.html"
CANDIDATE_PLAIN_FILE = "questions-large-print-plain-words.html"
EASY_READ_FILE = "questions-easy-read.html"
SCORE_SHEETS_FILE = "score-sheets.html"

FieldKind = Literal["score", "note"]
Version = Literal["easy read", "plain words", "as written"]

# The shapes a read model fills in -----------------------------------------------------------


@dataclass(frozen=True)
class ScalePoint:
    value: int
    label: str
    anchor: str = ""
    """What an answer at this point looks like, for this question (the panel's guide; never given to a candidate)."""


@dataclass(frozen=True)
class PackTitle:
    vacancy: str
    organisation: str

    @property
    def line(self) -> str:
        return f"{self.vacancy}, {self.organisation}" if self.organisation.strip() else self.vacancy


@dataclass(frozen=True)
class CandidatePack:
    """The questions as the panel will ask them, and nothing else: no guidance, no scale, no follow-ups."""

    title: PackTitle
    questions: tuple[str, ...]
    plain_words: bool
    """The questions are in plain words (each one that has a plain-words version)."""


@dataclass(frozen=True)
class EasyReadQuestion:
    number: int
    words: str
    """The version shown: Easy Read where written, else plain words, else the question as written."""
    version: Version
    guidance: tuple[str, ...]


@dataclass(frozen=True)
class EasyReadPack:
    title: PackTitle
    scale: tuple[ScalePoint, ...]
    questions: tuple[EasyReadQuestion, ...]


@dataclass(frozen=True)
class PaperField:
    """One thing a person writes on a paper sheet, as the paper-entry screen asks for it."""

    question_id: str
    number: int
    kind: FieldKind


@dataclass(frozen=True)
class PaperQuestion:
    question_id: str
    number: int
    words: str
    scale: tuple[ScalePoint, ...]
    guidance: tuple[str, ...]


@dataclass(frozen=True)
class PaperSheet:
    member_id: str
    member_name: str
    group_label: str
    candidate_id: str
    candidate_label: str
    """The code alone where scoring is anonymised, else "C01 Jordan Ellis", as the paper-entry screen shows it."""
    questions: tuple[PaperQuestion, ...]
    fields: tuple[PaperField, ...]
    """Score, then note, for each question in the agreed order."""


@dataclass(frozen=True)
class ScoreSheetsPack:
    title: PackTitle
    low: int
    high: int
    sheets: tuple[PaperSheet, ...]


# Rendering ---------------------------------------------------------------------------------------

BASE_STYLE = """
:root { color: #000; background: #fff; }
body { font-family: "Segoe UI", Arial, "Liberation Sans", sans-serif; color: #000; background: #fff;
       margin: 0 auto; max-width: 180mm; padding: 8mm; }
h1, h2, h3 { line-height: 1.25; }
.advice { border: 2pt solid #000; padding: 3mm 4mm; margin: 0 0 6mm; }
@page { size: A4 portrait; margin: 15mm; }
@media print {
  body { max-width: none; padding: 0; }
  .advice { display: none; }
}
"""

CANDIDATE_STYLE = """
body { font-size: 18pt; line-height: 1.5; }
h1 { font-size: 28pt; margin: 0 0 4mm; }
h2 { font-size: 22pt; margin: 0 0 3mm; }
.question { margin: 0 0 12mm; break-inside: avoid; page-break-inside: avoid; }
.question p { font-size: 22pt; margin: 0; }
.advice, .about { font-size: 16pt; }
.one-per-page .question { break-after: page; page-break-after: always; margin: 0; }
.one-per-page .question p { font-size: 28pt; }
.one-per-page .question:last-of-type { break-after: auto; page-break-after: auto; }
.one-per-page header { break-after: page; page-break-after: always; }
"""

EASY_READ_STYLE = """
body { font-size: 18pt; line-height: 1.8; }
h1 { font-size: 30pt; margin: 0 0 6mm; }
h2 { font-size: 26pt; margin: 10mm 0 4mm; }
h3 { font-size: 22pt; margin: 8mm 0 3mm; }
p, li { margin: 0 0 5mm; }
.said { font-size: 24pt; font-weight: bold; line-height: 1.35; margin: 0 0 7mm; }
.scale { list-style: none; padding: 0; }
.scale li { font-size: 20pt; }
.points { padding-left: 10mm; }
.version { font-size: 16pt; border-left: 4pt solid #000; padding-left: 4mm; }
.question { break-inside: avoid; page-break-inside: avoid; }
.one-per-page .question, .one-per-page .how { break-after: page; page-break-after: always; }
.one-per-page .question:last-of-type { break-after: auto; page-break-after: auto; }
"""

SHEETS_STYLE = """
@page { size: A4 portrait; margin: 12mm 14mm; }
body { font-size: 12pt; line-height: 1.3; }
h1 { font-size: 20pt; margin: 0 0 3mm; }
h2 { font-size: 17pt; margin: 0 0 2mm; }
h3 { font-size: 13pt; margin: 0; display: flex; justify-content: space-between; gap: 4mm; }
h3 .whose { font-weight: normal; font-size: 11pt; }
.sheet { break-before: page; page-break-before: always; }
.sheet:first-of-type { break-before: auto; page-break-before: auto; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0 4mm; margin: 0 0 2mm; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
.how { margin: 0 0 2mm; }
.q { border-top: 1.5pt solid #000; padding: 1.5mm 0 1mm; break-inside: avoid; page-break-inside: avoid; }
.q p { margin: .8mm 0; }
.words { font-weight: bold; }
.good { font-size: 10.5pt; line-height: 1.25; }
.mark { display: grid; grid-template-columns: 11fr 9fr; gap: 3mm; margin: 1mm 0; }
.scale { list-style: none; padding: 0; margin: 0; font-size: 10.5pt; line-height: 1.25; }
.scale li { margin: 0 0 .6mm; }
.boxes { display: flex; gap: 3mm; }
.field { display: flex; flex-direction: column; }
.field .name { font-weight: bold; font-size: 11pt; }
.box { border: 1.5pt solid #000; flex: 1; min-height: 18mm; }
.score { flex: none; width: 27mm; }
.note { flex: 1; }
"""


def _e(text: str) -> str:
    """Person-typed text for the page: on one line, control characters visible, HTML-escaped."""
    return escape(one_line(text), quote=True)


def _page(title: str, style: str, body: str, css_class: str = "") -> str:
    body_class = f' class="{css_class}"' if css_class else ""
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{BASE_STYLE}{style}</style></head>"
        f"<body{body_class}><main>{body}</main></body></html>\n"
    )


def _advice(text: str) -> str:
    """Said on screen, not printed: what the page is for."""
    return f'<p class="advice">{escape(text)}</p>'


def render_candidate_pack(pack: CandidatePack, *, one_per_page: bool = False) -> str:
    """Large print for a candidate who asked for the questions in writing: the questions only."""
    count = len(pack.questions)
    words = "in plain words" if pack.plain_words else "as the panel will ask them"
    about = [
        f"The panel will ask you {count} question{'' if count == 1 else 's'}, in this order.",
        "You can ask the panel to say a question again.",
    ]
    if pack.plain_words:
        about.append("The questions are written here in plain words.")
    header = (
        "<header>"
        + _advice(
            "Print this for a candidate who asked for the questions in writing. It holds the questions "
            f"{words}, and nothing else: no guidance and nothing about scoring."
        )
        + f"<h1>Your interview questions</h1><p class=\"about\">{_e(pack.title.line)}</p>"
        + "".join(f'<p class="about">{escape(line)}</p>' for line in about)
        + "</header>"
    )
    sections = "".join(
        f'<section class="question" aria-labelledby="q{n}"><h2 id="q{n}">Question {n} of {count}</h2>'
        f"<p>{_e(text)}</p></section>"
        for n, text in enumerate(pack.questions, start=1)
    )
    title = f"Your interview questions: {pack.title.vacancy}"
    return _page(title, CANDIDATE_STYLE, header + sections, "one-per-page" if one_per_page else "")


_VERSION_NOTES: dict[Version, str] = {
    "easy read": "",
    "plain words": "There is no Easy Read version of this question yet. These are the plain words.",
    "as written": "There is no Easy Read version of this question yet. These are the words as written.",
}


def render_easy_read_pack(pack: EasyReadPack, *, one_per_page: bool = False) -> str:
    """Easy Read for panel members: big text, one sentence a line, the scale in words, what a good answer shows."""
    points = pack.scale
    low, high = (points[0].value, points[-1].value) if points else (0, 0)
    scale = "".join(f"<li>{p.value} means {_e(p.label)}.</li>" for p in points)
    parts = [
        _advice("Print this for panel members who want the questions in Easy Read."),
        "<h1>Interview questions in Easy Read</h1>",
        f"<p>For the interview panel.</p><p>{_e(pack.title.line)}</p>",
        f'<p>There are {len(pack.questions)} questions.</p>',
        '<section class="how" aria-labelledby="how-h"><h2 id="how-h">How we score</h2>',
        "<p>We listen to each answer.</p>",
        "<p>We give each answer a score.</p>",
        f"<p>The lowest score is {low}. The highest score is {high}.</p>",
        f'<ul class="scale">{scale}</ul></section>',
    ]
    for q in pack.questions:
        heading = f"q{q.number}"
        said = easy_read_lines(printable(q.words)) or (q.words,)  # words with no letters still show, as typed
        lines = "".join(f'<p class="said">{_e(line)}</p>' for line in said)
        note = _VERSION_NOTES[q.version]
        parts.append(f'<section class="question" aria-labelledby="{heading}"><h2 id="{heading}">Question {q.number}</h2>')
        parts.append(lines)
        if note:
            parts.append(f'<p class="version">{escape(note)}</p>')
        if q.guidance:
            items = "".join(f"<li>{_e(point)}</li>" for point in q.guidance)
            parts.append(f'<h3 id="{heading}-good">A good answer</h3><ul class="points" aria-labelledby="{heading}-good">{items}</ul>')
        parts.append("</section>")
    title = f"Interview questions in Easy Read: {pack.title.vacancy}"
    return _page(title, EASY_READ_STYLE, "".join(parts), "one-per-page" if one_per_page else "")


def _scale_items(points: Iterable[ScalePoint]) -> str:
    return "".join(
        f"<li><strong>{p.value}</strong> {_e(p.label)}" + (f": {_e(p.anchor)}" if p.anchor else "") + "</li>"
        for p in points
    )


def _paper_question(sheet: PaperSheet, q: PaperQuestion, total: int, low: int, high: int, sheet_number: int) -> str:
    heading = f"s{sheet_number}q{q.number}"
    whose = f"{sheet.member_name} · {sheet.candidate_label}"
    parts = [
        f'<section class="q" aria-labelledby="{heading}">',
        f'<h3 id="{heading}"><span>Question {q.number} of {total}</span> <span class="whose">{_e(whose)}</span></h3>',
        f'<p class="words">{_e(q.words)}</p>',
    ]
    if q.guidance:
        parts.append(f'<p class="good">A good answer shows: {"; ".join(_e(g) for g in q.guidance)}.</p>')
    parts.append(f'<div class="mark"><ul class="scale" aria-label="Scores for question {q.number}">{_scale_items(q.scale)}</ul>')
    boxes = []
    for f in sheet.fields:
        if f.question_id != q.question_id:
            continue
        name = f"Score ({low} to {high})" if f.kind == "score" else "Note"
        boxes.append(
            f'<div class="field {f.kind}" data-field="{f.kind}" data-question="{escape(f.question_id, quote=True)}">'
            f'<span class="name">{name}</span><div class="box"></div></div>'
        )
    parts.append(f'<div class="boxes">{"".join(boxes)}</div></div></section>')
    return "".join(parts)


def _paper_sheet(pack: ScoreSheetsPack, sheet: PaperSheet, number: int) -> str:
    heading = f"sheet-{number}"
    total = len(sheet.questions)
    facts = (
        f"<dt>Panel member</dt><dd>{_e(sheet.member_name)} ({_e(sheet.group_label)})</dd>"
        f"<dt>Candidate</dt><dd>{_e(sheet.candidate_label)}</dd>"
        f"<dt>Session</dt><dd>{_e(pack.title.line)}</dd>"
    )
    how = (
        f"Write one score for each question, from {pack.low} to {pack.high}, in its box. "
        "Write a note if you want to. Give the sheet to the chair when you have finished."
    )
    questions = "".join(_paper_question(sheet, q, total, pack.low, pack.high, number) for q in sheet.questions)
    return (
        f'<section class="sheet" aria-labelledby="{heading}" data-member="{escape(sheet.member_id, quote=True)}" '
        f'data-candidate="{escape(sheet.candidate_id, quote=True)}">'
        f'<h2 id="{heading}">Score sheet: {_e(sheet.member_name)}, candidate {_e(sheet.candidate_label)}</h2>'
        f'<dl class="facts">{facts}</dl><p class="how">{escape(how)}</p>{questions}</section>'
    )


def render_score_sheets(pack: ScoreSheetsPack) -> str:
    """Blank paper score sheets, one per panel member and candidate, each starting on a new page."""
    count = len(pack.sheets)
    parts = [
        _advice(
            f"{count} blank score sheet{'' if count == 1 else 's'}: one for each panel member and candidate. "
            "Each starts on a new page. Type them in afterwards with 'Paper sheet' in panel-tui."
        ),
        f"<h1>Paper score sheets: {_e(pack.title.vacancy)}</h1>",
        *(_paper_sheet(pack, sheet, n) for n, sheet in enumerate(pack.sheets, start=1)),
    ]
    return _page(f"Paper score sheets: {pack.title.vacancy}", SHEETS_STYLE, "".join(parts))
