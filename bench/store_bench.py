"""Saving one score in a full session: panel-tui's store against plain TinyDB and sqlite3.

Run by hand:  python bench/store_bench.py

A session of 50 candidates x 10 panel members x 12 questions (6,000 scores)
with its audit trail. 400 single-score saves through the application layer
(`PanelService.record_score`), each durable (fsynced) before it returns.
References, same process, same machine:
  - plain TinyDB: default JSONStorage, one document per score (6,000), one
    `Table.update` per save, as TinyDB is commonly used (no fsync);
  - sqlite3: an indexed table of 6,000 scores, synchronous=FULL, each update
    committed.
Targets (issue 2): p95 at most 1/10 of plain TinyDB's, within 5x of sqlite3's.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tinydb import TinyDB

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from panel_tui.domain.models import Candidate, PanelMember, Question, QuestionStatus, ScoreSheet  # noqa: E402
from panel_tui.services import Actor, PanelService, new_session  # noqa: E402

CANDIDATES, MEMBERS, QUESTIONS = 50, 10, 12
SAVES = 400


def figures(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


def bench_ours(folder: Path) -> tuple[list[float], int]:
    session_file, chair = new_session(folder, "Benchmark round", chair_name="Chair", chair_group="staff")
    assert chair is not None
    members = [chair] + [PanelMember(name=f"Member {i}", group="member") for i in range(1, MEMBERS)]
    candidates = [Candidate(name=f"Candidate {i}", code=f"C{i:02d}", position=i) for i in range(CANDIDATES)]
    questions = [Question(text=f"Question {i}?", status=QuestionStatus.AGREED, position=i) for i in range(QUESTIONS)]
    rng = random.Random(1)
    with session_file.transaction() as tx:  # bulk set-up in one write; the timed saves go through the service
        for model in [*members[1:], *candidates, *questions]:
            tx.put(model)
        for m in members:
            for c in candidates:
                tx.put(ScoreSheet(member_id=m.id, candidate_id=c.id, scores={q.id: rng.randrange(5) for q in questions}))
    service = PanelService(session_file, Actor.of(chair))
    service.lock_questions()
    timings = []
    for n in range(SAVES):
        member = members[n % MEMBERS]
        as_member = PanelService(session_file, Actor.of(member))
        candidate, question = candidates[n % CANDIDATES], questions[n % QUESTIONS]
        start = time.perf_counter()
        as_member.record_score(member.id, candidate.id, question.id, n % 5)
        timings.append(time.perf_counter() - start)
    return timings, session_file.path.stat().st_size


def bench_tinydb(folder: Path) -> list[float]:
    db = TinyDB(folder / "plain.json", encoding="utf-8")
    table = db.table("scores")
    table.insert_multiple(
        {"member": m, "candidate": c, "question": q, "score": (m + c + q) % 5}
        for m in range(MEMBERS) for c in range(CANDIDATES) for q in range(QUESTIONS)
    )
    doc_ids = [doc.doc_id for doc in table.all()]
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
    with tempfile.TemporaryDirectory(dir=Path.home()) as folder:
        base = Path(folder)
        (base / "ours").mkdir()
        ours, size = bench_ours(base / "ours")
        plain = bench_tinydb(base)
        lite = bench_sqlite(base)
    rows = [
        ("panel-tui store (fsync, audit trail)", *figures(ours)),
        ("plain TinyDB, JSONStorage, 1 doc per score", *figures(plain)),
        ("sqlite3, synchronous=FULL, committed", *figures(lite)),
    ]
    print(f"{SAVES} single-score saves in a session of {CANDIDATES} x {MEMBERS} x {QUESTIONS} "
          f"({CANDIDATES * MEMBERS * QUESTIONS} scores; session file {size / 1024:.0f} KB)\n")
    print(f"{'':<46}{'median ms':>10}{'p95 ms':>10}")
    for name, median, p95 in rows:
        print(f"{name:<46}{median:>10.2f}{p95:>10.2f}")
    ours_p95, plain_p95, lite_p95 = rows[0][2], rows[1][2], rows[2][2]
    print()
    print(f"p95 ours / plain TinyDB: {ours_p95 / plain_p95:.3f}  (target <= 0.1: {'met' if ours_p95 <= plain_p95 / 10 else 'NOT met'})")
    print(f"p95 ours / sqlite3:      {ours_p95 / lite_p95:.2f}   (target <= 5: {'met' if ours_p95 <= lite_p95 * 5 else 'NOT met'})")


if __name__ == "__main__":
    main()
