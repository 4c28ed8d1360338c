"""The retention date and the legal hold in the report and the Excel file: worked out on the whole session.

The round (see builders.py) has one final outcome (C01's) and two that are
not final (C02, C04), so its date is 6 months after the day of C01's outcome.
"""

from __future__ import annotations

from datetime import UTC, date
from pathlib import Path

from panel_tui.domain.retention import add_months

from .builders import Round
from .conftest import Export, xlsx_cells


def written(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def expected_date(r: Round) -> str:
    """C01's final outcome, as a UTC day, 6 months on: worked out here, not by the code under test."""
    (final,) = [o for o in r.file.state().outcomes if o.final]
    return written(add_months(final.at.astimezone(UTC).date(), 6))


def about(workbook: Path) -> dict[str, str]:
    """The About sheet: label -> value."""
    rows = xlsx_cells(workbook)["About"]
    return {str(label): str(value) for label, value in rows}


def test_an_export_of_a_round_with_a_final_outcome_shows_its_date(round_: Round, export: Export) -> None:
    shown = f"{expected_date(round_)} (6 months after the last final outcome)"
    out, _ = export(round_, formats=("xlsx", "html"))
    html = (out / "report.html").read_text()
    assert f"<dt>Retention until</dt><dd>{shown}</dd>" in html
    assert about(out / "session.xlsx")["Retention until"] == shown
    assert "not set" not in html and "Legal hold" not in html


def test_a_subject_access_export_shows_the_date_of_the_whole_session(round_: Round, export: Export) -> None:
    """C02's own outcome is not final: the date still comes from C01's, which C02's export does not hold."""
    shown = f"{expected_date(round_)} (6 months after the last final outcome)"
    out, _ = export(round_, formats=("xlsx", "html"), candidate="C02")
    assert f"<dd>{shown}</dd>" in (out / "C02-report.html").read_text()
    assert about(out / "C02-session.xlsx")["Retention until"] == shown


def test_a_date_set_by_hand_is_shown_as_such(round_: Round, export: Export) -> None:
    round_.chair.update_details(retention_until=date(2027, 3, 31))
    out, _ = export(round_, formats=("xlsx", "html"))
    assert "<dd>31 March 2027 (set by hand)</dd>" in (out / "report.html").read_text()
    assert about(out / "session.xlsx")["Retention until"] == "31 March 2027 (set by hand)"


def test_a_legal_hold_is_shown_with_names_replaced_as_the_options_say(round_: Round, export: Export) -> None:
    round_.chair.update_details(legal_hold="Tribunal claim by Casey Quillfeather")
    out, _ = export(round_, "named", formats=("xlsx", "html"))
    hold = "Tribunal claim by Casey Quillfeather. Nothing is purged while the hold is on."
    assert f"<dt>Legal hold</dt><dd>{hold}</dd>" in (out / "report.html").read_text()
    assert about(out / "session.xlsx")["Legal hold"] == hold

    coded, _ = export(round_, "coded", formats=("xlsx", "html"), codes_only=True)
    hold = "Tribunal claim by C01. Nothing is purged while the hold is on."
    assert f"<dt>Legal hold</dt><dd>{hold}</dd>" in (coded / "report.html").read_text()
    assert about(coded / "session.xlsx")["Legal hold"] == hold


def test_the_same_round_exported_again_gives_the_same_bytes(round_: Round, export: Export) -> None:
    first, _ = export(round_, "first", formats=("xlsx", "html"))
    second, _ = export(round_, "second", formats=("xlsx", "html"))
    for name in ("report.html", "session.xlsx"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_a_legal_hold_naming_a_candidate_leaves_session_json_by_code_only(round_: Round, export: Export) -> None:
    """The session's own details go through the redactor too: a hold's reason may name a candidate."""
    round_.chair.update_details(legal_hold="Tribunal claim by Casey Quillfeather")
    coded, _ = export(round_, "coded", formats=("json",), codes_only=True)
    written_json = (coded / "session.json").read_text()
    assert "Quillfeather" not in written_json
    assert "Tribunal claim by C01" in written_json
