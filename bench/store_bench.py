"""Saving one score in a full session: panel-tui's store against plain TinyDB and sqlite3.

Run by hand:  python bench/store_bench.py

A session of 50 candidates x 10 panel members x 12 agreed questions, every
member's sheet for every candidate fully scored (6,000 scores), with its audit
trail. 400 single-score saves through the application layer
(`PanelService.record_score`), each durable before it returns: the store
writes a temp file, fsyncs it, renames it over the session file and fsyncs
the folder, with the audit event in the same write.
References, same process, same machine, same folder:
  - plain TinyDB: default JSONStorage, one document per score (6,000), one
    `Table.update` of one document per save, as TinyDB is commonly used: we
    add no fsync, lock or audit trail. (JSONStorage as shipped in tinydb 4.x
    calls os.fsync itself once per write, in place, before truncating; that
    is part of "as users use it" and is not ours to take out.)
  - sqlite3: an indexed table of 6,000 scores, PRAGMA synchronous=FULL, each
    update in its own committed transaction.
Targets: our p95 at most 1/10 of plain TinyDB's, and within 5x of sqlite3's.
The machine's other load shows in the tails: run it twice before believing a p95.
"""

from __future__ import annotations

import math
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from tinydb import TinyDB

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from panel_tui.domain.models import Candidate, PanelMember, Question, QuestionStatus, ScoreSheet  # noqa: E402
from panel_tui.services import OpenedSession, check_session, new_session  # noqa: E402
from panel_tui.store import SessionFile  # noqa: E402
from panel_tui.store.audit_log import audit_path  # noqa: E402

CANDIDATES, MEMBERS, QUESTIONS = 50, 10, 12
SCORES = CANDIDATES * MEMBERS * QUESTIONS
SAVES = 400


def figures(samples: list[float]) -> tuple[float, float, float, float]:
    """Median, p95, p99 (nearest rank) and max, in milliseconds."""
    ordered = sorted(samples)

    def rank(p: float) -> float:
        return ordered[max(0, math.ceil(p * len(ordered)) - 1)]

    return statistics.median(ordered) * 1000, rank(0.95) * 1000, rank(0.99) * 1000, ordered[-1] * 1000


def build_session(folder: Path) -> tuple[Path, list[PanelMember], list[Candidate], list[Question]]:
    """The full session in a few writes: the set-up in one store transaction, the lock through the service."""
    opened, chair = new_session(folder, "Benchmark round", chair_name="Chair", chair_group="staff")
    assert chair is not None
    groups = ("volunteer", "member", "staff")
    members = [chair] + [PanelMember(name=f"Member {i}", group=groups[i % 3]) for i in range(1, MEMBERS)]
    candidates = [Candidate(name=f"Candidate {i}", code=f"C{i + 1:02d}", position=i + 1) for i in range(CANDIDATES)]
    questions = [Question(text=f"Question {i}?", status=QuestionStatus.AGREED, position=i + 1) for i in range(QUESTIONS)]
    rng = random.Random(1)
    with SessionFile.open(opened.path).transaction() as tx:  # bulk set-up only: nothing here is timed
        for model in [*members[1:], *candidates, *questions]:
            tx.put(model)
        for m in members:
            for c in candidates:
                tx.put(ScoreSheet(member_id=m.id, candidate_id=c.id, scores={q.id: rng.randrange(5) for q in questions}))
    opened.sign_in(chair.id).lock_questions()
    return opened.path, members, candidates, questions


def bench_ours(folder: Path) -> tuple[list[float], str]:
    start = time.perf_counter()
    path, members, candidates, questions = build_session(folder)
    built = time.perf_counter() - start
    opened = OpenedSession.open(path)  # as a terminal opens it; each member signs in (no PINs in this session)
    services = {m.id: opened.sign_in(m.id) for m in members}
    timings = []
    for n in range(SAVES):
        member = members[n % MEMBERS]
        candidate, question = candidates[(n * 7) % CANDIDATES], questions[(n * 5) % QUESTIONS]
        start = time.perf_counter()
        services[member.id].record_score(member.id, candidate.id, question.id, n % 5)
        timings.append(time.perf_counter() - start)

    # the file is a real session file: it opens, checks sound, and holds every score and event
    reopened = SessionFile.open(path)
    state = reopened.state()
    assert sum(len(s.scores) for s in state.sheets) == SCORES
    assert sum(e.action == "saved a score" for e in reopened.audit_events()) == SAVES
    note = (
        f"built in {built:.2f} s; session file {path.stat().st_size / 1024:.0f} KB, "
        f"audit log {audit_path(path).stat().st_size / 1024:.0f} KB\n{check_session(path)}"
    )
    return timings, note


