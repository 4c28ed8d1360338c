"""One panel member's "you said, we did" as a printable page (HTML).

Their own page only: the questions they wrote or improved, how their scores
sat beside the agreed scores as distances, each candidate's outcome and the
chair's words. Candidates are shown by code only, whatever the screen shows:
a printed page can leave the room. One self-contained page (no scripts, no
outside files), large print (16pt and up), black on white, with a `lang` and
a title; everything typed is HTML-escaped. Written readable by its owner only.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..domain.text import one_line, printable
from ..domain.you_said import YouSaid
from ..locations import slug
from .files import Output, make_exports_folder, write_outputs

STYLE = """
:root { color: #000; background: #fff; }
body { font-family: "Segoe UI", Arial, "Liberation Sans", sans-serif; font-size: 16pt; line-height: 1.45;
       color: #000; background: #fff; margin: 0 auto; max-width: 180mm; padding: 8mm; }
h1 { font-size: 24pt; margin: 0 0 2mm; }
h2 { font-size: 19pt; margin: 8mm 0 2mm; border-bottom: 1.5pt solid #000; }
h3 { font-size: 17pt; margin: 5mm 0 1mm; }
p, li { margin: 0 0 2mm; }
.words { border-left: 3pt solid #000; padding: 1mm 0 1mm 4mm; white-space: pre-wrap; }
.candidate { break-inside: avoid; page-break-inside: avoid; }
@page { size: A4 portrait; margin: 14mm; }
@media print { body { max-width: none; padding: 0; } }
"""


def _e(text: str) -> str:
    return escape(one_line(text), quote=True)


def file_name(page: YouSaid, member_id: str) -> str:
    """'you-said-we-did-dee-morgan-1a2b3c.html': easy to find, and never the same for two people."""
    return f"you-said-we-did-{slug(page.name) or 'panel-member'}-{member_id[:6]}.html"


def render_you_said(page: YouSaid) -> str:
    """The whole page, as text. `page` must be ready (every outcome final)."""
    parts = [f"<h1>You said, we did</h1><p>{_e(page.name)}: {_e(page.vacancy)}"]
    if page.organisation:
        parts.append(f", {_e(page.organisation)}")
    parts.append("</p>")

    parts.append("<h2>What changed because of the panel</h2>")
    if page.panel_difference:
        parts.append(f'<p class="words">{escape(printable(page.panel_difference))}</p><p>(In the chair\'s own words.)</p>')
    else:
        parts.append("<p>The chair has not written this yet.</p>")

    parts.append("<h2>Your questions</h2>")
    if page.questions:
        parts.append("<ul>" + "".join(f"<li><strong>{_e(q.text)}</strong><br>{escape(q.words)}</li>" for q in page.questions) + "</ul>")
    else:
        parts.append("<p>You did not write or improve a question this time.</p>")

    parts.append("<h2>Your scores and the agreed scores</h2>")
    parts.append(
        "<p>For each question, how far your score was from the score the panel agreed. "
        "It shows distance only: nobody else's scores, and never anyone's names. "
        "Candidates are shown by their code.</p>"
    )
    if page.question_texts:
        parts.append("<p>The questions were:</p><ol>" + "".join(f"<li>{_e(t)}</li>" for t in page.question_texts) + "</ol>")
    for candidate in page.candidates:
        parts.append(f'<section class="candidate"><h3>{_e(candidate.code)}: {_e(candidate.outcome)}</h3>')
        parts.append(f"<p>{escape(candidate.sentence)}</p>")
        if candidate.lines:
            parts.append(
                "<ul>" + "".join(f"<li>Question {line.number}: {escape(line.words)}</li>" for line in candidate.lines) + "</ul>"
            )
        parts.append("</section>")
    parts.append("<p>Thank you for the time and care you gave to this round.</p>")
    title = f"You said, we did: {_e(page.name)}"
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{STYLE}</style></head><body><main>"
        + "".join(parts)
        + "</main></body></html>\n"
    )


def write_you_said(page: YouSaid, member_id: str, folder: Path, exports: Path | None = None) -> Path:
    """Write the page into `folder` (owner only), replacing the last one; returns its path.

    Raises `OutputNotWritable` (a plain message) when the folder cannot be written.
    """
    folder = Path(folder)
    if exports is not None and folder.expanduser().resolve().is_relative_to(Path(exports).resolve()):
        make_exports_folder(Path(exports))
    written = write_outputs(folder, [Output(file_name(page, member_id), render_you_said(page).encode("utf-8"))], force=True)
    return written.files[0]
