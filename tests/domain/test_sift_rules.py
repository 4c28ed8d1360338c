"""The sift's pure rules: each reviewer's order, the redaction aid, totals and ties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from panel_tui.domain.sift import (
    REMOVED,
    NameFinder,
    find_details,
    next_applicant_code,
    ranks,
    reviewer_order,
    sift_total,
    without_details,
)

IDS = [f"applicant{n}" for n in range(20)]


def test_order_is_stable_for_a_reviewer_and_differs_between_reviewers() -> None:
    mine = reviewer_order("s1", "ann", "q1", IDS)
    assert mine == reviewer_order("s1", "ann", "q1", list(reversed(IDS)))
    assert sorted(mine) == sorted(IDS)
    others = {tuple(reviewer_order("s1", m, "q1", IDS)) for m in ("ann", "bob", "cat", "dee", "eve")}
    assert len(others) == 5
    assert mine != reviewer_order("s1", "ann", "q2", IDS)  # and from question to question
    assert mine != reviewer_order("s2", "ann", "q1", IDS)


def test_an_applicant_added_later_does_not_move_the_others() -> None:
    before = reviewer_order("s", "ann", "q", IDS)
    after = reviewer_order("s", "ann", "q", [*IDS, "late"])
    assert [a for a in after if a != "late"] == before


def test_finds_own_name_emails_phones_and_titled_names() -> None:
    text = "My name is Jo Bloggs. Call 07700 900123 or +44 7700 900123, or mail jo.b@example.org. Mrs Patel knows Jo."
    found = find_details("q", text, "Jo Bloggs")
    kinds = {(f.kind, f.text) for f in found}
    assert ("own name", "Jo Bloggs") in kinds and ("own name", "Jo") in kinds
    assert ("phone", "07700 900123") in kinds and ("phone", "+44 7700 900123") in kinds
    assert ("email", "jo.b@example.org") in kinds and ("name", "Mrs Patel") in kinds
    assert all(text[f.start:f.end] == f.text for f in found)


def test_a_name_that_is_also_a_word_is_found_only_as_a_name() -> None:
    found = find_details("q", "I hope to help. Hope is my name.", "Hope Smith")
    assert [f.text for f in found] == ["Hope"]


def test_years_and_short_numbers_are_not_phones() -> None:
    assert find_details("q", "From 2019 to 2021 I worked 37.5 hours, 12 weeks.", "Ann Lee") == []


def test_known_names_are_found_in_any_case() -> None:
    found = find_details("q", "I worked with sam lee and SAM LEE.", "Jo Bloggs", NameFinder(["Sam Lee", "Jo Bloggs"]))
    assert [(f.kind, f.text) for f in found] == [("name", "sam lee"), ("name", "SAM LEE")]


def test_without_details_replaces_every_span() -> None:
    text = "I am Jo Bloggs, jo@example.org."
    assert without_details(text, find_details("q", text, "Jo Bloggs")) == f"I am {REMOVED}, {REMOVED}."


@given(st.text(max_size=200), st.text(alphabet="abcdefghij ", max_size=20))
def test_spans_are_in_order_inside_the_text_and_never_overlap(text: str, name: str) -> None:
    found = find_details("q", text, name)
    assert all(0 <= f.start < f.end <= len(text) for f in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_totals_spread_and_flags() -> None:
    figures = sift_total({"q1": [4, 2], "q2": [3], "q3": []}, threshold=2)
    assert figures.total == 6.0 and figures.spread == 2 and figures.flagged and figures.flagged_questions == ("q1",)
    assert sift_total({"q1": []}, 2).total is None


def test_ties_share_a_rank_and_are_marked() -> None:
    assert ranks([3.0, 5.0, 3.0, None, 1.0]) == [(2, True), (1, False), (2, True), (None, False), (4, False)]


def test_next_applicant_code() -> None:
    from panel_tui.domain.sift import Applicant

    assert next_applicant_code([Applicant(code="A01", name="x"), Applicant(code="A03", name="y")]) == "A02"