def bench_tinydb(folder: Path) -> list[float]:
    db = TinyDB(folder / "plain.json", encoding="utf-8")  # default storage: JSONStorage
    table = db.table("scores")
    table.insert_multiple(
        {"member": m, "candidate": c, "question": q, "score": (m + c + q) % 5}
        for m in range(MEMBERS) for c in range(CANDIDATES) for q in range(QUESTIONS)
    )
    doc_ids = [doc.doc_id for doc in table.all()]
    assert len(doc_ids) == SCORES
    timings = []
    for n in range(SAVES):
        start = time.perf_counter()
        table.update({"score": n % 5}, doc_ids=[doc_ids[(n * 37) % len(doc_ids)]])
        timings.append(time.perf_counter() - start)
    db.close()
    return timings


def bench_sqlite(folder: Path) -> list[float]:
    con = sqlite3.connect(folder / "scores.db", isolation_level=None)
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE scores (member INT, candidate INT, question INT, score INT)")
    con.execute("CREATE UNIQUE INDEX slot ON scores (member, candidate, question)")
    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO scores VALUES (?, ?, ?, ?)",
        [(m, c, q, 0) for m in range(MEMBERS) for c in range(CANDIDATES) for q in range(QUESTIONS)],
    )
    con.execute("COMMIT")
    timings = []
    for n in range(SAVES):
        slot = ((n * 7) % MEMBERS, (n * 13) % CANDIDATES, n % QUESTIONS)
        start = time.perf_counter()
        con.execute("BEGIN")
        con.execute("UPDATE scores SET score=? WHERE member=? AND candidate=? AND question=?", (n % 5, *slot))
        con.execute("COMMIT")
        timings.append(time.perf_counter() - start)
    con.close()
    return timings


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="store-bench-", dir="/tmp") as folder:
        base = Path(folder)
        (base / "ours").mkdir()
        ours, note = bench_ours(base / "ours")
        plain = bench_tinydb(base)
        lite = bench_sqlite(base)
    rows = [
        ("panel-tui store (fsync, lock, audit trail)", *figures(ours)),
        ("plain TinyDB, default JSONStorage", *figures(plain)),
        ("sqlite3, synchronous=FULL, each committed", *figures(lite)),
    ]
    print(
        f"Python {platform.python_version()}, tinydb {version('tinydb')}, SQLite {sqlite3.sqlite_version}, "
        f"folder under /tmp"
    )
    print(f"{SAVES} single-score saves in a session of {CANDIDATES} candidates x {MEMBERS} panel members x "
          f"{QUESTIONS} questions ({SCORES} scores)")
    print(note)
    print()
    print(f"{'':<44}{'median ms':>10}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for name, median, p95, p99, worst in rows:
        print(f"{name:<44}{median:>10.2f}{p95:>9.2f}{p99:>9.2f}{worst:>9.2f}")
    ours_p95, plain_p95, lite_p95 = rows[0][2], rows[1][2], rows[2][2]
    print()
    print("plain TinyDB is used as people use it: default JSONStorage as shipped, nothing added by us (no lock,")
    print("no audit trail, no fsync of our own; tinydb's JSONStorage.write itself fsyncs in place, then truncates).")
    print(f"p95 ours / plain TinyDB: {ours_p95 / plain_p95:.3f}  (target <= 0.1: {'met' if ours_p95 <= plain_p95 / 10 else 'NOT met'})")
    print(f"p95 ours / sqlite3:      {ours_p95 / lite_p95:.2f}   (target <= 5: {'met' if ours_p95 <= lite_p95 * 5 else 'NOT met'})")


if __name__ == "__main__":
    main()
