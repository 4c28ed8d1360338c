"""pin-slips.html: one slip per panel member with their new PIN, to print, cut and hand out.

One self-contained A4 page (no scripts, no outside files, no fonts fetched),
large print (nothing under 16pt), black on white, a dashed line to cut along
between slips, a `lang` and a title so a screen reader and an accessibility
checker know what it is. Each slip says whose it is, the PIN, the session,
and the three steps to sign in, in plain words. Every piece of text a person
typed is HTML-escaped, with control characters shown as visible text.

The page holds PINs, so it is written readable by its owner only and the
chair is told to delete it once printed. The read model (`PinSlips`) lives
here, as `ExportView` does, so this module needs nothing from the services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from ..domain.text import one_line
from .files import Output, make_exports_folder, write_outputs

FILE_NAME = "pin-slips.html"

STEPS = (
    "Open the link, or scan the QR code the chair shows.",
    "Choose your own name.",
    "Type this PIN.",
)
"""How to sign in, on every slip."""

STYLE = """
:root { color: #000; background: #fff; }
body { font-family: "Segoe UI", Arial, "Liberation Sans", sans-serif; font-size: 16pt; line-height: 1.4;
       color: #000; background: #fff; margin: 0 auto; max-width: 180mm; padding: 8mm; }
h1 { font-size: 22pt; margin: 0 0 4mm; }
.advice { font-size: 16pt; border: 2pt solid #000; padding: 3mm 4mm; margin: 0 0 6mm; }
.slip { border-top: 2pt dashed #000; padding: 6mm 2mm; break-inside: avoid; page-break-inside: avoid; }
.slip:last-of-type { border-bottom: 2pt dashed #000; }
.slip h2 { font-size: 24pt; margin: 0 0 1mm; }
.who, .session { font-size: 16pt; margin: 0 0 2mm; }
.pin { font-size: 28pt; font-weight: bold; letter-spacing: 0.1em; margin: 2mm 0 3mm; }
.slip ol { font-size: 16pt; margin: 0; padding-left: 9mm; }
@page { size: A4 portrait; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; }
  .advice { display: none; }
}
"""


@dataclass(frozen=True)
class PinSlip:
    """One person's slip. The PIN is left out of the repr, so it never reaches a log or a traceback."""

    member_id: str
    name: str
    group_label: str
    role_label: str
    pin: str = field(repr=False)


@dataclass(frozen=True)
class PinSlips:
    """The slips made in one go: the session they are for, and one slip per person, by name."""

    vacancy: str
    organisation: str
    slips: tuple[PinSlip, ...]


def _e(text: str) -> str:
    return escape(one_line(text), quote=True)


def _slip(slip: PinSlip, index: int, session: str) -> str:
    steps = "".join(f"<li>{escape(step)}</li>" for step in STEPS)
    heading = f"slip-{index}"
    return (
        f'<section class="slip" aria-labelledby="{heading}">'
        f'<h2 id="{heading}">{_e(slip.name)}</h2>'
        f'<p class="who">{_e(slip.group_label)}, {_e(slip.role_label)}</p>'
        f'<p class="pin">Your PIN: {_e(slip.pin)}</p>'
        f'<p class="session">Session: {session}</p>'
        f"<ol>{steps}</ol>"
        "</section>"
    )


def render_pin_slips(slips: PinSlips) -> str:
    """The whole page, as text."""
    session = _e(slips.vacancy)
    if slips.organisation.strip():
        session += f", {_e(slips.organisation)}"
    body = "".join(_slip(slip, n, session) for n, slip in enumerate(slips.slips, start=1))
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>PIN slips: {_e(slips.vacancy)}</title><style>{STYLE}</style></head><body><main>"
        f"<h1>PIN slips: {_e(slips.vacancy)}</h1>"
        '<p class="advice">Print this page, cut along the dashed lines and give each person their own slip. '
        "Then delete this file: it holds everyone's PIN.</p>"
        f"{body}</main></body></html>\n"
    )


def write_pin_slips(page: str, folder: Path, exports: Path | None = None) -> Path:
    """Write the page into `folder` as pin-slips.html (owner only), replacing the last one.

    `exports`, the session's default exports folder, is made with its
    `.gitignore` first when `folder` is inside it and it is not there yet.
    Raises `OutputNotWritable` (a plain message) when the folder cannot be written.
    """
    folder = Path(folder)
    if exports is not None and folder.expanduser().resolve().is_relative_to(Path(exports).resolve()):
        make_exports_folder(Path(exports))
    written = write_outputs(folder, [Output(FILE_NAME, page.encode("utf-8"))], force=True)
    return written.files[0]
