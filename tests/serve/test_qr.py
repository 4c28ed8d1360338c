"""The join link's QR code in text: its size, its quiet zone, its finder patterns, and segno's modules exactly."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import segno
from hypothesis import given, settings
from hypothesis import strategies as st

from panel_tui.serve.qr import QUIET_ZONE, qr_code, qr_lines

LINK = "http://192.168.1.23:8000/?password=maple-otter-cloud-seven"
LINK_60 = "http://192.168.100.123:8000/?password=hill-apron-bloom-seven"
HALVES = {"█": (True, True), "▀": (True, False), "▄": (False, True), " ": (False, False)}
FINDER = [
    "#######",
    "#.....#",
    "#.###.#",
    "#.###.#",
    "#.###.#",
    "#.....#",
    "#######",
]


def modules_from(lines: list[str], *, light_on_dark: bool = False) -> list[list[bool]]:
    """Rebuild the module rows (True: dark) from the characters, as a camera would see them."""
    rows: list[list[bool]] = []
    for line in lines:
        halves = [HALVES[c] for c in line]
        if light_on_dark:
            halves = [(not top, not bottom) for top, bottom in halves]
        rows.append([top for top, _ in halves])
        rows.append([bottom for _, bottom in halves])
    return rows


def segno_modules(text: str) -> list[list[bool]]:
    return [[bool(m) for m in row] for row in qr_code(text).matrix]


def assert_round_trip(text: str, lines: list[str], border: int, *, light_on_dark: bool = False) -> None:
    expected = segno_modules(text)
    size = len(expected)
    rows = modules_from(lines, light_on_dark=light_on_dark)
    assert [row[border:border + size] for row in rows[border:border + size]] == expected
    inside = {(r, c) for r in range(border, border + size) for c in range(border, border + size)}
    outside = [(r, c) for r, row in enumerate(rows) for c, dark in enumerate(row) if dark and (r, c) not in inside]
    assert outside == [], "the quiet zone is all light"


def finder_at(rows: list[list[bool]], top: int, left: int) -> bool:
    return all(
        rows[top + r][left + c] == (FINDER[r][c] == "#") for r in range(7) for c in range(7)
    )


# The shape ----------------------------------------------------------------------


def test_a_60_character_link_fits_an_80x24_terminal_with_the_full_quiet_zone() -> None:
    assert len(LINK_60) == 60
    lines = qr_lines(LINK_60)
    assert (len(lines[0]), len(lines)) == (41, 21)  # version 4: 33 modules and 4 light ones each side
    assert {len(line) for line in lines} == {41}


def test_each_line_holds_two_rows_of_modules_and_only_half_blocks() -> None:
    lines = qr_lines(LINK)
    size = len(segno_modules(LINK)) + 2 * QUIET_ZONE
    assert len(lines) == (size + 1) // 2
    assert {len(line) for line in lines} == {size}
    assert set("".join(lines)) <= set(HALVES)


def test_the_quiet_zone_is_four_light_modules_all_round() -> None:
    lines = qr_lines(LINK)
    assert lines[0].strip() == lines[1].strip() == ""  # four rows of light modules on top
    assert all(line[:4] == "    " and line[-4:] == "    " for line in lines)
    rows = modules_from(lines)
    assert not any(rows[-4]) and not any(rows[-1])


def test_the_three_finder_patterns_sit_in_three_corners() -> None:
    rows = modules_from(qr_lines(LINK))
    size = len(segno_modules(LINK))
    far = QUIET_ZONE + size - 7
    assert finder_at(rows, QUIET_ZONE, QUIET_ZONE)
    assert finder_at(rows, QUIET_ZONE, far)
    assert finder_at(rows, far, QUIET_ZONE)
    assert not finder_at(rows, far, far)


# The modules, exactly ----------------------------------------------------------


def test_the_lines_hold_segnos_modules_exactly() -> None:
    assert_round_trip(LINK, qr_lines(LINK), QUIET_ZONE)


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=120))
def test_any_text_round_trips_through_the_lines(text: str) -> None:
    assert_round_trip(text, qr_lines(text), QUIET_ZONE)


def test_light_on_dark_draws_the_light_modules_instead() -> None:
    dark_on_light = qr_lines(LINK)
    light_on_dark = qr_lines(LINK, light_on_dark=True)
    swap = {"█": " ", " ": "█", "▀": "▄", "▄": "▀"}
    assert light_on_dark == ["".join(swap[c] for c in line) for line in dark_on_light]
    assert_round_trip(LINK, light_on_dark, QUIET_ZONE, light_on_dark=True)


def test_a_smaller_quiet_zone_when_asked_but_never_below_two() -> None:
    lines = qr_lines(LINK, border=2)
    assert len(lines[0]) == len(segno_modules(LINK)) + 4
    assert_round_trip(LINK, lines, 2)
    with pytest.raises(ValueError, match="at least 2"):
        qr_lines(LINK, border=1)


def test_never_a_micro_qr_code() -> None:
    # segno picks a Micro QR for short text unless told not to; phones' cameras read them badly.
    assert segno.make("x").is_micro
    assert not qr_code("x").is_micro
    assert len(qr_lines("x")[0]) == 21 + 2 * QUIET_ZONE


# A real decoder, where one is installed (Debian: apt-get install zbar-tools) ----------


def picture(lines: list[str], path: Path, *, light_on_dark: bool) -> None:
    """The lines as a terminal draws them, 4 pixels per column and 8 per line, as a PGM picture."""
    ink, paper = (255, 0) if light_on_dark else (0, 255)
    pixels = bytearray()
    for line in lines:
        for half in (0, 1):
            row = bytearray()
            for c in line:
                row += bytes([ink if HALVES[c][half] else paper]) * 4
            pixels += bytes(row) * 4
    path.write_bytes(b"P5 %d %d 255\n" % (len(lines[0]) * 4, len(lines) * 8) + bytes(pixels))


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (Debian's zbar-tools) is not installed")
@pytest.mark.parametrize("light_on_dark", [False, True])
def test_a_decoder_reads_the_link_back(tmp_path: Path, light_on_dark: bool) -> None:
    path = tmp_path / "code.pgm"
    picture(qr_lines(LINK, light_on_dark=light_on_dark), path, light_on_dark=light_on_dark)
    done = subprocess.run(["zbarimg", "--quiet", "--raw", str(path)], capture_output=True, text=True, timeout=30)
    assert done.stdout.strip() == LINK
