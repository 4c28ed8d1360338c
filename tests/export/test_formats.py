"""Each format read back by a real reader and checked against the session's own figures."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import orjson

from panel_tui.domain import reconcile
from panel_tui.export import FILES, export_all
from panel_tui.export.rows import scores_table

from .builders import Round
from .conftest import Export, export_view, read_csv, snapshot, xlsx_cells


def _expected_summary(r: Round) -> dict[str, dict[str, str]]:
    """From the domain, not from the export: code -> total, rank, tie, outcome."""
    state = r.file.state()
    ranked = {x.candidate.code: x for x in reconcile.rank_candidates(state, "agreed")}
    expected = {}
    for c in state.candidates:
        total = reconcile.agreed_total(state, c.id)
        outcome = state.outcome(c.id)
        expected[c.code] = {
            "Agreed total": "" if total is None else str(total),
            "Rank": "" if total is None else str(ranked[c.code].rank),
            "tied": ranked[c.code].tied,
            "Outcome": outcome.decision.value if outcome else "",
        }
    return expected


def test_summary_csv_matches_the_sessions_totals_ranks_ties_and_outcomes(round_: Round, export: Export) -> None:
    out, _ = export(round_, formats=("csv",))
    rows = {row["Candidate code"]: row for row in read_csv(out / "summary.csv")}
    expected = _expected_summary(round_)
    assert set(rows) == set(expected)
    for code, want in expected.items():
        row = rows[code]
        assert row["Agreed total"] == want["Agreed total"]
        assert row["Rank"] == want["Rank"]
        assert row["Outcome"] == want["Outcome"]
        assert bool(row["Tie"]) == want["tied"]
        assert row["Maximum possible"] == "12"
    assert rows["C01"]["Tie"] == "tied with C02" and rows["C02"]["Tie"] == "tied with C01"
    assert rows["C01"]["Rank"] == rows["C02"]["Rank"] == "1" and rows["C04"]["Rank"] == "3"
    assert [rows["C02"][q] for q in ("Q1", "Q2", "Q3")] == ["2", "3", "4"]
    assert rows["C01"]["Sign-off"] == "panel consensus"
    assert rows["C02"]["Sign-off"] == "chair's decision, dissent noted"
    assert "Bartholomew Volunteer" in rows["C02"]["Dissent"]
    assert rows["C03"]["Sign-off"] == "agreement not opened"
    assert rows["C01"]["Final"] == "yes" and rows["C02"]["Final"] == "no"
    assert rows["C01"]["Candidate name"] == "Casey Quillfeather"


def test_scores_csv_has_a_row_per_submitted_score_of_opened_candidates(round_: Round, export: Export) -> None:
    out, _ = export(round_, formats=("csv",))
    rows = read_csv(out / "scores.csv")
    state = round_.file.state()
    numbers = {q.id: f"Q{i}" for i, q in enumerate(state.agreed_questions, start=1)}
    expected = {
        (state.candidate(s.candidate_id).code, state.member(s.member_id).name, numbers[q]): str(v)
        for s in state.sheets
        if s.submitted and state.reconciliation(s.candidate_id) is not None
        for q, v in s.scores.items()
    }
    got = {(r["Candidate code"], r["Panel member"], r["Question"]): r["Score"] for r in rows}
    assert got == expected
    assert len(rows) == 33  # C01, C02: 4 sheets x 3; C04: 3 submitted sheets x 3
    paper = [r for r in rows if r["Candidate code"] == "C02" and r["Panel member"] == "Siobhan Staffwell"]
    assert {r["Entered by"] for r in paper} == {"Chair Penhaligon"}
    bob_c02 = [r for r in rows if r["Candidate code"] == "C02" and r["Panel member"] == "Bartholomew Volunteer"]
    assert {r["Conflict declared"] for r in bob_c02} == {"soft: peer (Met at a support group)"}
    assert {r["Group"] for r in rows} == {"Member", "Volunteer", "Staff"}
    assert all(datetime.fromisoformat(r["Submitted at (UTC)"]) for r in rows)


def test_audit_csv_holds_every_event_with_who_when_what_from_to(round_: Round, export: Export) -> None:
    state, events = snapshot(round_)
    out, _ = export(round_, formats=("csv",))
    rows = read_csv(out / "audit.csv")
    assert len(rows) == len(events)
    assert list(rows[0]) == ["When (UTC)", "Who", "Action", "What", "From", "To"]
    assert [r["Action"] for r in rows] == [e.action for e in events]
    agreed = [r for r in rows if r["Action"] == "set an agreed score" and r["What"].startswith("C01")]
    assert agreed and agreed[0]["What"] == "C01, question 1" and "score: 3" in agreed[0]["To"]
    assert agreed[0]["Who"] == "Chair Penhaligon"


def test_xlsx_sheets_read_back_with_numbers_as_numbers_and_the_same_rows(round_: Round, export: Export) -> None:
    from openpyxl import load_workbook

    out, _ = export(round_, formats=("xlsx",))
    cells = xlsx_cells(out / "session.xlsx")
    assert list(cells) == ["Summary", "Scores", "Agreed", "Questions", "Panel", "Audit", "About"]
    summary = {row[0]: dict(zip(cells["Summary"][0], row, strict=True)) for row in cells["Summary"][1:]}
    expected = _expected_summary(round_)
    for code, want in expected.items():
        total = summary[code]["Agreed total"]
        assert (total is None and want["Agreed total"] == "") or total == int(want["Agreed total"])
        assert isinstance(total, int | type(None))
    assert summary["C01"]["Rank"] == 1 and summary["C02"]["Tie"] == "tied with C01"
    state, events = snapshot(round_)
    table = scores_table(export_view(round_))
    assert len(cells["Scores"]) == len(table.rows) + 1
    score_col = table.headers.index("Score")
    assert [row[score_col] for row in cells["Scores"][1:]] == [row[score_col] for row in table.rows]
    assert all(isinstance(row[score_col], int) for row in cells["Scores"][1:])
    submitted = table.headers.index("Submitted at (UTC)")
    assert all(isinstance(row[submitted], datetime) for row in cells["Scores"][1:])
    assert len(cells["Audit"]) == len(events) + 1
    book = load_workbook(out / "session.xlsx")
    sheet = book["Summary"]
    assert sheet.freeze_panes == "C2", "header row and the candidate's code and name stay in view"
    assert sheet["A1"].font.b, "the header row is styled"
    assert sheet.column_dimensions["A"].width and sheet.column_dimensions["A"].width >= 8


def test_json_holds_the_whole_session_and_its_figures(round_: Round, export: Export) -> None:
    out, _ = export(round_, formats=("json",))
    doc = orjson.loads((out / "session.json").read_bytes())
    state, events = snapshot(round_)
    assert doc["format"] == "panel-tui session export" and doc["schema_version"] == 2 and doc["scope"] == "session"
    assert doc["session"]["vacancy"] == "Peer mentor"
    assert {m["name"] for m in doc["members"]} == {m.name for m in state.members}
    assert len(doc["audit"]) == len(events)
    results = {r["code"]: r for r in doc["results"]}
    assert results["C01"]["agreed_total"] == reconcile.agreed_total(state, round_.candidates["C01"]) == 9
    assert results["C01"]["tied_with"] == ["C02"] and results["C04"]["rank"] == 3
    assert results["C03"]["rank"] is None
    assert doc["withheld"] == {
        "draft_sheets": 1, "unopened_candidates": ["C03"], "unopened_sheets": 4, "notes_left_out": False
    }


def test_each_format_alone_writes_its_files(round_: Round, tmp_path: Path) -> None:
    view = export_view(round_)
    for fmt in FILES:
        result = export_all(view, tmp_path / fmt, formats=[fmt])
        assert [p.name for p in result.files] == list(FILES[fmt])
        assert sorted(p.name for p in (tmp_path / fmt).iterdir()) == sorted(FILES[fmt])
