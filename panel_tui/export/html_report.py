"""report.html: a printable, accessible report of the round.

One self-contained page (no scripts, no outside files) that prints well and
reads well with a screen reader: one h1, a heading for every section and
candidate, tables with captions and `<th scope>` header cells, black on
white, and no meaning carried by colour alone (a flag is a symbol and a
word). Every piece of text a person typed is HTML-escaped, and any control
character in it (an escape code pasted from a terminal, a stray NUL) is shown
as visible text such as `\\x1b`, as the screens show it, never written raw.

Built from the same tables as the CSV and Excel files (`rows`), plus each
opened candidate's grid of questions x panel members.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape

from .. import __version__
from ..domain import reconcile
from ..domain.models import STAGE_LABELS, Candidate, Group
from ..domain.panel import composition, describe_composition
from ..domain.results import alpha_units
from ..domain.stats import alpha_reading, krippendorff_alpha_ordinal, pairable_count
from .files import Output
from .rows import (
    Cell,
    Table,
    audit_table,
    dissent_text,
    grid,
    panel_table,
    questions_table,
    sign_off_text,
)
from .view import ExportView

FLAG = '<span aria-hidden="true">⚑ </span>'

STYLE = """
:root { color: #000; background: #fff; }
body { font: 16px/1.5 "Segoe UI", Arial, "Liberation Sans", sans-serif; max-width: 72rem;
       margin: 0 auto; padding: 1rem 1.5rem 3rem; color: #000; background: #fff; }
h1 { font-size: 1.9rem; margin: .5rem 0; }
h2 { font-size: 1.45rem; margin: 2rem 0 .5rem; border-bottom: 3px solid #000; padding-bottom: .2rem; }
h3 { font-size: 1.2rem; margin: 1.6rem 0 .4rem; }
a { color: #00247d; text-decoration: underline; }
a:focus { outline: 3px solid #000; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .95rem; }
caption { text-align: left; font-weight: bold; padding: .2rem 0; }
th, td { border: 1px solid #000; padding: .25rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #e6e6e6; }
tbody th { font-weight: normal; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
.grid tbody th { min-width: 13em; }
.grid thead th { font-size: .9rem; }
.flag { font-weight: bold; }
.note { border: 2px solid #000; padding: .5rem .8rem; margin: 1rem 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
.candidate { border-top: 1px solid #000; }
h2 + .candidate { border-top: none; }
.wide { overflow-x: auto; }
.audit td { font-size: .85rem; overflow-wrap: break-word; }
.audit td:first-child { white-space: nowrap; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { font-size: 10.5pt; max-width: none; padding: 0; }
  table.grid { table-layout: fixed; font-size: 8.5pt; }
  table.grid th, table.grid td { overflow-wrap: break-word; hyphens: auto; padding: .15rem .2rem; }
  table.grid thead th { font-size: 7.5pt; }
  .grid tbody th { min-width: 0; }
  nav { display: none; }
  a { color: #000; text-decoration: none; }
  thead { display: table-header-group; }
  tr, .facts { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  table.grid, caption { break-inside: avoid; }
  .wide { overflow: visible; }
}
"""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""C0 and C1 control characters and DEL: invalid in HTML, and harmful if copied into a terminal.

Tab, newline and carriage return are ordinary white space in a page, so they
stay. (domain.text.printable also shows the carriage return as an escape,
which a table cell has no need for.)
"""


def _visible(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def _text(value: str) -> str:
    """Person-typed text ready for the page: control characters made visible, then HTML-escaped.

    Shown rather than dropped, so the report says what was stored: a name that
    reads "Ann\\x07" on screen reads the same here.
    """
    return escape(_CONTROL.sub(_visible, value), quote=True)


def _e(value: object) -> str:
    return _text("" if value is None else str(value))


def _cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _table(
    caption: str, headers: Sequence[str], rows: Iterable[Sequence[Cell]], *,
    row_headers: bool = True, numeric: Iterable[int] = (), css: str = "", widths: dict[int, str] | None = None,
) -> str:
    numbers = set(numeric)
    css_attr = f' class="{css}"' if css else ""
    # A wide table scrolls inside its box: the box takes keyboard focus, so it scrolls without a mouse (WCAG 2.1.1).
    out = [f'<div class="wide" role="region" tabindex="0" aria-label="{_e(caption)}"><table{css_attr}><caption>{_e(caption)}</caption>']
    if widths:
        cols = "".join(f'<col style="width: {widths[i]}">' if i in widths else "<col>" for i in range(len(headers)))
        out.append(f"<colgroup>{cols}</colgroup>")
    out.append("<thead><tr>")
    out += [f'<th scope="col"{" class=num" if i in numbers else ""}>{_e(h)}</th>' for i, h in enumerate(headers)]
    out.append("</tr></thead><tbody>")
    # Opening and closing tags per column, worked out once: reports run to tens of thousands of rows.
    opens = ['<td class="num">' if i in numbers else "<td>" for i in range(len(headers))]
    closes = ["</td>"] * len(headers)
    if row_headers and headers:
        opens[0] = '<th scope="row" class="num">' if 0 in numbers else '<th scope="row">'
        closes[0] = "</th>"
    for row in rows:
        out.append("<tr>")
        for i, value in enumerate(row):
            kind = type(value)
            if kind is str:
                text = _text(value)  # type: ignore[arg-type]
            elif kind is int:
                text = str(value)
            else:
                text = _e(_cell_text(value))
            out.append(f"{opens[i]}{text}{closes[i]}")
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def _from_table(caption: str, table: Table, *, numeric: Iterable[int] = (), css: str = "", row_headers: bool = True) -> str:
    return _table(caption, table.headers, table.rows, numeric=numeric, css=css, row_headers=row_headers)


def _facts(pairs: Iterable[tuple[str, str]]) -> str:
    items = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in pairs if v)
    return f'<dl class="facts">{items}</dl>' if items else ""


def _title(view: ExportView, candidate: Candidate) -> str:
    return candidate.code if not view.shows_names else f"{candidate.code}: {candidate.name}"


def _header(view: ExportView) -> str:
    session = view.state.session
    scale = session.scale
    if view.candidate is not None:
        heading = f"Records held about {view.candidate.code}: {session.vacancy}"
    else:
        heading = f"Interview panel report: {session.vacancy}"
    facts = [
        ("Organisation", session.organisation),
        ("Stage", STAGE_LABELS[session.stage]),
        ("Scale", f"{scale.low} to {scale.high}: " + "; ".join(f"{p} {scale.label(p)}" for p in scale.points)),
        ("Disagreement flagged at", f"a spread of {session.divergence_threshold} points or more"),
        ("Panel members shown", "as pseudonyms" if view.options.pseudonymise else "by name"),
        ("Candidates shown", "by code only" if view.options.codes_only else "by code and name"),
        ("Retention until", view.retention.short()),
        ("Legal hold", view.legal_hold()),
        ("Last change", view.as_of.strftime("%d %B %Y, %H:%M UTC")),
    ]
    parts = [f"<header><h1>{_e(heading)}</h1>", _facts(facts)]
    left_out = view.withheld.sentences()
    if left_out:
        items = "".join(f"<li>{_e(s)}</li>" for s in left_out)
        parts.append(f'<div class="note" role="note"><p><strong>Left out of this report</strong></p><ul>{items}</ul></div>')
    parts.append("</header>")
    return "".join(parts)


def _contents(sections: Sequence[tuple[str, str]]) -> str:
    links = "".join(f'<li><a href="#{anchor}">{_e(title)}</a></li>' for anchor, title in sections)
    return f'<nav aria-labelledby="contents-h"><h2 id="contents-h">Contents</h2><ol>{links}</ol></nav>'


def _section(anchor: str, title: str, body: str) -> str:
    return f'<section id="{anchor}" aria-labelledby="{anchor}-h"><h2 id="{anchor}-h">{_e(title)}</h2>{body}</section>'


def _panel(view: ExportView) -> str:
    state = view.state
    comp = composition(state.session, state.members)
    parts = [f"<p>Scoring panel: {_e(describe_composition(state.session, comp))}.</p>"]
    parts += [f'<p class="flag">{FLAG}Note: {_e(w)}</p>' for w in comp.warnings]
    parts.append(_from_table("Who sat on the panel and what they contributed", panel_table(view), numeric=(3, 4)))
    return "".join(parts)


def _results(view: ExportView) -> str:
    state = view.state
    top = state.session.scale.high * len(state.agreed_questions)
    rows = []
    ranked = sorted(
        state.candidates_in_order,
        key=lambda c: (view.placings[c.id].rank is None, view.placings[c.id].rank or 0),
    )
    for c in ranked:
        placing = view.placings[c.id]
        outcome = state.outcome(c.id)
        rows.append(
            (
                placing.describe() or "not ranked yet", _title(view, c),
                f"{placing.total} of {top}" if placing.total is not None else "",
                outcome.decision.value if outcome else "", ("final" if outcome.final else "not final") if outcome else "",
                sign_off_text(state.reconciliation(c.id)),
            )
        )
    intro = (
        "<p>Candidates by agreed total, highest first. Equal totals share a rank, "
        "shown with “=” and the word “tied”: a tie is never broken here.</p>"
    )
    return intro + _table("Ranking by agreed total", ("Rank", "Candidate", "Agreed total", "Outcome", "Final", "Sign-off"), rows)


def _agreement(view: ExportView) -> str:
    state = view.state
    units = alpha_units(state)
    alpha = krippendorff_alpha_ordinal(units, list(state.session.scale.points))
    parts = []
    if alpha is not None:
        parts.append(f"<p>Krippendorff’s alpha (ordinal): <strong>{alpha:.2f}</strong>.</p>")
    parts.append(f"<p>{_e(alpha_reading(alpha, pairable_count(units)))}</p>")
    voice = reconcile.whose_voice(state)
    parts.append("<h3>Whose voice carried</h3>")
    parts.append(f"<p>{_e(voice.sentence)}</p>")
    rows = []
    for group in (Group.MEMBER, Group.VOLUNTEER, Group.STAFF):
        mad = voice.mean_abs_diff[group]
        if mad is None:
            continue
        flagged = "⚑ Yes: more than 1 point away on average" if group in voice.flagged else "No"
        rows.append((state.group_label(group), f"{mad:.2f}", f"{voice.closest[group]} of {voice.questions}", flagged))
    if rows:
        parts.append(_table(
            "How far the agreed scores sat from each group's own scores",
            ("Group", "Average distance (points)", "Agreed score closest to this group", "Far from the agreed scores?"),
            rows, numeric=(1,),
        ))
    return "".join(parts)


def _candidate(view: ExportView, candidate: Candidate) -> str:
    state = view.state
    cid = candidate.id
    record = state.reconciliation(cid)
    placing = view.placings[cid]
    outcome = state.outcome(cid)
    top = state.session.scale.high * len(state.agreed_questions)
    anchor = f"candidate-{_e(candidate.id)}"
    facts = [
        ("Interview slot", candidate.slot),
        ("Adjustments", candidate.adjustments if view.candidate is not None else ""),
        ("Rank", placing.describe() or "not ranked yet"),
        ("Agreed total", f"{placing.total} of {top}" if placing.total is not None else ""),
        ("Outcome", (outcome.decision.value + (" (final)" if outcome.final else "")) if outcome else ""),
        ("Feedback", outcome.feedback if outcome else ""),
        ("Sign-off", sign_off_text(record)),
        ("Dissent", dissent_text(view, record)),
    ]
    if record is not None:
        facts += [
            (f"{view.person(m)}’s sheet is missing", reason) for m, reason in record.missing_reasons.items()
        ]
    facts += [
        (f"Conflict declared by {view.person(c.member_id)}", f"{c.kind.value}: {c.relation}" + (f" ({c.detail})" if c.detail else ""))
        for c in state.conflicts if c.candidate_id == cid
    ]
    parts = [f'<section class="candidate" id="{anchor}" aria-labelledby="{anchor}-h">']
    parts.append(f'<h3 id="{anchor}-h">{_e(_title(view, candidate))}</h3>')
    parts.append(_facts(facts))
    if record is None:
        parts.append("<p>Agreement has not been opened for this candidate, so the panel’s scores are not shown.</p>")
        parts.append("</section>")
        return "".join(parts)
    sheets = sorted((s for s in state.sheets_for_candidate(cid)), key=lambda s: s.member_id)
    people = [view.person_with_group(s.member_id) for s in sheets]
    headers = ["Question", *people, "Spread", "Panel differs?", "Agreed", "Reason"]
    rows = []
    for line in grid(view, cid):
        spread = line.stats.spread if line.stats else None
        rows.append(
            (
                view.question_number(line.question.id) + " " + line.question.text,
                *[line.scores.get(s.member_id) for s in sheets],
                spread,
                "⚑ Yes" if line.divergent else "No",
                line.agreed.score if line.agreed else None,
                line.agreed.reason if line.agreed else "",
            )
        )
    numeric = range(1, len(people) + 2)
    parts.append(_table(f"Scores for {candidate.code}: each panel member’s score, and the agreed score", headers, rows, numeric=[*numeric, len(people) + 3], css="grid",
                        widths={0: "20%", len(people) + 4: "12%"}))
    order = {q.id: i for i, q in enumerate(state.agreed_questions)}
    notes = [
        (view.question_number(q) or "not in the agreed set", view.person(s.member_id), text)
        for q, s, text in sorted(
            ((q, s, text) for s in sheets for q, text in s.notes.items()),
            key=lambda item: order.get(item[0], len(order)),
        )
    ]
    if notes and view.options.notes:
        parts.append(_table(f"Panel members’ notes on {candidate.code}", ("Question", "Panel member", "Note"), notes))
    parts.append("</section>")
    return "".join(parts)


def render_html(view: ExportView) -> str:
    state = view.state
    sections = [
        ("panel", "The panel"),
        ("questions", "Questions"),
        ("results", "Results"),
        ("agreement", "Agreement"),
        ("candidates", "Candidates"),
        ("audit", "Audit trail"),
    ]
    title = (
        f"Records held about {view.candidate.code}" if view.candidate is not None
        else f"Interview panel report: {state.session.vacancy}"
    )
    body = [
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>",
        _header(view),
        _contents(sections),
        "<main>",
        _section("panel", "The panel", _panel(view)),
        _section(
            "questions", "Questions",
            _from_table("The questions, in interview order", questions_table(view), numeric=(7,)),
        ),
        _section("results", "Results", _results(view)),
        _section("agreement", "Agreement", _agreement(view)),
        _section("candidates", "Candidates", "".join(_candidate(view, c) for c in state.candidates_in_order)),
        _section(
            "audit", "Audit trail",
            "<p>Every change, oldest first: who, when, what, from and to. Times are UTC.</p>"
            + _from_table("Audit trail", audit_table(view), css="audit", row_headers=False),
        ),
        f"</main><footer><p>Made by panel-tui {_e(__version__)}.</p></footer></body></html>\n",
    ]
    return "".join(body)


def render(view: ExportView, prefix: str = "") -> list[Output]:
    return [Output(f"{prefix}report.html", render_html(view).encode("utf-8"))]

