"""The join link as a QR code drawn in text, for the hub's screen and its plain output.

Each character stands for one module across and two modules down, with the
half blocks: "█" both dark, "▀" the top one dark, "▄" the bottom one dark, a
space both light. A terminal's cell is about twice as high as it is wide, so
the modules come out square. Around the code is a quiet zone of 4 light
modules, as the QR standard asks (never fewer than 2).

**Colours: the caller shows the lines dark on light**, black characters on a
white background: in Textual `color: black; background: white;` on the widget
that holds them, in Rich the style "black on white". The characters draw the
dark modules, so in a terminal's usual light-on-dark colours the code comes
out as a negative, which many phone cameras do not read. Where the colours
cannot be set (plain lines printed in a terminal with light text on a dark
background), ask for `light_on_dark=True`: the characters then draw the light
modules and the quiet zone, and the dark background shows the dark modules.

Sizes (columns x lines, with the 4-module quiet zone): a link of up to 78
characters, such as `http://192.168.1.23:8000/?password=maple-otter-cloud-seven`,
is a version 4 code, 41 x 21, so it fits an 80x24 terminal; up to 106 characters
is version 5, 45 x 23. Error correction is the lowest level (L, 7%) raised as
far as the code's size allows: a screen does not get dirty or torn as paper does.
"""

from __future__ import annotations

import segno

QUIET_ZONE = 4
"""Light modules around the code, as the QR standard asks."""
SMALLEST_QUIET_ZONE = 2
"""Most phone cameras still read the code with this little; never less."""

_DRAWN = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
"""(top module drawn, bottom module drawn) -> the character."""


def qr_code(text: str) -> segno.QRCode:
    """The smallest full-size QR code for `text` (never a Micro QR: phones read those badly)."""
    return segno.make_qr(text, error="l", boost_error=True)


def qr_lines(text: str, *, border: int = QUIET_ZONE, light_on_dark: bool = False) -> list[str]:
    """The QR code for `text` as lines of text, all the same width; shown black on white (see the module)."""
    if border < SMALLEST_QUIET_ZONE:
        raise ValueError(f"A QR code needs a quiet zone of at least {SMALLEST_QUIET_ZONE} modules.")
    rows = module_rows(qr_code(text), border)
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))  # one more light row: part of the quiet zone
    drawn = not light_on_dark
    return [
        "".join(_DRAWN[(top == drawn, bottom == drawn)] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[0::2], rows[1::2], strict=True)
    ]


def module_rows(code: segno.QRCode, border: int) -> list[list[bool]]:
    """The code's modules (True: dark), with `border` light modules all round."""
    width = len(code.matrix[0]) + 2 * border
    light = [[False] * width for _ in range(border)]
    inside = [[False] * border + [bool(m) for m in row] + [False] * border for row in code.matrix]
    return light + inside + [list(row) for row in light]
