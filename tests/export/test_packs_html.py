"""The printable packs read back with html.parser: self-contained, headings in order, large print, escaped.

The same pages are rendered in Chromium and checked with axe in test_packs_accessibility.py.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from panel_tui.export.packs import (
    CandidatePack,
    EasyReadPack,
    EasyReadQuestion,
    PackTitle,
    PaperField,
    PaperQuestion,
    PaperSheet,
    ScalePoint,
    ScoreSheetsPack,
    render_candidate_pack,
    render_easy_read_pack,
    render_score_sheets,
)

TITLE = PackTitle("Peer mentor", "Harbour Recovery Community")
SCALE = tuple(ScalePoint(v, label) for v, label in enumerate(["No evidence", "Limited", "Some", "Good", "Strong"]))


class Page(HTMLParser):
    """Start tags, headings (level and text) in order, the title, the text of each class, the boxes to write in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[int, str]] = []
        self.title = ""
        self.by_class: dict[str, list[str]] = {}
        self.boxes: list[tuple[str, str]] = []
        self._open: list[tuple[str, str]] = []
        self._text: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("data-field"):
            self.boxes.append((str(attributes.get("data-question")), str(attributes["data-field"])))
        if tag in {"meta"}:
            return
        self._open.append((tag, attributes.get("class") or ""))
        self._text.append([])

    def handle_endtag(self, tag: str) -> None:
        if not self._open or self._open[-1][0] != tag:
            return
        _, css = self._open.pop()
        text = " ".join("".join(self._text.pop()).split())
        if self._text:
            self._text[-1].append(f" {text} ")
        if tag == "title":
            self.title = text
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append((int(tag[1]), text))
        for name in css.split():
            self.by_class.setdefault(name, []).append(text)

    def handle_data(self, data: str) -> None:
        if self._text:
            self._text[-1].append(data)


def parse(page: str) -> Page:
    parsed = Page()
    parsed.feed(page)
    parsed.close()
    return parsed


def candidate(*questions: str, plain: bool = False) -> CandidatePack:
    return CandidatePack(TITLE, questions, plain)


def easy_read(*words: str) -> EasyReadPack:
    questions = tuple(
        EasyReadQuestion(n, text, "easy read" if n == 1 else "plain words", ("Gives a real example", "Listens"))
        for n, text in enumerate(words, start=1)
    )
    return EasyReadPack(TITLE, SCALE, questions)


def sheets(member: str = "Dee Morgan", label: str = "C01 Jordan Ellis", *questions: str) -> ScoreSheetsPack:
    words = questions or ("Tell us about a time you listened.", "What would you do in a crisis?")
    qs = tuple(
        PaperQuestion(f"q{n}", n, text, tuple(replace_anchor(SCALE, n)), ("Gives a real example",))
        for n, text in enumerate(words, start=1)
    )
    fields = tuple(PaperField(q.question_id, q.number, kind) for q in qs for kind in ("score", "note"))
    sheet = PaperSheet("m1", member, "Member", "c1", label, qs, fields)
    other = PaperSheet("m2", "Vic Taylor", "Volunteer", "c1", label, qs, fields)
    return ScoreSheetsPack(TITLE, 0, 4, (sheet, other))


def replace_anchor(points: tuple[ScalePoint, ...], number: int) -> list[ScalePoint]:
    return [ScalePoint(p.value, p.label, f"What {p.label} looks like for question {number}") for p in points]


PAGES = {
    "candidate": lambda: render_candidate_pack(candidate("Tell us about you.", "Why this job?")),
    "candidate, one a page": lambda: render_candidate_pack(candidate("Tell us about you.", "Why?"), one_per_page=True),
    "easy read": lambda: render_easy_read_pack(easy_read("You listened to someone. Tell us about it.", "Why?")),
    "score sheets": lambda: render_score_sheets(sheets()),
}


def test_every_pack_is_one_self_contained_a4_page_with_a_title_and_headings_in_order() -> None:
    for name, render in PAGES.items():
        page = render()
        parsed = parse(page)
        html_tag = next(attrs for tag, attrs in parsed.tags if tag == "html")
        assert html_tag.get("lang") == "en-GB", name
        assert parsed.title and "Peer mentor" in parsed.title, name
        levels = [level for level, _ in parsed.headings]
        assert levels.count(1) == 1 and levels[0] == 1, f"{name}: one h1, first"
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), f"{name}: no level skipped: {levels}"
        assert all(text for _, text in parsed.headings), name
        assert not any(tag in {"script", "link", "img", "iframe", "object"} for tag, _ in parsed.tags), name
        assert "http" not in page and "url(" not in page and "@import" not in page, f"{name}: nothing fetched"
        assert "size: A4" in page and "color: #000" in page and "background: #fff" in page, name
        assert not re.search(r"font-size:\s*[0-9.]+(px|em|rem|%)", page), f"{name}: every size in points"


