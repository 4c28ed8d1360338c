"""What may leave the session: drafts never, rule 1, pseudonyms, codes only, no PIN hashes.

Every check searches the written files themselves (their bytes, and every
cell of the workbook), not the rows the exporter meant to write.
"""

from __future__ import annotations

import orjson
import pytest

from panel_tui.domain import reconcile
from panel_tui.export import ExportOptions
from panel_tui.export.redact import panel_labels
from panel_tui.services import Actor, PanelService

from .builders import CANDIDATE_NAMES, DRAFT_NOTE, MEMBER_NAMES, UNOPENED_NOTE, Round
from .conftest import Export, all_bytes, export_view, read_csv, snapshot, xlsx_text

ADJUSTMENTS = "Step-free room"


def _assert_absent(folder, words) -> None:  # type: ignore[no-untyped-def]
    text = all_bytes(folder)
    workbook = xlsx_text(folder / "session.xlsx")
    for word in words:
        assert word.encode() not in text, f"{word!r} found in a text export"
        assert word.casefold().encode() not in text.lower(), f"{word!r} found (in another case) in a text export"
        assert word not in workbook, f"{word!r} found in session.xlsx"


def _assert_present(folder, words) -> None:  # type: ignore[no-untyped-def]
    text = all_bytes(folder)
    for word in words:
        assert word.encode() in text, f"{word!r} should be in the export"


def test_drafts_and_unopened_candidates_notes_never_leave_the_session(round_: Round, export: Export) -> None:
    out, result = export(round_)
    _assert_absent(out, [DRAFT_NOTE, UNOPENED_NOTE])
    assert result.withheld.draft_sheets == 1 and result.withheld.unopened == ("C03",)


def test_unopened_candidates_scores_appear_nowhere(round_: Round, export: Export) -> None:
    out, _ = export(round_)
    assert not [r for r in read_csv(out / "scores.csv") if r["Candidate code"] == "C03"]
    doc = orjson.loads((out / "session.json").read_bytes())
    c03 = round_.candidates["C03"]
    assert not [s for s in doc["sheets"] if s["candidate_id"] == c03]
    c03_audit = [e for e in doc["audit"] if e["action"].startswith(("saved a score", "saved a note")) and ", C03, " in e["target"]]
    assert c03_audit and all(e["before"] == e["after"] == "withheld" for e in c03_audit)
    sam_c04 = [e for e in doc["audit"] if e["target"].startswith("Siobhan Staffwell, C04, question")]
    assert sam_c04 and all(e["after"] == "withheld" for e in sam_c04), "a draft's scores are withheld in the trail too"
    c01 = [e for e in doc["audit"] if e["action"] == "saved a score" and ", C01, " in e["target"]]
    assert c01 and all(isinstance(e["after"], int) for e in c01), "opened, submitted scores stay on record"


def test_the_view_keeps_only_submitted_sheets_of_opened_candidates(round_: Round) -> None:
    state, _ = snapshot(round_)
    view = export_view(round_)
    assert view.state.sheets, "opened candidates' sheets are there"
    for sheet in view.state.sheets:
        assert sheet.submitted
        assert state.reconciliation(sheet.candidate_id) is not None
    chair = round_.chair
    chair.open_reconciliation(round_.candidates["C03"])
    opened = export_view(round_)
    assert {s.candidate_id for s in opened.state.sheets} >= {round_.candidates["C03"]}
    assert opened.withheld.unopened == ()


def test_pin_hashes_are_never_exported(round_: Round, export: Export) -> None:
    round_.chair.edit_member(round_.members["chair"].id, pin="1357")  # once anyone has a PIN, the chair needs one
    round_.chair.edit_member(round_.members["ann"].id, pin="4321")
    out, _ = export(round_, formats=("json",))
    doc = orjson.loads((out / "session.json").read_bytes())
    assert all(m["pin_hash"] is None for m in doc["members"])
    assert b"scrypt$" not in (out / "session.json").read_bytes()


def test_pseudonymise_removes_every_panel_members_name_from_every_file(round_: Round, export: Export) -> None:
    out, _ = export(round_, pseudonymise=True)
    _assert_absent(out, MEMBER_NAMES)
    _assert_present(out, ["Panel member A (", "Casey Quillfeather"])
    rows = read_csv(out / "scores.csv")
    assert {r["Panel member"] for r in rows} <= set(panel_labels(round_.file.state()).values())


def test_pseudonyms_are_the_chairs_letters(round_: Round) -> None:
    state = round_.file.state()
    labels = panel_labels(state)
    for code, cid in round_.candidates.items():
        for member_id, label in reconcile.pseudonyms(state, cid).items():
            assert labels[member_id] == label, code


def test_codes_only_removes_every_candidates_name_and_adjustments(round_: Round, export: Export) -> None:
    out, _ = export(round_, codes_only=True)
    _assert_absent(out, [*CANDIDATE_NAMES, ADJUSTMENTS])
    _assert_present(out, ["C01", "Annika Member"])
    assert "Candidate name" not in read_csv(out / "summary.csv")[0]


def test_both_options_together_leave_no_name_even_after_a_rename(round_: Round, export: Export) -> None:
    chair = round_.chair
    chair.edit_candidate(round_.candidates["C01"], name="Casey Q. Renamed")
    chair.edit_member(round_.members["bob"].id, name="Bartholomew Renamed")
    out, _ = export(round_, pseudonymise=True, codes_only=True)
    _assert_absent(out, [*MEMBER_NAMES, *CANDIDATE_NAMES, "Casey Q. Renamed", "Bartholomew Renamed", ADJUSTMENTS])


def test_no_notes_leaves_every_note_out_of_every_file(round_: Round, export: Export) -> None:
    out, result = export(round_, notes=False)
    _assert_absent(out, ["Warm and honest", "Nervous at first", "Clear example"])
    assert result.withheld.notes_left_out
    assert "Note" not in read_csv(out / "scores.csv")[0]


@pytest.mark.parametrize("role", ["panel"])
def test_a_panel_member_cannot_export(round_: Round, tmp_path, role) -> None:  # type: ignore[no-untyped-def]
    from panel_tui.domain.errors import NotAllowed

    ann = PanelService(round_.file, Actor.of(round_.members["ann"]))
    with pytest.raises(NotAllowed, match="chair or HR"):
        ann.export(tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_options_describe_themselves_in_the_export(round_: Round, export: Export) -> None:
    out, _ = export(round_, formats=("json",), pseudonymise=True, codes_only=True, notes=False)
    doc = orjson.loads((out / "session.json").read_bytes())
    assert doc["options"] == {"pseudonymised": True, "codes_only": True, "notes": False}
    assert ExportOptions(candidate="C01").describe()["candidate"] == "C01"


def test_a_damaged_snapshot_id_in_the_trail_does_not_crash_a_pseudonymised_export(round_: Round, export: Export) -> None:
    from panel_tui.domain.models import revise

    def damage(event, limit):  # type: ignore[no-untyped-def]
        if event.action == "added panel member" and isinstance(event.after, dict):
            return revise(event, after={**event.after, "id": []})
        return event

    assert round_.file.rewrite_audit(damage) > 0
    out, _ = export(round_, formats=("csv",), pseudonymise=True)
    assert (out / "audit.csv").exists()
