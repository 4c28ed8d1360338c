"""A printable recognition record: what one panel member gave to this round, to show for a CV or a reference.

One self-contained HTML page to print on A4, in the style of the packs
(`packs.BASE_STYLE`): no scripts, no outside files, black on white, large
readable print, a `lang`, a title, one h1 and headings in order. Every piece
of text a person typed is HTML-escaped, with control characters shown as
visible text.

It says who they are on the panel (role and group), what they did (the
questions they wrote or improved and which were used, interviews sat,
candidates agreed), the time they gave, and, once the chair has confirmed
it, "Confirmed by <chair> on <date>". It never holds money: what anyone was
offered or paid is between them and HR.

Questions are named by what they test (their criterion) where the panel
wrote one, else by their words: the record shows the person's work without
handing out a question bank. This module only renders a `RecognitionRecord`
built by the services (`PanelService.recognition_record`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from ..domain.reciprocity import day_in_words, minutes_in_words
from ..domain.text import one_line
from .packs import BASE_STYLE


@dataclass(frozen=True)
class QuestionWork:
    """A question the person wrote or improved."""

    words: str
    """What it tests (its criterion), or its words where it has none."""
    wrote: bool
    """True: they proposed it; False: they improved it."""
    used: bool
    """In the agreed set the panel asked at interview."""


@dataclass(frozen=True)
class TimePart:
    label: str
    minutes: int


@dataclass(frozen=True)
class RecognitionRecord:
    member_id: str
    name: str
    group: str
    role: str
    vacancy: str
    organisation: str
    when: str
    """The months of the round, in words ("June 2027", "May to June 2027")."""
    questions: tuple[QuestionWork, ...]
    supported: int
    """Questions they supported (besides their own)."""
    interviews: int
    """Interviews sat: score sheets submitted (on screen or on paper)."""
    candidates_agreed: int
    """Candidates whose scores they agreed with the panel (agreement signed off)."""
    time: tuple[TimePart, ...]
    confirmed_by: str | None = None
    confirmed_on: date | None = None

    @property
    def total_minutes(self) -> int:
        return sum(part.minutes for part in self.time)

    @property
    def used(self) -> int:
        return sum(1 for q in self.questions if q.used)

    @property
    def confirmed(self) -> bool:
        return self.confirmed_by is not None and self.confirmed_on is not None


STYLE = """
body { font-size: 16pt; line-height: 1.5; }
h1 { font-size: 26pt; margin: 0 0 3mm; }
h2 { font-size: 20pt; margin: 9mm 0 3mm; border-bottom: 2pt solid #000; padding-bottom: 1mm; }
p, li { margin: 0 0 3mm; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 6mm; margin: 0 0 4mm; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; margin: 0 0 4mm; font-size: 15pt; }
th, td { border: 1pt solid #000; padding: 1.5mm 3mm; text-align: left; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
.confirmed { border: 2pt solid #000; padding: 3mm 4mm; font-weight: bold; margin: 8mm 0 0; }
.not-yet { border: 2pt dashed #000; padding: 3mm 4mm; margin: 8mm 0 0; }
section { break-inside: avoid; page-break-inside: avoid; }
"""


def _e(text: str) -> str:
    return escape(one_line(text), quote=True)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def record_file_name(record: RecognitionRecord) -> str:
    """recognition-<their name>.html: letters, digits and dashes only, and their id so two namesakes never clash."""
    stem = "".join(ch if ch.isalnum() else "-" for ch in record.name.lower() if ch.isascii())
    stem = "-".join(part for part in stem.split("-") if part)[:40] or "panel-member"
    return f"recognition-{stem}-{record.member_id[:6]}.html"


def render_recognition(record: RecognitionRecord) -> str:
    """The page, as text: the same record always gives the same page."""
    place = f"{record.vacancy}, {record.organisation}" if record.organisation.strip() else record.vacancy
    facts = (
        f"<dt>Name</dt><dd>{_e(record.name)}</dd>"
        f"<dt>Role</dt><dd>{_e(record.role)} ({_e(record.group)})</dd>"
        f"<dt>Hiring round</dt><dd>{_e(place)}</dd>"
        f"<dt>When</dt><dd>{_e(record.when)}</dd>"
    )
    did = []
    if record.interviews:
        did.append(f"<li>Sat on the interview panel for {_count(record.interviews, 'interview', 'interviews')}.</li>")
    if record.candidates_agreed:
        did.append(
            f"<li>Agreed the scores with the panel for {_count(record.candidates_agreed, 'candidate', 'candidates')}.</li>"
        )
    wrote = [q for q in record.questions if q.wrote]
    improved = [q for q in record.questions if not q.wrote]
    if wrote:
        did.append(f"<li>Wrote {_count(len(wrote), 'interview question', 'interview questions')}.</li>")
    if improved:
        did.append(f"<li>Improved {_count(len(improved), 'question', 'questions')} written with others.</li>")
    if record.questions:
        did.append(f"<li>{_count(record.used, 'of these questions was', 'of these questions were')} used at interview.</li>")
    if record.supported:
        did.append(f"<li>Supported {_count(record.supported, 'question', 'questions')} proposed by others.</li>")
    if not did:
        did.append("<li>Nothing is recorded for this round yet.</li>")
    parts = [
        '<p class="advice">A record of what this person gave to a hiring round. '
        "They may show it for a CV or a reference. It holds no money.</p>",
        "<h1>Recognition record</h1>",
        f'<dl class="facts">{facts}</dl>',
        '<section aria-labelledby="did"><h2 id="did">What they did</h2>',
        f"<ul>{''.join(did)}</ul></section>",
    ]
    if record.questions:
        rows = "".join(
            f"<tr><td>{_e(q.words)}</td><td>{'Wrote it' if q.wrote else 'Improved it'}</td>"
            f"<td>{'Yes' if q.used else 'No'}</td></tr>"
            for q in record.questions
        )
        parts.append(
            '<section aria-labelledby="qs"><h2 id="qs">Questions</h2>'
            "<table><thead><tr><th scope=\"col\">What the question asks about</th><th scope=\"col\">Their part</th>"
            f"<th scope=\"col\">Used at interview</th></tr></thead><tbody>{rows}</tbody></table></section>"
        )
    time_rows = "".join(
        f"<tr><th scope=\"row\">{_e(part.label)}</th><td class=\"num\">{minutes_in_words(part.minutes)}</td></tr>"
        for part in record.time
    )
    parts.append(
        '<section aria-labelledby="time"><h2 id="time">Time given</h2>'
        f"<table><tbody>{time_rows}<tr><th scope=\"row\">In all</th>"
        f"<td class=\"num\"><strong>{minutes_in_words(record.total_minutes)}</strong></td></tr></tbody></table></section>"
    )
    if record.confirmed and record.confirmed_on is not None:
        parts.append(
            f'<p class="confirmed">Confirmed by {_e(record.confirmed_by or "")}, chair of the panel, '
            f"on {day_in_words(record.confirmed_on)}.</p>"
        )
    else:
        parts.append('<p class="not-yet">Not yet confirmed by the chair of the panel.</p>')
    title = f"Recognition record: {record.name}, {record.vacancy}"
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{BASE_STYLE}{STYLE}</style></head>"
        f"<body><main>{''.join(parts)}</main></body></html>\n"
    )
