"""Every printable page passes axe-core for WCAG 2.2 AA in headless Chromium, and prints right on A4.

The pages: the three printable packs (issue 13, points 4 and 5), the HR report (written by the
services' export) and the PIN slips page. Each is opened in the system's Chromium (Debian's
`chromium`, driven by Playwright for Python with its executable path: `playwright install` is never
needed) and checked by axe-core, as bundled by axe-playwright-python, with the WCAG 2.0, 2.1 and 2.2
A and AA rules; the packs also with axe's enhanced (AAA) contrast rule, since they are meant to be
high contrast. Each pack is then printed to PDF on A4 and pictured as a PNG at A4 width in print
media, and the pages are counted and the type measured as the browser laid them out. The pictures
are deleted after each test; set PANEL_TUI_PACK_PICTURES to a folder to keep a copy and look at
them (as was done when this test was written).

Where Chromium is missing the tests are skipped, except when PANEL_TUI_REQUIRE_BROWSER is set (CI
sets it, after installing Chromium): then they fail. One browser serves the whole module.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from panel_tui.export.pin_slips import PinSlip, PinSlips, render_pin_slips, write_pin_slips
from panel_tui.services import OpenedSession, new_session
from panel_tui.services.demo import ensure_demo
from panel_tui.services.packs import Pack, print_packs

from .builders import Round, copy_round

pytestmark = pytest.mark.timeout(120)

CHROMIUM = shutil.which("chromium")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
"""axe-core's tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA (2.2 added AA rules only)."""
A4_VIEWPORT = {"width": 794, "height": 1123}
"""210 x 297 mm at the browser's 96 pixels to the inch."""
A4_POINTS = (595.92, 842.88)
"""What Chromium writes as an A4 page's MediaBox, in points (210 x 297 mm, rounded to its grid)."""
PICTURES_ENV = "PANEL_TUI_PACK_PICTURES"

SMALLEST_TYPE = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const element = node.parentElement;
    if (!element.getClientRects().length) continue;  // not laid out: hidden in print
    found.push([parseFloat(getComputedStyle(element).fontSize), node.textContent.trim().slice(0, 40)]);
  }
  found.sort((a, b) => a[0] - b[0]);
  return found.slice(0, 3);
}"""
"""The three smallest pieces of text shown, with their computed size in CSS pixels."""


def _missing(what: str) -> None:
    if os.environ.get("PANEL_TUI_REQUIRE_BROWSER"):  # set by .ci/run, which installs Chromium: never skipped in CI
        pytest.fail(f"{what} is not installed, but this run requires the browser tests")
    pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        _missing("Chromium (apt-get install chromium)")
    try:
        import axe_playwright_python  # noqa: F401
    except ImportError:
        _missing("axe-playwright-python (pip install -e '.[test]')")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass(frozen=True)
class Printed:
    pages: int
    page_size: tuple[float, float]
    picture_size: tuple[int, int]
    smallest: list[tuple[float, str]]


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _pdf_pages(pdf: bytes) -> tuple[int, tuple[float, float]]:
    assert pdf.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]", pdf)
    assert box is not None
    return pages, (float(box.group(1)), float(box.group(2)))


def check(
    browser: object, page_file: Path, tmp_path: Path, *,
    enhanced_contrast: bool = False, picture: bool = True, width: int = A4_VIEWPORT["width"],
) -> Printed | None:
    """axe's WCAG A and AA rules find nothing; then, for a pack, its PDF and PNG at A4, deleted after."""
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": width, "height": A4_VIEWPORT["height"]})  # type: ignore[attr-defined]
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(page_file.as_uri())
        options: dict[str, object] = {"runOnly": {"type": "tag", "values": WCAG_AA}}
        if enhanced_contrast:  # the AAA contrast rule as well, in the same pass
            options["rules"] = {"color-contrast-enhanced": {"enabled": True}}
        results = Axe().run(page, options=options)
        assert results.violations_count == 0, f"{page_file.parent.name}/{page_file.name}:\n{results.generate_report()}"
        assert [u for u in requests if not u.startswith("file:")] == [], "nothing fetched from anywhere"
        if not picture:
            return None
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        png = page.screenshot(full_page=True)
        smallest = [(round(size * 72 / 96, 2), text) for size, text in page.evaluate(SMALLEST_TYPE)]  # px to pt
    finally:
        page.close()
    keep = os.environ.get(PICTURES_ENV)
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / f"{page_file.parent.name}-{page_file.stem}.pdf").write_bytes(pdf)
        (Path(keep) / f"{page_file.parent.name}-{page_file.stem}.png").write_bytes(png)
    pictures = [tmp_path / f"{page_file.stem}.pdf", tmp_path / f"{page_file.stem}.png"]
    for path, data in zip(pictures, (pdf, png), strict=True):
        path.write_bytes(data)
    pages, size = _pdf_pages(pictures[0].read_bytes())
    picture_size = _png_size(pictures[1].read_bytes())
    for path in pictures:
        path.unlink()
    return Printed(pages, size, picture_size, smallest)


def _is_a4(printed: Printed) -> bool:
    width, height = printed.page_size
    return abs(width - A4_POINTS[0]) < 2 and abs(height - A4_POINTS[1]) < 2 and printed.picture_size[0] == A4_VIEWPORT["width"]


