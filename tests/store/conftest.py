"""Fixtures for the store tests: sessions built through the services, and a saver child process."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from panel_tui.domain.models import PanelMember
from panel_tui.services import new_session
from panel_tui.store import repository

from .builders import Full, Small, build_full, build_small


@dataclass(frozen=True)
class Built:
    """A session ready for scoring: scoring members, candidates, an agreed and locked question set."""

    path: Path
    chair: PanelMember
    members: list[str]
    candidates: list[str]
    questions: list[str]


@pytest.fixture
def build_session(tmp_path: Path) -> Callable[..., Built]:
    def build(members: int, candidates: int, questions: int, name: str = "Store test") -> Built:
        opened, chair = new_session(tmp_path, name, chair_name="Chair", chair_group="staff")
        assert chair is not None
        svc = opened.sign_in(chair.id)
        groups = ("volunteer", "member", "staff")
        member_ids = [svc.add_member(f"Member {n}", groups[n % 3]).id for n in range(members)]
        candidate_ids = [svc.add_candidate(f"Candidate {n}").id for n in range(candidates)]
        question_ids = []
        for n in range(questions):
            question = svc.propose_question(f"Question {n}?")
            svc.set_question_status(question.id, "agreed")
            question_ids.append(question.id)
        svc.lock_questions()
        return Built(opened.path, chair, member_ids, candidate_ids, question_ids)

    return build


@pytest.fixture(params=[1, 64], ids=["events-logged-at-once", "events-waiting-in-file"])
def full(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Full:
    """Built twice: with every event moved to the log at once, and with the default batching."""
    monkeypatch.setattr(repository, "AUDIT_BATCH", request.param)
    return build_full(tmp_path)


@pytest.fixture
def small(tmp_path: Path) -> Small:
    return build_small(tmp_path / "sessions")


SAVER = textwrap.dedent(
    '''
    """Saves scores through the services, one line on stdout after each save returns.

    argv: session path, member id, mode. stdin: one JSON line of slots.
    mode "forever": [[candidate, question], ...] saved round and round until killed;
        save number i goes to slot i % len(slots) with value (i // len(slots) + offset) % 5.
    mode "once": {"saves": [[candidate, question, value], ...], "pause": seconds}; waits for a
        "go" line first, and pauses between saves as a person would (outside the lock).
    """
    import itertools
    import json
    import sys
    import time

    from panel_tui.services import OpenedSession

    path, member_id, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    job = json.loads(sys.stdin.readline())
    service = OpenedSession.open(path).sign_in(member_id)
    print("ready", flush=True)
    if mode == "forever":
        slots, offset = job["slots"], job["offset"]
        for i in itertools.count():
            candidate_id, question_id = slots[i % len(slots)]
            value = (i // len(slots) + offset) % 5
            service.record_score(member_id, candidate_id, question_id, value)
            print(json.dumps([candidate_id, question_id, value]), flush=True)
    else:
        assert sys.stdin.readline().strip() == "go"
        for candidate_id, question_id, value in job["saves"]:
            service.record_score(member_id, candidate_id, question_id, value)
            print(json.dumps([candidate_id, question_id, value]), flush=True)
            time.sleep(job["pause"])
    '''
)


@pytest.fixture
def saver_script(tmp_path: Path) -> Path:
    script = tmp_path / "saver.py"
    script.write_text(SAVER, encoding="utf-8")
    return script