def _sizes(page: str) -> list[float]:
    return [float(n) for n in re.findall(r"font-size:\s*([0-9.]+)pt", page)]


def test_the_candidates_and_easy_read_packs_are_large_print() -> None:
    for name in ("candidate", "candidate, one a page", "easy read"):
        sizes = _sizes(PAGES[name]())
        assert sizes and min(sizes) >= 16, f"{name}: text at least 16pt"
    assert min(_sizes(PAGES["easy read"]())) >= 16 and max(_sizes(PAGES["easy read"]())) >= 24


def test_the_candidates_pack_is_the_questions_numbered_and_one_a_page_when_asked() -> None:
    parsed = parse(render_candidate_pack(candidate("Tell us about you.", "Why this job?", plain=True)))
    assert [text for level, text in parsed.headings if level == 2] == ["Question 1 of 2", "Question 2 of 2"]
    assert parsed.by_class["question"] == ["Question 1 of 2 Tell us about you.", "Question 2 of 2 Why this job?"]
    assert "The questions are written here in plain words." in parsed.by_class["about"]
    body = next(attrs for tag, attrs in parse(PAGES["candidate, one a page"]()).tags if tag == "body")
    assert body.get("class") == "one-per-page"
    assert ".one-per-page .question { break-after: page" in PAGES["candidate, one a page"]()
    assert next(attrs for tag, attrs in parse(PAGES["candidate"]()).tags if tag == "body").get("class") is None


def test_easy_read_has_one_sentence_a_line_the_scale_in_words_and_says_which_version() -> None:
    parsed = parse(render_easy_read_pack(easy_read("You listened to someone. Tell us about it.\nWhat did you do", "Why?")))
    assert parsed.by_class["said"] == ["You listened to someone.", "Tell us about it.", "What did you do", "Why?"]
    assert parsed.by_class["scale"] == ["0 means No evidence. 1 means Limited. 2 means Some. 3 means Good. 4 means Strong."]
    assert parsed.by_class["version"] == ["There is no Easy Read version of this question yet. These are the plain words."]
    assert parsed.by_class["points"] == ["Gives a real example Listens"] * 2
    assert parse(render_easy_read_pack(easy_read("…?"))).by_class["said"] == ["…?"], "words with no letters still show"


def test_score_sheets_have_a_box_for_each_score_and_note_in_the_fields_order_one_sheet_a_page() -> None:
    pack = sheets()
    page = render_score_sheets(pack)
    parsed = parse(page)
    expected = [(f.question_id, f.kind) for sheet in pack.sheets for f in sheet.fields]
    assert parsed.boxes == expected
    assert [t for level, t in parsed.headings if level == 2] == [
        "Score sheet: Dee Morgan, candidate C01 Jordan Ellis", "Score sheet: Vic Taylor, candidate C01 Jordan Ellis",
    ]
    assert parsed.by_class["name"][:2] == ["Score (0 to 4)", "Note"]
    assert parsed.by_class["scale"][0].startswith("0 No evidence: What No evidence looks like for question 1")
    assert ".sheet { break-before: page" in page


def _structure(page: str) -> list[str]:
    """The tags of a page, but for the Easy Read lines: how many there are depends on the sentences typed."""
    return [tag for tag, attrs in parse(page).tags if attrs.get("class") != "said"]


hostile = st.text(min_size=1, max_size=40).filter(lambda s: s.strip() != "")


@given(words=hostile, name=hostile, vacancy=hostile)
def test_every_typed_text_is_escaped_and_adds_no_markup(words: str, name: str, vacancy: str) -> None:
    title = PackTitle(vacancy, "<b>Org</b>")
    pages = [
        render_candidate_pack(CandidatePack(title, (words,), False)),
        render_easy_read_pack(EasyReadPack(title, SCALE, (EasyReadQuestion(1, words, "easy read", (words,)),))),
        render_score_sheets(
            ScoreSheetsPack(title, 0, 4, sheets(name, name, words).sheets)
        ),
    ]
    reference = [
        render_candidate_pack(CandidatePack(PackTitle("V", "O"), ("Q",), False)),
        render_easy_read_pack(EasyReadPack(PackTitle("V", "O"), SCALE, (EasyReadQuestion(1, "Q", "easy read", ("G",)),))),
        render_score_sheets(ScoreSheetsPack(PackTitle("V", "O"), 0, 4, sheets("N", "L", "Q").sheets)),
    ]
    for page, plain in zip(pages, reference, strict=True):
        assert _structure(page) == _structure(plain), "typed text adds no markup"
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", page), "no raw control characters"
        assert "<b>Org</b>" not in page
    if not re.search(r"[\x00-\x1f\x7f-\x9f]", words) and "." not in words and "?" not in words and "!" not in words:
        assert parse(pages[0]).by_class["question"] == [f"Question 1 of 1 {' '.join(words.split())}"]
