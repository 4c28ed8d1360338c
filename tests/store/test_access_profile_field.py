"""A session file written before the access profile existed opens unchanged, its two old fields read into the profile.

Before the profile, each panel member was written with `access_needs` (free
text) and `plain_language` (a tick). `PanelMember.profile` replaced them the
way `Question.easy_read` was added: with a default, and no new schema
version, because version 3 (panel-tui 0.2) is not released yet and 0.1
(version 2) already refuses a version 3 file. The old fields are read into
the profile (`PanelMember._fold_old_fields`): opening writes nothing, and
the next change writes the profile in their place.
"""

from __future__ import annotations

import json
from pathlib import Path

from panel_tui.domain.models import AccessProfile, Wording
from panel_tui.services import OpenedSession, check_session, new_session, sheet_for_scoring
from panel_tui.store import SessionFile
from panel_tui.store.migrations import SCHEMA_VERSION
from panel_tui.store.repository import peek

from .builders import as_version_2, whole_file
from .damage import untouched


def _a_round_written_before_the_profile(folder: Path) -> tuple[Path, dict[str, str]]:
    """A round whose members are laid out as the code before the profile wrote them; returns the path and ids by name."""
    opened, chair = new_session(folder, "Before profiles", chair_name="Chair")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    ann = svc.add_member("Ann Member", "member")
    vic = svc.add_member("Vic Volunteer", "volunteer")
    svc.add_candidate("Casey")
    q = svc.propose_question("How would you welcome someone?", plain_text="How do you say hello?")
    svc.set_question_status(q.id, "agreed")
    svc.lock_questions()
    data = json.loads(whole_file(opened.path))
    old = {ann.id: ("Large text", True), vic.id: ("", False), chair.id: ("", False)}
    for member_id, member in data["members"].items():
        del member["profile"]
        member["access_needs"], member["plain_language"] = old[member_id]
    opened.path.write_bytes(json.dumps(data).encode())
    return opened.path, {"chair": chair.id, "ann": ann.id, "vic": vic.id}


def test_a_file_from_before_the_profile_opens_unchanged_with_its_old_fields_in_the_profile(tmp_path: Path) -> None:
    path, ids = _a_round_written_before_the_profile(tmp_path)
    data = json.loads(path.read_bytes())
    assert data["_meta"]["meta"]["schema_version"] == SCHEMA_VERSION == 3
    assert all("profile" not in m and "access_needs" in m for m in data["members"].values())

    with untouched(tmp_path):  # opening, peeking and checking write nothing, and no copy is made
        state = SessionFile.open(path).state()
        assert peek(path) == state
        assert "is sound" in check_session(path)
        OpenedSession.open(path)
    assert state.member(ids["ann"]).profile == AccessProfile(wording=Wording.PLAIN, anything_else="Large text")
    assert state.member(ids["vic"]).profile == AccessProfile(), "an unticked box and no needs: nothing asked for"
    assert not list(tmp_path.glob("*.v*.bak")), "no migration, so no copy of an older version"

    ann = OpenedSession.open(path).sign_in(ids["ann"])  # applied: plain words first, as 0.1's tick asked
    assert sheet_for_scoring(ann.view(), ids["ann"], state.candidates[0].id).profile.wording is Wording.PLAIN

    ann.edit_member(ids["ann"], profile={"timer": False})  # and it works as a current file
    saved = json.loads(path.read_bytes())
    written = saved["members"][ids["ann"]]
    assert "access_needs" not in written and "plain_language" not in written, "the profile is written in their place"
    assert written["profile"] == AccessProfile(wording=Wording.PLAIN, timer=False, anything_else="Large text").model_dump(
        mode="json"
    )
    assert saved["_meta"]["meta"]["schema_version"] == 3


def test_a_version_2_file_from_panel_tui_0_1_migrates_with_its_needs_in_the_profile(tmp_path: Path) -> None:
    path, ids = _a_round_written_before_the_profile(tmp_path)
    as_version_2(path)
    state = SessionFile.open(path).state()
    assert state.member(ids["ann"]).profile == AccessProfile(wording=Wording.PLAIN, anything_else="Large text")
    assert json.loads(path.read_bytes())["_meta"]["meta"]["schema_version"] == SCHEMA_VERSION
