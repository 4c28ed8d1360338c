"""Issue 9: exports match records and audit events by id, never by the text shown to people.

Codes get reused, two people share a name, "/" and "," turn up in names and
codes: none of that may let a withheld score or note out, or hide one that
may go. Every check reads the written files themselves, including the XML
inside session.xlsx.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import orjson
import pytest

from panel_tui.domain.audit import private_values
from panel_tui.services import OpenedSession
from panel_tui.services.views import WITHHELD
from panel_tui.store import SessionFile

from .builders import Round, build_panel, score
from .conftest import read_csv, xlsx_cells

FORMATS = ("csv", "xlsx", "json", "html")


def every_byte(folder: Path) -> bytes:
    """Every exported file, with session.xlsx unzipped (its text lives in compressed XML)."""
    parts = []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                parts += [book.read(name) for name in book.namelist()]
        else:
            parts.append(path.read_bytes())
    return b"\n".join(parts)


def export(r: Round, out: Path) -> dict[str, object]:
    """Every format, through the service as a tool; returns session.json read back."""
    r.tool().export(out, FORMATS)
    return orjson.loads((out / "session.json").read_bytes())


def private_rows(doc: dict[str, object], candidate_id: str | None = None, member_id: str | None = None) -> list[int]:
    """Indexes of the audit entries holding a score or note of this candidate's (or member's) sheet."""
    return [
        i for i, e in enumerate(doc["audit"])  # type: ignore[arg-type]
        if e["action"].startswith(("saved a score", "saved a note"))
        and (candidate_id is None or e["candidate_id"] == candidate_id)
        and (member_id is None or e["member_id"] == member_id)
    ]


def audit_csv(out: Path) -> list[dict[str, str]]:
    return read_csv(out / "audit.csv")


def audit_xlsx(out: Path) -> list[dict[str, object]]:
    rows = xlsx_cells(out / "session.xlsx")["Audit"]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]  # type: ignore[arg-type]


# Codes changed and reused -------------------------------------------------------


A_NOTES = ("Anote-quince-first", "Anote-quince-second")
B_NOTES_BEFORE = ("Bnote-marrow-before-rename",)
B_NOTES_AFTER = ("Bnote-marrow-after-rename", "Bnote-marrow-chair")


@pytest.fixture(scope="module")
def reused_code(tmp_path_factory: pytest.TempPathFactory) -> tuple[Round, Path, dict[str, object]]:
    """A (C01) opened; A renamed C09; C01 given to B, whose sheets are submitted (some before, some after) but not opened.

    B's scores given after the rename are audited as "Ann Lake, C01, question 1": word for word what A's were.
    """
    folder = tmp_path_factory.mktemp("reused")
    r = build_panel(
        folder / "session",
        {"chair": ("Chair Person", "staff", "chair"), "ann": ("Ann Lake", "member", "panel"),
         "bob": ("Bob Reed", "volunteer", "panel")},
        {"A": ("Alex Able", "C01"), "B": ("Blair Baker", "C02")},
    )
    score(r, "chair", "A", [3, 2], {0: A_NOTES[0]})
    score(r, "ann", "A", [4, 3], {1: A_NOTES[1]})
    score(r, "bob", "A", [3, 3])
    score(r, "bob", "B", [0, 1], {0: B_NOTES_BEFORE[0]})  # under C02
    r.chair.open_reconciliation(r.candidates["A"])
    r.chair.edit_candidate(r.candidates["A"], code="C09")
    r.chair.edit_candidate(r.candidates["B"], code="C01")
    score(r, "ann", "B", [1, 0], {0: B_NOTES_AFTER[0]})  # under C01, as A's were
    score(r, "chair", "B", [0, 0], {1: B_NOTES_AFTER[1]})
    out = folder / "out"
    return r, out, export(r, out)


def test_a_reused_codes_unopened_notes_are_in_no_file(reused_code: tuple[Round, Path, dict[str, object]]) -> None:
    _, out, _ = reused_code
    data = every_byte(out)
    for note in (*B_NOTES_BEFORE, *B_NOTES_AFTER):
        assert note.encode() not in data, f"{note} left the session"
    for note in A_NOTES:
        for name in ("scores.csv", "audit.csv", "session.json", "report.html"):
            assert note.encode() in (out / name).read_bytes(), f"{note} missing from {name}"
        with zipfile.ZipFile(out / "session.xlsx") as book:
            assert note.encode() in book.read("xl/sharedStrings.xml"), f"{note} missing from session.xlsx"


def test_a_reused_codes_unopened_scores_are_in_no_file(reused_code: tuple[Round, Path, dict[str, object]]) -> None:
    r, out, doc = reused_code
    a, b = r.candidates["A"], r.candidates["B"]
    assert {s["candidate_id"] for s in doc["sheets"]} == {a}  # type: ignore[union-attr,index]
    assert {row["Candidate code"] for row in read_csv(out / "scores.csv")} == {"C09"}
    scores = xlsx_cells(out / "session.xlsx")["Scores"]
    assert {row[0] for row in scores[1:]} == {"C09"}
    assert "Scores for C01" not in (out / "report.html").read_text(encoding="utf-8")
    events = doc["audit"]
    b_rows, a_rows = private_rows(doc, b), private_rows(doc, a)
    assert len(b_rows) == 9 and len(a_rows) == 8
    reused = [i for i in b_rows if ", C01, question" in events[i]["target"]]  # type: ignore[index]
    assert reused and any(", C01, question" in events[i]["target"] for i in a_rows), "the text alone is ambiguous"  # type: ignore[index]
    csv_rows, xlsx_rows = audit_csv(out), audit_xlsx(out)
    assert len(csv_rows) == len(xlsx_rows) == len(events)  # type: ignore[arg-type]
    for i in b_rows:
        assert events[i]["before"] == events[i]["after"] == WITHHELD  # type: ignore[index]
        assert csv_rows[i]["From"] == csv_rows[i]["To"] == WITHHELD
        assert xlsx_rows[i]["From"] == xlsx_rows[i]["To"] == WITHHELD
    for i in a_rows:
        assert events[i]["after"] != WITHHELD and csv_rows[i]["To"] != WITHHELD and xlsx_rows[i]["To"] != WITHHELD  # type: ignore[index]
    assert doc["withheld"]["unopened_candidates"] == ["C01"]  # type: ignore[index]


def test_the_report_withholds_the_reused_codes_trail_too(reused_code: tuple[Round, Path, dict[str, object]]) -> None:
    _, out, doc = reused_code
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count(WITHHELD) >= 2 * len(private_rows(doc, reused_code[0].candidates["B"]))


# Two panel members with the same name --------------------------------------------

SAME = "Sam Jones"
SUBMITTED_NOTE = "Samnote-submitted-heron"
DRAFT_NOTE = "Samnote-draft-only-kestrel"


@pytest.fixture(scope="module")
def same_names(tmp_path_factory: pytest.TempPathFactory) -> tuple[Round, Path, dict[str, object]]:
    folder = tmp_path_factory.mktemp("same-names")
    r = build_panel(
        folder / "session",
        {"chair": ("Chair Person", "staff", "chair"), "sam1": (SAME, "member", "panel"),
         "sam2": (SAME, "volunteer", "panel")},
        {"A": ("Alex Able", "C01")},
    )
    score(r, "chair", "A", [2, 2])
    score(r, "sam1", "A", [3, 1], {0: SUBMITTED_NOTE})
    score(r, "sam2", "A", [0, 4], {0: DRAFT_NOTE}, submit=False)
    r.chair.open_reconciliation(r.candidates["A"], {r.members["sam2"].id: "Left before the end"})
    out = folder / "out"
    return r, out, export(r, out)


def test_a_drafts_note_never_leaves_under_a_shared_name(same_names: tuple[Round, Path, dict[str, object]]) -> None:
    r, out, doc = same_names
    events = doc["audit"]
    draft = private_rows(doc, member_id=r.members["sam2"].id)
    kept = private_rows(doc, member_id=r.members["sam1"].id)
    assert {events[i]["target"] for i in draft} == {events[i]["target"] for i in kept}, "same words in the trail"  # type: ignore[index]
    assert DRAFT_NOTE.encode() not in (out / "session.json").read_bytes()
    assert DRAFT_NOTE.encode() not in (out / "audit.csv").read_bytes()
    assert DRAFT_NOTE.encode() not in (out / "report.html").read_bytes()
    assert DRAFT_NOTE not in str(audit_xlsx(out))
    assert DRAFT_NOTE.encode() not in every_byte(out)
    assert all(events[i]["after"] == WITHHELD for i in draft)  # type: ignore[index]
    assert SUBMITTED_NOTE in str(audit_xlsx(out)) and SUBMITTED_NOTE.encode() in (out / "audit.csv").read_bytes()
    assert all(events[i]["after"] != WITHHELD for i in kept)  # type: ignore[index]


# "/" and "," in a name and a code ---------------------------------------------------

ODD_NAME = "Lee, Jo / Smith"
ODD_CODE = "C/01, late"
ODD_NOTE = "Oddnote-slash-comma-wren"


@pytest.fixture(scope="module")
def odd_text(tmp_path_factory: pytest.TempPathFactory) -> tuple[Round, Path, dict[str, object]]:
    folder = tmp_path_factory.mktemp("odd-text")
    r = build_panel(
        folder / "session",
        {"chair": ("Chair Person", "staff", "chair"), "lee": (ODD_NAME, "member", "panel")},
        {"A": ("Alex, Able / Jr", ODD_CODE)},
    )
    score(r, "chair", "A", [2, 3])
    score(r, "lee", "A", [4, 1], {1: ODD_NOTE})
    r.chair.open_reconciliation(r.candidates["A"])
    out = folder / "out"
    return r, out, export(r, out)


def test_slash_and_comma_do_not_withhold_what_may_go(odd_text: tuple[Round, Path, dict[str, object]]) -> None:
    r, out, doc = odd_text
    events = doc["audit"]
    lee = private_rows(doc, member_id=r.members["lee"].id)
    assert len(lee) == 3
    assert [events[i]["after"] for i in lee] == [4, 1, ODD_NOTE]  # type: ignore[index]
    csv_rows, xlsx_rows = audit_csv(out), audit_xlsx(out)
    assert [csv_rows[i]["To"] for i in lee] == ["4", "1", ODD_NOTE]
    assert [xlsx_rows[i]["To"] for i in lee] == [4, 1, ODD_NOTE]
    assert WITHHELD not in (out / "audit.csv").read_text(encoding="utf-8-sig")
    assert ODD_NOTE in (out / "report.html").read_text(encoding="utf-8")
    scores = [row for row in read_csv(out / "scores.csv") if row["Panel member"] == ODD_NAME]
    assert [(row["Candidate code"], row["Score"]) for row in scores] == [(ODD_CODE, "4"), (ODD_CODE, "1")]


def test_the_audit_what_column_keeps_a_slash_name_as_written(odd_text: tuple[Round, Path, dict[str, object]]) -> None:
    r, out, doc = odd_text
    lee = private_rows(doc, member_id=r.members["lee"].id)
    csv_rows = audit_csv(out)
    assert [csv_rows[i]["What"] for i in lee] == [doc["audit"][i]["target"] for i in lee]  # type: ignore[index]


def test_slash_and_comma_survive_panel_tui_import(
    odd_text: tuple[Round, Path, dict[str, object]], tmp_path: Path
) -> None:
    r, out, _ = odd_text
    into = tmp_path / "restored"
    done = subprocess.run(
        [sys.executable, "-m", "panel_tui", "import", out / "session.json", "--into", into],
        capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL, check=False,
    )
    assert done.returncode == 0, done.stderr
    [restored] = [p for p in into.iterdir() if p.suffix == ".json"]
    tool = OpenedSession.open(restored).as_tool("test")
    trail = [e for e in tool.audit_trail() if private_values(e) in ("score", "note")]
    mine = [e for e in trail if e.member_id == r.members["lee"].id]
    assert [e.after for e in mine] == [4, 1, ODD_NOTE]
    assert WITHHELD not in [e.after for e in trail]
    state = SessionFile.open(restored).state()
    assert {m.name for m in state.members} >= {ODD_NAME} and [c.code for c in state.candidates] == [ODD_CODE]
    again = export(Round(SessionFile.open(restored), tool, r.members, r.candidates, r.questions), tmp_path / "again")
    assert [e["after"] for e in again["audit"] if e["member_id"] == r.members["lee"].id  # type: ignore[index,union-attr]
            and e["action"].startswith(("saved a score", "saved a note"))] == [4, 1, ODD_NOTE]
    assert ODD_NOTE.encode() in (tmp_path / "again" / "audit.csv").read_bytes()


def test_csv_module_reads_the_odd_text_back_whole(odd_text: tuple[Round, Path, dict[str, object]]) -> None:
    _, out, _ = odd_text
    rows = list(csv.reader(io.StringIO((out / "summary.csv").read_bytes().decode("utf-8-sig"))))
    assert rows[1][0] == ODD_CODE
