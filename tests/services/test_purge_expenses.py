"""The purge empties what each expense was for, also in audit events already moved to the log (issue 14).

An event in the log is rewritten in place and may not grow. "Bus" becomes
"Expense (details removed at the purge)", which is longer, and the purge's
fallback (names emptied) leaves that text as it is: the purge stops with a
traceback after the records were already purged, and every later purge stops
at the same event. The fix: the purge's fallback for such an event
(`Redactor.emptying`) empties personal details to "" as well as names.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from panel_tui.domain.retention import EXPENSE_DETAILS_REMOVED
from panel_tui.store.repository import AUDIT_BATCH

if TYPE_CHECKING:  # the fixtures come from tests/services/conftest.py
    from conftest import Panel


def test_a_short_expense_in_a_logged_event_is_purged(panel: Panel) -> None:
    hr = panel.as_(panel.hr)
    hr.set_offer(panel.ann.id, "20", "hour", "2:00")
    hr.add_expense(panel.ann.id, "Bus", "4.50", receipt_seen=True)
    chair = panel.svc
    for n in range(AUDIT_BATCH):  # the expense's event moves from the session file to the log
        chair.update_details(organisation=f"Recovery Co {n}")
    chair.update_details(retention_until=date(2020, 1, 1))
    before = [e for e in panel.events() if e.action == "added an expense"]
    assert len(before) == 1 and "Bus" in str(before[0].after)

    hr.purge_personal_data()

    (kept,) = panel.raw().reciprocity
    assert [(e.what, e.amount_pence, e.receipt_seen) for e in kept.expenses] == [(EXPENSE_DETAILS_REMOVED, 450, True)]
    (event,) = [e for e in panel.events() if e.action == "added an expense"]
    assert "Bus" not in str(event.after), "what the expense was for is gone from the audit trail too"
