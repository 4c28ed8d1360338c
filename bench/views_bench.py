"""The overview's read model: building what one person may see, and the progress grid from it (issue 9).

Run by hand:  python bench/views_bench.py [--reps 600]

A session of 50 candidates x 10 panel members x 12 questions: half the
sheets submitted (every sheet of the first 10 candidates, and 150 spread
over the others), the rest drafts at various stages or not started, and
agreement opened for the first 10 candidates. The set-up is bulk-written
through one store transaction; the questions are locked through the service.

Timed, for a panel member, the chair and a tool (a script or the CLI), each
`--reps` times and fresh each time (`SessionView.build` called directly on the
state, never the service's cached view): the read model and what the
overview renders from it: the progress of every panel member x candidate
(the progress grid's cells, in the grid's order) and `session_progress()`.

Reference, same process: what 0.1 did, a raw scan of the whole state with
`panel_tui.domain.progress.sheet_progress` for every member x candidate and
`session_progress(state)`, with no read model and no rule 1.

Two states: the state as read and already searched once (its indexes built,
as for every read after the first), and a new state as after another
terminal's save (its indexes not built yet: the first read of a new version).
Target: p95 at most 5 ms for every actor.
"""

from __future__ import annotations

import argparse
import gc
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from panel_tui.domain.models import (  # noqa: E402
    Candidate,
    PanelMember,
    Question,
    QuestionStatus,
    Reconciliation,
    Role,
    ScoreSheet,
    SheetStatus,
)
from panel_tui.domain.progress import session_progress, sheet_progress  # noqa: E402
from panel_tui.domain.state import SessionState  # noqa: E402
from panel_tui.services import Actor, SessionView, new_session  # noqa: E402
from panel_tui.store import SessionFile  # noqa: E402

CANDIDATES, MEMBERS, QUESTIONS = 50, 10, 12
OPENED = 10
"""Agreement is opened for this many candidates (all their sheets submitted)."""
TARGET_MS = 5.0
Grid = tuple[tuple[int, int], list[list[str]]]


def build(folder: Path) -> tuple[SessionState, list[PanelMember]]:
    opened, chair = new_session(folder, "Views benchmark", chair_name="Chair Person", chair_group="staff")
    assert chair is not None
    groups = ("volunteer", "member", "staff")
    members = [chair] + [
        PanelMember(name=f"Member {i:02d}", group=groups[i % 3], role=Role.PANEL) for i in range(1, MEMBERS)
    ]
    candidates = [Candidate(name=f"Candidate {i}", code=f"C{i + 1:02d}", position=i + 1) for i in range(CANDIDATES)]
    questions = [Question(text=f"Question {i}?", status=QuestionStatus.AGREED, position=i + 1) for i in range(QUESTIONS)]
    submitted = 0
    with SessionFile.open(opened.path).transaction() as tx:  # bulk set-up only: nothing here is timed
        for model in [*members[1:], *candidates, *questions]:
            tx.put(model)
        for ci, c in enumerate(candidates):
            for mi, m in enumerate(members):
                if ci < OPENED or (ci + mi) % 8 < 3:
                    scores = {q.id: (ci + mi + qi) % 5 for qi, q in enumerate(questions)}
                    tx.put(ScoreSheet(member_id=m.id, candidate_id=c.id, scores=scores, status=SheetStatus.SUBMITTED))
                    submitted += 1
                    continue
                scored = (ci * 7 + mi) % (QUESTIONS + 1)  # 0: not started, no sheet yet
                if scored:
                    tx.put(ScoreSheet(member_id=m.id, candidate_id=c.id,
                                      scores={q.id: (ci + qi) % 5 for qi, q in enumerate(questions[:scored])}))
        for c in candidates[:OPENED]:
            tx.put(Reconciliation(candidate_id=c.id, opened_by=chair.id))
    assert submitted * 2 == CANDIDATES * MEMBERS, submitted
    opened.sign_in(chair.id).lock_questions()
    return SessionFile.open(opened.path).state(), members


def overview(state: SessionState, actor: Actor) -> Grid:
    """The read model, then what the overview's progress tab renders from it (as `ProgressGrid.show`)."""
    view = SessionView.build(state, actor)
    shown = view.state
    scorers = sorted(shown.scorers, key=lambda m: m.name.casefold())
    cells = [[view.progress(m.id, c.id).short_label for m in scorers] for c in shown.candidates_in_order]
    return view.session_progress(), cells


def raw_scan(state: SessionState) -> Grid:
    """0.1: the same grid straight from the whole state, no read model."""
    scorers = sorted(state.scorers, key=lambda m: m.name.casefold())
    cells = [[sheet_progress(state, m, c).short_label for m in scorers] for c in state.candidates_in_order]
    return session_progress(state), cells


def timed(reps: int, work: Callable[[SessionState], object], state: SessionState, cold: bool) -> list[float]:
    """`reps` runs of `work`; `cold`: each on a new state object, as after a save elsewhere (not timed)."""
    gc.collect()
    samples = []
    for _ in range(reps):
        target = replace(state) if cold else state
        start = time.perf_counter()
        work(target)
        samples.append(time.perf_counter() - start)
    return samples


def figures(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="views-bench-") as folder:
        state, members = build(Path(folder))
    actors = {
        "panel member": Actor.of(members[3]),
        "chair": Actor.of(members[0]),
        "tool (script, CLI)": Actor.tool("views bench"),
    }
    reference = raw_scan(state)
    for actor in actors.values():  # the same counts as 0.1's scan, whoever looks
        assert overview(state, actor) == reference
    readable = {name: len(SessionView.build(state, actor).state.sheets) for name, actor in actors.items()}

    done, expected = reference[0]
    print(f"Session: {CANDIDATES} candidates x {MEMBERS} panel members x {QUESTIONS} questions; "
          f"{len(state.sheets)} sheets, {done} of {expected} submitted; agreement opened for {OPENED} candidates")
    print("Sheets each may read: " + ", ".join(f"{name} {n}" for name, n in readable.items()))
    print(f"{args.reps} repetitions each; times in ms\n")
    print(f"{'what':<44}{'state':<12}{'median':>8}{'p95':>8}{'ratio p95':>11}  target p95 <= {TARGET_MS:g} ms")
    for cold, label in ((False, "as read"), (True, "new")):
        ref = figures(timed(args.reps, raw_scan, state, cold))
        print(f"{'reference: 0.1 raw scan (sheet_progress)':<44}{label:<12}{ref[0]:>8.2f}{ref[1]:>8.2f}{1:>11.2f}")
        for name, actor in actors.items():
            ours = figures(timed(args.reps, partial(overview, actor=actor), state, cold))
            verdict = "met" if ours[1] <= TARGET_MS else "NOT met"
            print(f"{'read model + grid: ' + name:<44}{label:<12}{ours[0]:>8.2f}{ours[1]:>8.2f}"
                  f"{ours[1] / ref[1]:>11.2f}  {verdict}")
    print("\nratio p95: ours / the reference's p95 in the same state. 'as read': the state's indexes already built;")
    print("'new': a new state object each time, as the first read after another terminal's save.")


if __name__ == "__main__":
    main()
