"""Writing files safely, subject access exports, and the audited records actions (export, purge)."""

from __future__ import annotations

import stat
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest

from panel_tui.domain.errors import NotAllowed
from panel_tui.export import ExportOptions, NoSuchCode, OutputNotWritable, WouldOverwrite, export_all
from panel_tui.services import Actor, PanelService
from panel_tui.store.audit_log import audit_path
from panel_tui.store.repository import backup_path

from .builders import CANDIDATE_NAMES, Round
from .conftest import Export, all_bytes, export_view, read_csv, xlsx_text

# Writing -------------------------------------------------------------------


def test_an_export_never_overwrites_a_different_file_without_force(round_: Round, tmp_path: Path) -> None:
    view = export_view(round_)
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.html").write_text("HR's own notes, not ours")
    with pytest.raises(WouldOverwrite, match="report.html") as raised:
        export_all(view, out)
    assert "Nothing was written" in str(raised.value)
    assert sorted(p.name for p in out.iterdir()) == ["report.html"], "all or nothing"
    assert (out / "report.html").read_text() == "HR's own notes, not ours"
    result = export_all(view, out, force=True)
    assert len(result.files) == 6 and (out / "report.html").read_text() != "HR's own notes, not ours"


def test_the_same_file_again_is_not_a_clash(round_: Round, tmp_path: Path) -> None:
    view = export_view(round_)
    export_all(view, tmp_path / "out", formats=["csv"])
    export_all(view, tmp_path / "out", formats=["csv"])  # identical bytes: nothing to ask


def test_exported_files_are_readable_by_their_owner_only(round_: Round, export: Export) -> None:
    out, result = export(round_)
    for path in result.files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "no temp files left"


def test_an_output_that_is_a_file_is_refused_plainly(round_: Round, tmp_path: Path) -> None:
    view = export_view(round_)
    (tmp_path / "taken").write_text("x")
    with pytest.raises(OutputNotWritable, match="Cannot write the export"):
        export_all(view, tmp_path / "taken")


