"""pin-slips.html read back with html.parser: one slip per person, plain steps, large print, everything escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from panel_tui.export.pin_slips import PinSlip, PinSlips, render_pin_slips

STEPS = [
    "Open the link, or scan the QR code the chair shows.",
    "Choose your own name.",
    "Type this PIN.",
]


class Page(HTMLParser):
    """Every start tag, the text of each slip (a section), its heading and its steps."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self.slips: list[dict[str, object]] = []
        self._in: list[str] = []
        self._slip: dict[str, object] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in.append(tag)
        if tag == "section":
            self._slip = {"text": [], "heading": "", "steps": []}
            self.slips.append(self._slip)
        if tag == "li" and self._slip is not None:
            self._slip["steps"].append("")  # type: ignore[attr-defined]

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()
        if tag == "section":
            self._slip = None

    def handle_data(self, data: str) -> None:
        if "title" in self._in:
            self.title += data
        slip = self._slip
        if slip is None:
            return
        slip["text"].append(data)  # type: ignore[attr-defined]
        if "h2" in self._in:
            slip["heading"] = str(slip["heading"]) + data
        if "li" in self._in:
            steps = slip["steps"]
            steps[-1] += data  # type: ignore[index]


def parse(page: str) -> Page:
    parsed = Page()
    parsed.feed(page)
    parsed.close()
    return parsed


def slips(*people: tuple[str, str], vacancy: str = "Peer mentor", organisation: str = "Harbour") -> PinSlips:
    return PinSlips(
        vacancy=vacancy,
        organisation=organisation,
        slips=tuple(PinSlip(f"m{i}", name, "Member", "Panel member", pin) for i, (name, pin) in enumerate(people)),
    )


def test_one_slip_per_person_with_name_pin_session_and_three_steps() -> None:
    page = render_pin_slips(slips(("Ana Lopez", "4821"), ("Ben Okafor", "0307")))
    parsed = parse(page)
    assert [s["heading"] for s in parsed.slips] == ["Ana Lopez", "Ben Okafor"]
    for slip, pin in zip(parsed.slips, ("4821", "0307"), strict=True):
        text = " ".join("".join(slip["text"]).split())  # type: ignore[arg-type]
        assert f"Your PIN: {pin}" in text
        assert "Peer mentor" in text and "Harbour" in text
        assert "Member, Panel member" in text
        assert [" ".join(s.split()) for s in slip["steps"]] == STEPS  # type: ignore[union-attr]


def test_the_page_is_self_contained_accessible_and_large_print() -> None:
    page = render_pin_slips(slips(("Ana Lopez", "4821")))
    parsed = parse(page)
    html_tag = next(attrs for tag, attrs in parsed.tags if tag == "html")
    assert html_tag.get("lang")
    assert parsed.title.strip() == "PIN slips: Peer mentor"
    assert sum(1 for tag, _ in parsed.tags if tag == "h1") == 1
    assert not any(tag in {"script", "link", "img", "iframe"} for tag, _ in parsed.tags), "nothing fetched, nothing run"
    assert "http" not in page and "url(" not in page and "@import" not in page
    assert "size: A4" in page
    sizes = [float(n) for n in re.findall(r"font-size:\s*([0-9.]+)pt", page)]
    assert sizes and min(sizes) >= 16, "text at least 16pt"
    assert not re.search(r"font-size:\s*[0-9.]+(px|em|rem|%)", page), "every size in points, so none is smaller"
    assert "dashed" in page, "a dashed line to cut along"
    assert "delete" in page.lower(), "the page tells the chair to delete it once printed"


names = st.text(min_size=1, max_size=40).filter(lambda s: s.strip() != "")


@given(name=names, vacancy=names, organisation=st.text(max_size=30))
def test_every_name_is_escaped_and_reads_back_as_typed(name: str, vacancy: str, organisation: str) -> None:
    page = render_pin_slips(slips((name, "1234"), vacancy=vacancy, organisation=organisation))
    parsed = parse(page)
    tags = [tag for tag, _ in parsed.tags]
    assert tags.count("section") == 1 and tags.count("h2") == 1 and "script" not in tags, "a name adds no markup"
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", page), "no raw control characters"
    heading = str(parsed.slips[0]["heading"])
    if re.search(r"[\x00-\x1f\x7f-\x9f]", name) is None:
        assert heading == name
