"""A panel member's access profile ("working with me") never leaves the session file in an export.

Not in the members, not in any audit entry's from/to (the change of a
profile is audited, and a profile rides along in every snapshot of a
member), in no format, with or without names, nor in a candidate's subject
access export. It is left blank, as a PIN hash is left null. panel-tui has
no subject access export for a panel member yet, so there is no export a
profile belongs in.
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from panel_tui.domain.models import AccessProfile, AuditEvent, PanelMember
from panel_tui.export.redact import PROFILE_BLANK, without_profiles

from .builders import Round
from .conftest import Export, all_bytes, xlsx_text

BREAKS = "Breakmarker every twenty minutes"
OWN_WORDS = "Ownwordsmarker sits near the door"
CHAIR_WORDS = "Chairwordsmarker hearing loop"
MARKERS = (BREAKS, OWN_WORDS, CHAIR_WORDS)


@pytest.fixture
def with_profiles(round_: Round) -> Round:
    """Ann fills in her own profile; the chair fills in Bob's with him, and changes it once more."""
    ann = round_.members["ann"]
    round_.as_member("ann").edit_member(
        ann.id, profile={"format": "large print", "wording": "Easy Read", "auto_advance": False, "timer": False,
                         "extra_minutes": 15, "breaks": BREAKS, "anything_else": OWN_WORDS},
    )
    bob = round_.members["bob"]
    round_.chair.edit_member(bob.id, profile={"wording": "plain words", "anything_else": CHAIR_WORDS})
    round_.chair.edit_member(bob.id, profile={"timer": False})
    round_.chair.edit_member(bob.id, access_needs=CHAIR_WORDS + " and a quiet room")  # 0.1's name for the same words
    return round_


def _every_member_snapshot(value: object) -> list[dict[str, object]]:
    found = []
    if isinstance(value, dict):
        if {"name", "group", "role"} <= value.keys():
            found.append(value)
        for item in value.values():
            found.extend(_every_member_snapshot(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_every_member_snapshot(item))
    return found


def _assert_no_profile(folder: Path, whole: bool = True) -> None:
    text = all_bytes(folder).decode("utf-8")
    for xlsx in folder.glob("*.xlsx"):
        text += xlsx_text(xlsx)
    for marker in MARKERS:
        assert marker.split()[0] not in text, f"'{marker}' reached an export in {folder.name}"
    for json_file in folder.glob("*session.json"):
        doc = orjson.loads(json_file.read_bytes())
        blank = AccessProfile().model_dump(mode="json")
        assert all(m["profile"] == blank for m in doc["members"]), "members' profiles are blank"
        snapshots = _every_member_snapshot([e.get("before") for e in doc["audit"]] + [e.get("after") for e in doc["audit"]])
        assert snapshots or not whole, "a whole session's audit trail holds member snapshots to check"
        assert all(s["profile"] == blank for s in snapshots), "no profile in any audit entry"


@pytest.mark.parametrize(
    "options",
    [{}, {"pseudonymise": True}, {"codes_only": True}, {"notes": False}, {"candidate": "C01"}],
    ids=["whole session", "pseudonymised", "codes only", "no notes", "subject access C01"],
)
def test_no_export_holds_a_profile(with_profiles: Round, export: Export, options: dict[str, object]) -> None:
    kept = [m.profile.anything_else for m in with_profiles.file.state().members]
    assert any("Ownwordsmarker" in words for words in kept), "the session itself keeps it"
    out, _ = export(with_profiles, **options)
    _assert_no_profile(out, whole="candidate" not in options)


def test_the_services_exports_hold_no_profile_either(with_profiles: Round, tmp_path: Path) -> None:
    """Through the service, as HR exports: the whole round, and a candidate's subject access export."""
    hr = with_profiles.as_member("hr")
    hr.export(tmp_path / "hr", ["csv", "xlsx", "json", "html"])
    hr.export_subject_access("C02", tmp_path / "sar", ["csv", "xlsx", "json", "html"])
    _assert_no_profile(tmp_path / "hr")
    _assert_no_profile(tmp_path / "sar", whole=False)
    changes = [e for e in with_profiles.file.audit_events() if e.member_id == with_profiles.members["bob"].id]
    assert len(changes) >= 3, "each change of Bob's profile was audited in the session"


def test_snapshots_from_before_the_profile_lose_their_access_needs_too() -> None:
    """An event written by 0.1 holds `access_needs` and `plain_language` on the member itself."""
    old = {"id": "m1", "name": "Ann", "group": "member", "role": "panel", "pin_hash": None,
           "access_needs": "Oldmarker large text", "plain_language": True}
    event = AuditEvent(actor_id="m0", actor_name="Chair", action="changed panel member", target="Ann",
                       before=old, after={**old, "access_needs": "Oldmarker breaks"})
    member = PanelMember.model_validate(old)
    members, events = without_profiles([member], [event])
    assert members[0].profile == AccessProfile() and members[0].name == "Ann"
    assert events[0].before == {**old, "access_needs": "", "plain_language": False}
    assert "Oldmarker" not in orjson.dumps([events[0].before, events[0].after]).decode()
    assert set(PROFILE_BLANK) == {"profile", "access_needs", "plain_language"}