def test_progress_is_reported_for_a_screen(round_: Round, tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    export_all(export_view(round_), tmp_path / "out", progress=lambda *step: seen.append(step))
    assert seen[0][0] == 0 and seen[-1] == (5, 5, "Done")
    assert [done for done, _, _ in seen] == sorted(done for done, _, _ in seen)


# Subject access ---------------------------------------------------------------


def test_a_subject_access_export_holds_one_candidate_only(round_: Round, export: Export) -> None:
    out, result = export(round_, candidate="c02")
    assert sorted(p.name for p in result.files) == sorted(
        ["C02-summary.csv", "C02-scores.csv", "C02-audit.csv", "C02-session.xlsx", "C02-session.json", "C02-report.html"]
    )
    text, workbook = all_bytes(out), xlsx_text(out / "C02-session.xlsx")
    assert b"Dana Marchbanks" in text and b"Step-free room" in text, "their name and adjustments are theirs to see"
    for other in (name for name in CANDIDATE_NAMES if name != "Dana Marchbanks"):
        assert other.encode() not in text and other not in workbook
    summary = read_csv(out / "C02-summary.csv")
    assert [(r["Candidate code"], r["Rank"], r["Tie"]) for r in summary] == [("C02", "1", "tied with C01")]
    assert {r["Candidate code"] for r in read_csv(out / "C02-scores.csv")} == {"C02"}
    audit = read_csv(out / "C02-audit.csv")
    assert audit and all("C02" in (r["What"] + r["To"] + r["From"]) or r["Action"] == "declared a soft conflict" for r in audit)
    doc = orjson.loads((out / "C02-session.json").read_bytes())
    assert doc["scope"] == "candidate" and doc["candidate"] == "C02"
    assert [c["code"] for c in doc["candidates"]] == ["C02"]


def test_an_unknown_code_is_refused(round_: Round, tmp_path: Path) -> None:
    with pytest.raises(NoSuchCode, match="No candidate in this session has the code C99"):
        export_all(export_view(round_, ExportOptions(candidate="C99")), tmp_path / "out")
    assert not (tmp_path / "out").exists()


# Audited records actions ----------------------------------------------------------


def test_exports_through_the_service_are_audited(round_: Round, tmp_path: Path) -> None:
    hr = PanelService(round_.file, Actor.of(round_.members["hr"]))
    before = len(round_.file.audit_events())
    hr.export(tmp_path / "out", ["csv"])
    hr.export_subject_access("C01", tmp_path / "sar", ["json"])
    events = round_.file.audit_events()[before:]
    assert [(e.action, e.target, e.actor_name) for e in events] == [
        ("exported the session", "Peer mentor", "Harriet Recordkeeper"),
        ("exported a subject access record", "C01", "Harriet Recordkeeper"),
    ]
    assert events[0].after["files"] == ["summary.csv", "scores.csv", "audit.csv"]
    assert events[1].after["options"]["candidate"] == "C01"


def test_purge_is_refused_before_the_retention_date_and_says_which(round_: Round) -> None:
    chair = round_.chair
    with pytest.raises(NotAllowed, match=r"kept until .*\. That is 6 months after the last final outcome"):
        chair.purge_personal_data()  # C01's outcome is final: the date is 6 months after it
    chair.update_details(retention_until=date(2027, 3, 31))
    before = round_.path.read_bytes()
    with pytest.raises(NotAllowed, match="kept until 31 March 2027. It can be purged after that date"):
        chair.purge_personal_data(today=date(2027, 3, 31))
    assert round_.path.read_bytes() == before


def test_purge_after_the_date_removes_names_everywhere_and_keeps_scores(round_: Round, export: Export) -> None:
    chair = round_.chair
    chair.update_details(retention_until=date.today() - timedelta(days=1))
    state_before = round_.file.state()
    report = chair.purge_personal_data(reason="C02 to C04 have no final outcome")
    assert sorted(report.candidates) == ["C01", "C02", "C03", "C04"] and report.audit_events > 0
    state = round_.file.state()
    assert [c.name for c in state.candidates_in_order] == ["C01", "C02", "C03", "C04"]
    assert all(c.adjustments == "" for c in state.candidates)
    assert [s.scores for s in state.sheets] == [s.scores for s in state_before.sheets], "scores kept"
    assert state.agreed == state_before.agreed and state.outcomes == state_before.outcomes
    files = [round_.path, audit_path(round_.path)]
    files += [p for p in round_.path.parent.iterdir() if p.name.endswith(".bak")]
    for path in files:
        data = path.read_bytes()
        for name in (*CANDIDATE_NAMES, "Step-free room"):
            assert name.encode() not in data, f"{name} still in {path.name}"
    assert not backup_path(round_.path, 1).exists(), "backups holding the names are removed"
    events = round_.file.audit_events()
    assert events[-1].action == "purged candidates' personal data"
    assert events[-1].after == {
        "retention_until": str(date.today() - timedelta(days=1)), "candidates": report.candidates,
        "outcomes_not_final": ["C02", "C03", "C04"], "reason": "C02 to C04 have no final outcome",
    }
    out, _ = export(round_)
    text = all_bytes(out) + xlsx_text(out / "session.xlsx").encode()
    for name in CANDIDATE_NAMES:
        assert name.encode() not in text
    assert b"Annika Member" in text, "panel members are not purged"


def test_purge_twice_is_harmless_and_still_audited(round_: Round) -> None:
    chair = round_.chair
    chair.update_details(retention_until=date(2020, 1, 1))
    chair.purge_personal_data(reason="Not every outcome is final")
    again = chair.purge_personal_data(reason="Not every outcome is final")
    assert again.candidates == [] and "Nothing was left to purge" in again.sentence()
    assert [e.action for e in round_.file.audit_events()[-2:]] == ["purged candidates' personal data"] * 2


def test_a_panel_member_cannot_purge(round_: Round) -> None:
    round_.chair.update_details(retention_until=date(2020, 1, 1))
    with pytest.raises(NotAllowed, match="chair or HR"):
        PanelService(round_.file, Actor.of(round_.members["ann"])).purge_personal_data()


def test_the_audit_is_rewritten_in_place_at_the_same_length_and_still_reads(round_: Round) -> None:
    from panel_tui.domain.models import revise
    from panel_tui.services import check_session
    from panel_tui.store import SessionFile

    log = audit_path(round_.path)
    size = log.stat().st_size
    count = len(round_.file.audit_events())
    changed = round_.file.rewrite_audit(lambda e, limit: revise(e, actor_name="X") if e.actor_name else e)
    assert changed == count
    assert log.stat().st_size == size, "each entry keeps its length, so the committed length stays true"
    reopened = SessionFile.open(round_.path)
    assert {e.actor_name for e in reopened.audit_events()} == {"X"}
    assert "is sound" in check_session(round_.path)
    with pytest.raises(ValueError, match="must not be longer"):
        round_.file.rewrite_audit(lambda e, limit: revise(e, actor_name="Y" * 500) if limit is not None else e)
    assert log.stat().st_size == size
