"""Export benchmark: 200 candidates x 10 panel members x 15 questions (30,000 scores).

Run by hand, never as a timed test:

    python bench/export_bench.py [--runs 3] [--keep FOLDER]

Every candidate is opened, agreed, signed off and given an outcome; a third
of the scores carry a note; the audit trail holds an event for every score,
note, submission and agreed score, with the ids the service records
(about 46,000 events). HR sits on the panel as an observer. The session is
held in memory as models (building it through the service would take
30,000 saves), written once with `SessionFile.restore`, and exported:

- each format alone, and all four together (`export_all`), from the
  content the services allow out (`services.views.export_content`, built
  once, outside the timing): target under 3 s together;
- all four as HR does it (`PanelService.export` for the signed-in HR
  observer): the whole thing, reading the file and its audit trail, the
  rules, rendering, writing and recording the export. Each run re-reads the
  file, because the previous run recorded itself in it;
- peak memory: `export_all`'s own Python allocations (tracemalloc), and the
  peak resident size (VmHWM) of a fresh process that only builds the
  session and exports it once: target under 300 MB;
- the reference for the Excel writer: the same Scores sheet written by
  openpyxl's write-only mode, when openpyxl is installed.

Times are the best of `--runs` runs.
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from panel_tui.domain.audit import refs_of  # noqa: E402
from panel_tui.domain.models import (  # noqa: E402
    AgreedScore,
    AuditEvent,
    Briefing,
    Candidate,
    Decision,
    Group,
    Outcome,
    PanelMember,
    Question,
    QuestionStatus,
    Reconciliation,
    Role,
    ScoreSheet,
    Session,
    SheetStatus,
    SignOff,
    Stage,
)
from panel_tui.domain.state import SessionState  # noqa: E402
from panel_tui.export import FORMATS, ExportOptions, export_all  # noqa: E402
from panel_tui.export.rows import scores_table  # noqa: E402
from panel_tui.export.view import ExportView  # noqa: E402
from panel_tui.services import Actor, OpenedSession, SessionView  # noqa: E402
from panel_tui.services.views import export_content  # noqa: E402
from panel_tui.store import SessionFile  # noqa: E402

CANDIDATES, MEMBERS, QUESTIONS = 200, 10, 15
TARGET_SECONDS, TARGET_MB = 3.0, 300
GROUPS = (Group.MEMBER, Group.VOLUNTEER, Group.STAFF)


HR_NAME = "HR Officer"
"""The HR observer on the panel: does not score, exports."""


def build() -> tuple[SessionState, list[AuditEvent]]:
    """The whole round in memory: 10 scoring members (the first chairs) and an HR observer."""
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    clock = iter(start + timedelta(seconds=i) for i in range(10**7))
    session = Session(vacancy="Peer mentor", organisation="Bench Community", stage=Stage.FINISHED, questions_locked=True)
    members = [
        PanelMember(name=f"Panelist {i:02d} Example", group=GROUPS[i % 3], role=Role.CHAIR if i == 0 else Role.PANEL)
        for i in range(MEMBERS)
    ]
    chair = members[0]
    hr = PanelMember(name=HR_NAME, group=Group.STAFF, role=Role.OBSERVER)
    questions = [
        Question(text=f"Question {i + 1}: tell us about a time you showed this value in practice.",
                 status=QuestionStatus.AGREED, position=i + 1, authors=[members[i % MEMBERS].id])
        for i in range(QUESTIONS)
    ]
    candidates = [
        Candidate(name=f"Candidate {i:03d} Person", code=f"C{i + 1:03d}", slot=f"Day {i // 8 + 1}", position=i + 1)
        for i in range(CANDIDATES)
    ]
    events: list[AuditEvent] = []

    def event(actor: PanelMember, action: str, target: str, before: object, after: object, about: object,
              **extra: str) -> None:
        events.append(AuditEvent(at=next(clock), actor_id=actor.id, actor_name=actor.name, action=action,
                                 target=target, before=before, after=after, **{**refs_of(about), **extra}))

    for m in [*members, hr]:
        event(chair, "added panel member", m.name, None, m.model_dump(mode="json"), m)
    for q in questions:
        event(chair, "proposed question", q.text, None, q.model_dump(mode="json"), q)
    for c in candidates:
        event(chair, "added candidate", c.code, None, c.model_dump(mode="json"), c)
    sheets, agreed, outcomes, recs = [], [], [], []
    rng = random.Random(6)
    for ci, c in enumerate(candidates):
        for mi, m in enumerate(members):
            scores = {q.id: (ci + mi + qi) % 5 for qi, q in enumerate(questions)}
            notes = {q.id: f"Good example about point {qi} from {c.code}" for qi, q in enumerate(questions) if (ci + mi + qi) % 3 == 0}
            at = next(clock)
            sheet = ScoreSheet(member_id=m.id, candidate_id=c.id, scores=scores, notes=notes,
                               status=SheetStatus.SUBMITTED, submitted_at=at, updated_at=at)
            for qi, q in enumerate(questions):
                where = f"{m.name}, {c.code}, question {qi + 1}"
                event(m, "saved a score", where, None, scores[q.id], sheet, question_id=q.id)
                if q.id in notes:
                    event(m, "saved a note", where, "", notes[q.id], sheet, question_id=q.id)
            sheets.append(sheet)
            event(m, "submitted a score sheet", f"{m.name}, {c.code}", "draft", "submitted", sheet)
        rec = Reconciliation(candidate_id=c.id, opened_by=chair.id, opened_at=next(clock))
        event(chair, "opened agreement of scores", c.code, None, rec.model_dump(mode="json"), rec)
        for qi, q in enumerate(questions):
            a = AgreedScore(candidate_id=c.id, question_id=q.id, score=rng.randint(0, 4), reason="Discussed", by=chair.id, at=next(clock))
            agreed.append(a)
            event(chair, "set an agreed score", f"{c.code}, question {qi + 1}", None, a.model_dump(mode="json"), a)
        signed = Reconciliation(candidate_id=c.id, opened_by=chair.id, opened_at=rec.opened_at,
                                sign_off=SignOff.CONSENSUS, signed_off_at=next(clock))
        recs.append(signed)
        event(chair, "signed off the agreed scores", c.code, rec.model_dump(mode="json"), signed.model_dump(mode="json"), signed)
        o = Outcome(candidate_id=c.id, decision=Decision.APPOINT if ci < 2 else Decision.NOT_APPOINTED,
                    feedback="Thank you for your time.", by=chair.id, at=next(clock))
        outcomes.append(o)
        event(chair, "recorded an outcome", c.code, None, o.model_dump(mode="json"), o)
    state = SessionState(
        session=session, members=(*members, hr), candidates=tuple(candidates), questions=tuple(questions),
        sheets=tuple(sheets), agreed=tuple(agreed), outcomes=tuple(outcomes), reconciliations=tuple(recs),
        briefings=tuple(Briefing(member_id=m.id, statement=session.confidentiality) for m in [*members, hr]),
    )
    return state, events


def content(state: SessionState, events: list[AuditEvent], options: ExportOptions | None = None) -> ExportView:
    """What the rules let out of the session for HR, as `PanelService.export` builds it."""
    hr = next(m for m in state.members if m.role is Role.OBSERVER)
    return export_content(SessionView.build(state, Actor.of(hr)), events, options or ExportOptions())


def export_one(state: SessionState, events: list[AuditEvent], out: Path, fmt: str) -> object:
    return export_all(content(state, events), out, formats=[fmt], force=True)


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def openpyxl_scores(view: ExportView) -> Callable[[], object] | None:
    try:
        from openpyxl import Workbook  # type: ignore[import-untyped]  # a reference only: no stubs needed
    except ImportError:
        return None
    table = scores_table(view)

    def write() -> bytes:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Scores")
        sheet.append(table.headers)
        for row in table.rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    return write


def xlsxwriter_scores(view: ExportView) -> Callable[[], object]:
    from panel_tui.export import xlsx_export

    table = scores_table(view)

    def write() -> bytes:
        import xlsxwriter

        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        fmt = book.add_format({"num_format": xlsx_export.TIME})
        xlsx_export._write_table(book, table, None, None, fmt, 2)
        book.close()
        return buffer.getvalue()

    return write


def memory_child(out: Path) -> int:
    """In a fresh process: build, export all four once, print resident MB after building and at peak."""
    state, events = build()
    with open("/proc/self/statm") as statm:
        session_mb = int(statm.read().split()[1]) * resource.getpagesize() / 1e6
    export_all(content(state, events), out, force=True)
    # VmHWM, not ru_maxrss: Linux carries a parent's peak across fork and exec into ru_maxrss.
    with open("/proc/self/status") as status:
        peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    print(f"{session_mb:.1f} {peak_kb / 1024:.1f}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="also leave the session and one export in this folder")
    parser.add_argument("--memory-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        return memory_child(args.memory_child)

    t0 = time.perf_counter()
    state, events = build()
    built = time.perf_counter() - t0
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="export-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"Session: {CANDIDATES} candidates x {MEMBERS} panel members x {QUESTIONS} questions = "
          f"{len(state.sheets) * QUESTIONS:,} scores, {len(events):,} audit events (built in {built:.1f} s)")

    rows: list[tuple[str, float, str]] = []
    rules = best_of(args.runs, lambda: content(state, events))
    rows.append(("the rules (export_content)", rules, "included in every row below"))
    for fmt in FORMATS:
        out = work / f"only-{fmt}"
        seconds = best_of(args.runs, partial(export_one, state, events, out, fmt))
        size = sum(p.stat().st_size for p in out.iterdir()) / 1e6
        rows.append((fmt, seconds, f"{size:.1f} MB"))
    out = work / "all"
    together = best_of(args.runs, lambda: export_all(content(state, events), out, force=True))
    rows.append(("all four (export_all)", together, f"{sum(p.stat().st_size for p in out.iterdir()) / 1e6:.1f} MB"))

    path = work / "bench-session.json"
    if path.exists():
        path.unlink()
        path.with_name(path.stem + ".audit.jsonl").unlink(missing_ok=True)
    SessionFile.restore(path, state, events)
    reading = best_of(args.runs, lambda: SessionFile(path).snapshot())
    trail = best_of(args.runs, lambda: SessionFile(path).audit_events())
    hr = next(m for m in state.members if m.role is Role.OBSERVER)
    service = OpenedSession.open(path).sign_in(hr.id)  # HR signs in (no PIN in this session)
    service.export(work / "service", force=True)  # signing in read the file; each later run re-reads it
    through = best_of(args.runs, lambda: service.export(work / "service", force=True))
    rows.append(("all four via PanelService.export", through, "HR signed in: the whole thing"))
    rows.append(("  of which: reading the session file", reading, f"{path.stat().st_size / 1e6:.1f} MB, checked"))
    rows.append(("  of which: reading the audit trail", trail, f"{len(events):,} events"))
    recorded = sum(e.action == "exported the session" for e in SessionFile(path).audit_events())
    assert recorded == args.runs + 1, recorded

    tracemalloc.start()
    export_all(content(state, events), work / "traced", force=True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    child = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(work / "child")], capture_output=True, text=True, check=True
    )
    session_mb, maxrss_mb = (float(x) for x in child.stdout.split())

    print()
    print(f"{'what':<38} {'seconds':>8}  {'output':<30}")
    print("-" * 80)
    for name, seconds, note in rows:
        print(f"{name:<38} {seconds:>8.2f}  {note:<30}")
    print("-" * 80)
    verdict = "within" if together < TARGET_SECONDS else "OVER"
    print(f"all four together: {together:.2f} s, {verdict} the {TARGET_SECONDS:.0f} s target "
          f"({together / TARGET_SECONDS:.0%} of it)")
    peak_mb = peak / 1e6
    print(f"peak memory of export_all: {peak_mb:.0f} MB traced (Python allocations). A fresh process that "
          f"builds the session ({session_mb:.0f} MB resident) and exports all four peaks at "
          f"{maxrss_mb:.0f} MB resident: target {TARGET_MB} MB ({'within' if maxrss_mb < TARGET_MB else 'OVER'})")

    view = content(state, events)
    reference = openpyxl_scores(view)
    if reference is not None:
        ours = best_of(args.runs, xlsxwriter_scores(view))
        theirs = best_of(args.runs, reference)
        print(f"Scores sheet alone ({len(state.sheets) * QUESTIONS:,} rows): XlsxWriter {ours:.2f} s, "
              f"openpyxl write-only {theirs:.2f} s (reference): openpyxl takes {theirs / ours:.1f}x as long")
    if not args.keep:
        shutil.rmtree(work)
    else:
        print(f"Files left in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