# The sessions ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every pack of the demo round (7 questions, 4 candidates, 5 scorers), and the question packs one a page."""
    path, _ = ensure_demo(tmp_path_factory.mktemp("demo"))
    tool = OpenedSession.open(path).as_tool("test")
    out = tmp_path_factory.mktemp("packs")
    files = {p.name: p for p in print_packs(tool, folder=out / "packs").files}
    for p in print_packs(tool, [Pack.SCORE_SHEETS], out / "packs", candidate_code="C03").files:
        files[p.name] = p  # 5 sheets of 7 questions: axe's time grows with the page
    for p in print_packs(tool, [Pack.QUESTIONS, Pack.EASY_READ], out / "one-a-page", one_per_page=True).files:
        files[f"one-a-page/{p.name}"] = p
    return files


@pytest.fixture(scope="module")
def short_sheets(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """Score sheets of a round whose sheets each fit on one page: 3 scorers, 2 candidates, 2 short questions."""
    opened, chair = new_session(tmp_path_factory.mktemp("short"), "Peer mentor", chair_name="Sam Chair", chair_group="staff")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    svc.add_member("Dee Member", "member")
    svc.add_member("Vic Volunteer", "volunteer")
    svc.add_candidate("Alex Kim")
    svc.add_candidate("Jo Park")
    for text in ("Tell us about supporting someone.", "What does a good boundary look like?"):
        svc.set_question_status(svc.propose_question(text).id, "agreed")
    svc.lock_questions()
    printed = print_packs(opened.as_tool("test"), [Pack.SCORE_SHEETS], tmp_path_factory.mktemp("short-out"))
    return printed.files[0], 6


# The packs ----------------------------------------------------------------------------------


def test_the_candidates_question_pack_is_accessible_and_large_print_on_a4(browser, demo_packs, tmp_path: Path) -> None:
    for name in ("questions-large-print.html", "questions-large-print-plain-words.html"):
        printed = check(browser, demo_packs[name], tmp_path, enhanced_contrast=True)
        assert printed is not None and _is_a4(printed), name
        assert printed.smallest[0][0] >= 16, f"{name}: the smallest text printed is {printed.smallest}"
        assert 1 <= printed.pages <= 3, f"{name}: 7 short questions in large print, {printed.pages} pages"


def test_one_question_a_page_prints_one_question_on_each_page(browser, demo_packs, tmp_path: Path) -> None:
    printed = check(browser, demo_packs["one-a-page/questions-large-print.html"], tmp_path)
    assert printed is not None and _is_a4(printed)
    assert printed.pages == 1 + 7, "the heading page, then one page for each of the 7 questions"
    easy = check(browser, demo_packs["one-a-page/questions-easy-read.html"], tmp_path)
    assert easy is not None and easy.pages == 1 + 7, "how we score, then one page for each question"


def test_the_easy_read_pack_is_accessible_and_large_print_on_a4(browser, demo_packs, tmp_path: Path) -> None:
    printed = check(browser, demo_packs["questions-easy-read.html"], tmp_path, enhanced_contrast=True)
    assert printed is not None and _is_a4(printed)
    assert printed.smallest[0][0] >= 16, f"the smallest text printed is {printed.smallest}"


def test_the_paper_score_sheets_are_accessible_on_a4_and_each_starts_a_page(browser, demo_packs, short_sheets, tmp_path: Path) -> None:
    printed = check(browser, demo_packs["score-sheets-C03.html"], tmp_path, enhanced_contrast=True)
    assert printed is not None and _is_a4(printed)
    assert printed.smallest[0][0] >= 10, f"the smallest text printed is {printed.smallest}"
    page_file, sheets = short_sheets
    short = check(browser, page_file, tmp_path)
    assert short is not None and short.pages == sheets, "one page for each sheet: 3 scorers x 2 candidates"


# The report and the PIN slips -----------------------------------------------------------------


@pytest.fixture(scope="module")
def reports(template: Round, hostile_template: Round, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """report.html of the export tests' round, and of the round with hostile names, as the services' export writes it."""
    out = tmp_path_factory.mktemp("reports")
    files = {}
    for name, source in (("round", template), ("hostile", hostile_template)):
        r = copy_round(source, out / f"{name}-session")
        files[name] = r.tool().export(out / name, ["html"]).files[0]
    return files


@pytest.mark.parametrize(
    ("session", "width"),
    [
        ("round", 1280),
        ("round", 794),
        ("round", 375),  # a phone: wide tables scroll in a box the keyboard can reach (WCAG 2.1.1)
        ("hostile", 1280),  # long unbroken names and notes make a table wide
    ],
    ids=["laptop", "A4 width", "phone", "long words, laptop"],
)
def test_the_hr_report_passes_axe(browser, reports: dict[str, Path], session: str, width: int, tmp_path: Path) -> None:
    check(browser, reports[session], tmp_path, picture=False, width=width)


def test_the_pin_slips_page_passes_axe(browser, tmp_path: Path) -> None:
    slips = PinSlips(
        "Peer mentor", "Harbour Recovery Community",
        tuple(PinSlip(f"m{n}", name, group, role, f"{n}{n}{n}{n}") for n, (name, group, role) in enumerate(
            [("Priya Shah", "Staff", "Chair"), ("Dee Morgan", "Member", "Panel member"), ("Vic Taylor", "Volunteer", "Panel member")]
        )),
    )
    page = write_pin_slips(render_pin_slips(slips), tmp_path / "slips")
    check(browser, page, tmp_path, picture=False)
