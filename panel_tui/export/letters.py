"""A candidate's feedback letter as files: a printable page (HTML) and plain text.

The letter's words are the chair's, exactly as saved (`FeedbackLetter.text`).
The page is one self-contained A4 letter: no scripts, no outside files, a
`lang` and a title, black on white, 13pt and up; everything typed is
HTML-escaped, with control characters shown as visible text. Both files are
written readable by their owner only: a letter holds a candidate's scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from ..domain.text import one_line, printable
from .files import Output, make_exports_folder, safe_stem, write_outputs

STYLE = """
:root { color: #000; background: #fff; }
body { font-family: "Segoe UI", Arial, "Liberation Sans", sans-serif; font-size: 13pt; line-height: 1.5;
       color: #000; background: #fff; margin: 0 auto; max-width: 170mm; padding: 10mm; }
h1 { font-size: 12pt; font-weight: normal; color: #333; margin: 0 0 6mm; }
p { margin: 0 0 4mm; }
ul { margin: 0 0 4mm; padding-left: 8mm; }
.question { break-inside: avoid; page-break-inside: avoid; }
@page { size: A4 portrait; margin: 18mm; }
@media print { body { max-width: none; padding: 0; } h1 { display: none; } }
"""


@dataclass(frozen=True)
class PrintedLetter:
    """Where one letter's files are."""

    html: Path
    text: Path


def file_stem(code: str) -> str:
    """'feedback-letter-C01': the code only, never a name, in a file name."""
    return f"feedback-letter-{safe_stem(code)}"


def _paragraph(block: str) -> str:
    """One block of the letter (lines between blank lines): lines starting "- " become a list."""
    lines = block.split("\n")
    out: list[str] = []
    text: list[str] = []
    items: list[str] = []

    def flush_text() -> None:
        if text:
            out.append("<p>" + "<br>".join(text) + "</p>")
            text.clear()

    def flush_items() -> None:
        if items:
            out.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
            items.clear()

    heading = block.startswith("Question ")
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("- "):
            flush_text()
            items.append(escape(printable(stripped[2:])))
        else:
            flush_items()
            said = escape(printable(line))
            text.append(f"<strong>{said}</strong>" if heading and index == 0 else said)
    flush_text()
    flush_items()
    html = "".join(out)
    return f'<div class="question">{html}</div>' if heading else html


def render_letter_html(text: str, code: str, vacancy: str) -> str:
    """The whole page: the letter's words as paragraphs, with a small heading that does not print."""
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    body = "".join(_paragraph(b) for b in blocks)
    title = f"Feedback letter for {one_line(code)}: {one_line(vacancy)}"
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body><main>"
        f"<h1>{escape(title)}</h1>{body}</main></body></html>\n"
    )


def render_letter_text(text: str) -> str:
    """The plain text file: the letter as saved, control characters shown as visible text, one newline at the end."""
    return printable(text.replace("\r\n", "\n")).rstrip("\n") + "\n"


def write_letter(text: str, code: str, vacancy: str, folder: Path, exports: Path | None = None) -> PrintedLetter:
    """Write `feedback-letter-<code>.html` and `.txt` into `folder` (owner only), replacing the last ones.

    `exports`, the session's default exports folder, is made with its
    `.gitignore` first when `folder` is inside it and it is not there yet.
    Raises `OutputNotWritable` (a plain message) when the folder cannot be written.
    """
    folder = Path(folder)
    if exports is not None and folder.expanduser().resolve().is_relative_to(Path(exports).resolve()):
        make_exports_folder(Path(exports))
    stem = file_stem(code)
    written = write_outputs(
        folder,
        [
            Output(f"{stem}.html", render_letter_html(text, code, vacancy).encode("utf-8")),
            Output(f"{stem}.txt", render_letter_text(text).encode("utf-8")),
        ],
        force=True,
    )
    return PrintedLetter(written.files[0], written.files[1])
