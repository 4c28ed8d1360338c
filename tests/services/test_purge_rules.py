"""The purge's rules, in the services: after the retention date, and with a reason while outcomes are not final.

While any candidate has no outcome, or one that is not final, the round may
not be over: the purge is refused, changing nothing, unless a reason is
given, and the reason (with those candidates' codes) is kept in the purge's
audit event. The CLI and any screen only ask and show.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from panel_tui.domain.errors import NotAllowed
from panel_tui.services import OutcomesNotFinal, PurgePlan

Panel = Any
"""The conftest's `Panel` (tests/services is not a package, so it cannot be imported by name here)."""

AFTER = date(2030, 1, 2)
"""A day after the retention date set below."""


def open_for_outcome(panel: Panel, candidate_id: str) -> None:
    """Agreement opened with every sheet missing for a reason: enough to record an outcome."""
    reasons = {m.id: "Could not attend" for m in (panel.chair, panel.ann, panel.bob)}
    panel.svc.open_reconciliation(candidate_id, reasons)


@pytest.fixture
def two(round_: Panel) -> tuple[Panel, str, str]:
    """C01 with a final outcome, C02 with an outcome not yet final; the retention date has passed on AFTER."""
    svc = round_.svc
    assert round_.cand is not None
    c01 = round_.cand.id
    c02 = svc.add_candidate("Dana Second", adjustments="Step-free room").id
    svc.update_details(retention_until=date(2030, 1, 1))
    for candidate_id in (c01, c02):
        open_for_outcome(round_, candidate_id)
    svc.record_outcome(c01, "appoint", "Offered the post.", final=True)
    svc.record_outcome(c02, "reserve", "Held in reserve.")
    return round_, c01, c02


def test_an_outcome_not_final_refuses_the_purge_and_changes_nothing(two: tuple[Panel, str, str]) -> None:
    panel, _, _ = two
    before = panel.on_disk()
    for reason in ("", "   "):
        with pytest.raises(OutcomesNotFinal, match="1 candidate has no final outcome yet: C02") as caught:
            panel.tool("panel-tui purge").purge_personal_data(AFTER, reason=reason)
        assert caught.value.codes == ["C02"]
        assert "give the reason" in str(caught.value) and "nothing was purged" in str(caught.value)
        assert isinstance(caught.value, NotAllowed)
    assert panel.on_disk() == before
    assert "Dana Second" in [c.name for c in panel.raw().candidates]


def test_a_candidate_with_no_outcome_at_all_is_not_final(round_: Panel) -> None:
    round_.svc.update_details(retention_until=date(2030, 1, 1))
    round_.svc.add_candidate("Eli Third")
    with pytest.raises(OutcomesNotFinal, match="2 candidates have no final outcome yet: C01 and C02"):
        round_.svc.check_purge_allowed(AFTER)


def test_with_a_reason_the_purge_goes_ahead_and_its_audit_event_keeps_the_reason(two: tuple[Panel, str, str]) -> None:
    panel, _, _ = two
    report = panel.tool("panel-tui purge").purge_personal_data(AFTER, reason="  The post was withdrawn.  ")
    assert sorted(report.candidates) == ["C01", "C02"]
    assert [c.name for c in panel.raw().candidates_in_order] == ["C01", "C02"]
    event = next(e for e in reversed(panel.events()) if e.action == "purged candidates' personal data")
    assert event.actor_name == "panel-tui purge"
    assert event.after["reason"] == "The post was withdrawn."
    assert event.after["outcomes_not_final"] == ["C02"]


def test_when_every_outcome_is_final_no_reason_is_needed(two: tuple[Panel, str, str]) -> None:
    panel, _, c02 = two
    panel.svc.record_outcome(c02, "reserve", "Held in reserve.", final=True)
    plan = panel.tool().check_purge_allowed(AFTER)
    assert plan == PurgePlan(["C01", "C02"], [], "")
    panel.tool("panel-tui purge").purge_personal_data(AFTER)
    event = panel.events()[-1]
    assert event.action == "purged candidates' personal data"
    assert "reason" not in event.after and "outcomes_not_final" not in event.after


def test_the_plan_says_what_would_go_and_what_is_not_final(two: tuple[Panel, str, str]) -> None:
    panel, _, _ = two
    plan = panel.tool().check_purge_allowed(AFTER, reason="Withdrawn")
    assert plan == PurgePlan(["C01", "C02"], ["C02"], "Withdrawn")


def test_the_retention_date_is_checked_before_the_outcomes(two: tuple[Panel, str, str]) -> None:
    """Before the date no reason helps: the date is the first rule."""
    panel, _, _ = two
    with pytest.raises(NotAllowed, match="kept until 1 January 2030") as caught:
        panel.tool().purge_personal_data(date(2030, 1, 1), reason="Withdrawn")
    assert not isinstance(caught.value, OutcomesNotFinal)


def test_the_outcome_rule_is_checked_again_inside_the_change(
    two: tuple[Panel, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check the CLI shows is not the only one: the purge itself refuses, under the lock, from the file."""
    from panel_tui.services.records import RecordsActions

    panel, _, _ = two
    real = RecordsActions.check_purge_allowed
    calls: list[object] = []

    def first_call_passes(self: RecordsActions, today: date | None = None, state: object = None, *, reason: str = "") -> PurgePlan:
        calls.append(state)
        if state is None:
            return PurgePlan([], [], "")
        return real(self, today, state, reason=reason)  # type: ignore[arg-type]

    monkeypatch.setattr(RecordsActions, "check_purge_allowed", first_call_passes)
    before = panel.on_disk()
    with pytest.raises(OutcomesNotFinal):
        panel.tool().purge_personal_data(AFTER)
    assert len(calls) == 2 and calls[1] is not None
    assert panel.on_disk() == before


def test_the_purge_names_damaged_files_a_restore_kept_aside(
    two: tuple[Panel, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """They may still hold names: the purge does not delete them (a restore promised not to), it says they are there."""
    from panel_tui.services import restore_from_backup
    from panel_tui.store import repository

    panel, _, _ = two
    monkeypatch.setattr(repository, "BACKUP_INTERVAL", 0.0)
    panel.svc.add_candidate("Eli Third")
    panel.path.write_bytes(b"{")
    kept = restore_from_backup(panel.path).kept_aside
    assert kept is not None
    report = panel.tool().purge_personal_data(AFTER, reason="Test")
    assert report.kept_aside == (kept.name,)
    assert f"may still hold names: {kept.name}. Delete them when they are no longer needed." in report.sentence()
    assert kept.exists()
