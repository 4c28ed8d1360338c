"""Issue 10 point 7: importing a session.json is checked as strictly as the app checks each change.

Each damaged file is refused with `NotAnExport` naming the first problem in
one plain sentence, by `read_export`, by `restore_session` and by
`panel-tui import`, and nothing at all is created. A file that passes opens,
exports and reads without error.
"""

from __future__ import annotations

import copy
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from panel_tui.export import FORMATS, NotAnExport, export_all, read_export
from panel_tui.services import OpenedSession, restore_session

from .builders import Round
from .conftest import export_view

Doc = dict[str, Any]


@pytest.fixture(scope="module")
def good(template: Round, tmp_path_factory: pytest.TempPathFactory) -> Doc:
    """The template round's whole-session export (read only: the template is not changed)."""
    out = tmp_path_factory.mktemp("good")
    export_all(export_view(template), out, formats=["json"])
    return orjson.loads((out / "session.json").read_bytes())


def _member(doc: Doc, name: str) -> Doc:
    return next(m for m in doc["members"] if m["name"] == name)


def _candidate(doc: Doc, code: str) -> Doc:
    return next(c for c in doc["candidates"] if c["code"] == code)


def _first_question(doc: Doc) -> str:
    return str(doc["sheets"][0]["scores"] and next(iter(doc["sheets"][0]["scores"])))


def _set_score(value: object) -> Callable[[Doc], None]:
    def damage(doc: Doc) -> None:
        doc["sheets"][0]["scores"][_first_question(doc)] = value

    return damage


def _set(where: Callable[[Doc], Doc], key: str, value: object) -> Callable[[Doc], None]:
    def damage(doc: Doc) -> None:
        where(doc)[key] = value

    return damage


def _observer_scores(doc: Doc) -> None:
    hr = _member(doc, "Harriet Recordkeeper")["id"]
    c01 = _candidate(doc, "C01")["id"]
    sheet = {**doc["sheets"][0], "member_id": hr, "candidate_id": c01, "id": f"{hr}.{c01}", "notes": {}}
    doc["sheets"].append(sheet)


def _duplicate(key: str) -> Callable[[Doc], None]:
    def damage(doc: Doc) -> None:
        doc[key].append(copy.deepcopy(doc[key][0]))

    return damage


def _agreed_for_unopened(doc: Doc) -> None:
    c03 = _candidate(doc, "C03")["id"]
    agreed = doc["agreed"][0]
    doc["agreed"].append({**agreed, "candidate_id": c03, "id": f"{c03}.{agreed['question_id']}"})


def _outcome_for_unopened(doc: Doc) -> None:
    doc["outcomes"].append({**doc["outcomes"][0], "candidate_id": _candidate(doc, "C03")["id"]})


def _deep(doc: Doc) -> None:
    value: object = "bottom"
    for _ in range(60):
        value = [value]
    doc["audit"][0]["after"] = value


def _snapshot_id_list(doc: Doc) -> None:
    """Found by the fuzzing: a member's snapshot whose id is a list broke the pseudonymised export."""
    added = next(e for e in doc["audit"] if e["action"] == "added panel member")
    added["after"]["id"] = []


def _reconciliation(doc: Doc) -> Doc:
    return next(r for r in doc["reconciliations"] if r["missing_reasons"])


def _signed_off(doc: Doc) -> Doc:
    return next(r for r in doc["reconciliations"] if r["dissent"])


def _ghost_scorer(doc: Doc) -> None:
    sheet = doc["sheets"][0]
    sheet.update(member_id="ghost", id=f"ghost.{sheet['candidate_id']}")


def _del(key: str) -> Callable[[Doc], None]:
    def damage(doc: Doc) -> None:
        del doc[key]

    return damage


CASES: list[tuple[str, Callable[[Doc], None], str]] = [
    ("score-above-scale", _set_score(9), "a score in 'sheets' is 9, which is not on the session's scale (0 to 4)"),
    ("score-below-scale", _set_score(-1), "a score in 'sheets' is -1, which is not on the session's scale (0 to 4)"),
    ("score-true", _set_score(True), "a score in 'sheets' is not a whole number"),
    ("score-text", _set_score("3"), "a score in 'sheets' is not a whole number"),
    ("score-decimal", _set_score(2.0), "a score in 'sheets' is not a whole number"),
    ("agreed-above-scale", _set(lambda d: d["agreed"][0], "score", 5), "a score in 'agreed' is 5, which is not on"),
    ("agreed-below-scale", _set(lambda d: d["agreed"][0], "score", -3), "a score in 'agreed' is -3, which is not on"),
    ("agreed-text", _set(lambda d: d["agreed"][0], "score", "2"), "a score in 'agreed' is not a whole number"),
    ("anchor-off-scale", _set(lambda d: d["questions"][0], "anchors", {"7": "Beyond the top"}),
     "a question has guidance for 7, which is not on the session's scale (0 to 4)"),
    ("scale-changed-under-scores", _set(lambda d: d["session"], "scale",
                                        {"low": 1, "high": 5, "labels": ["a", "b", "c", "d", "e"]}),
     "which is not on the session's scale (1 to 5)"),
    ("sheet-member-missing", _ghost_scorer, "a record in 'sheets' refers to a panel member not in the file"),
    ("conflict-member-missing", _set(lambda d: d["conflicts"][0], "member_id", "nobody"),
     "a record in 'conflicts' refers to a panel member not in the file"),
    ("agreed-question-missing", _set(lambda d: d["agreed"][0], "question_id", "ghost"),
     "a record in 'agreed' refers to a question not in the file"),
    ("outcome-candidate-missing", _set(lambda d: d["outcomes"][0], "candidate_id", "ghost"),
     "a record in 'outcomes' refers to a candidate not in the file"),
    ("briefing-member-missing", _set(lambda d: d["briefings"][0], "member_id", "ghost"),
     "a record in 'briefings' refers to a panel member not in the file"),
    ("sheet-question-missing", _set(lambda d: d["sheets"][0], "scores", {"ghost": 2}),
     "a record in 'sheets' refers to a question not in the file"),
    ("note-question-missing", _set(lambda d: d["sheets"][0], "notes", {"ghost": "A note"}),
     "a record in 'sheets' refers to a question not in the file"),
    ("missing-reason-member", _set(_reconciliation, "missing_reasons", {"ghost": "Absent"}),
     "a record in 'reconciliations' refers to a panel member not in the file"),
    ("dissent-member", _set(_signed_off, "dissent", ["ghost"]),
     "a record in 'reconciliations' refers to a panel member not in the file"),
    ("duplicate-member", _duplicate("members"), "two records in 'members' have the same id"),
    ("duplicate-candidate", _duplicate("candidates"), "two records in 'candidates' have the same id"),
    ("duplicate-question", _duplicate("questions"), "two records in 'questions' have the same id"),
    ("duplicate-sheet", _duplicate("sheets"), "two records in 'sheets' have the same id"),
    ("duplicate-outcome", _duplicate("outcomes"), "two records in 'outcomes' are for the same candidate"),
    ("duplicate-conflict", _duplicate("conflicts"), "two records in 'conflicts' are for the same panel member and candidate"),
    ("duplicate-code", _set(lambda d: _candidate(d, "C02"), "code", "c01"), "two candidates have the same code"),
    ("duplicate-audit", _duplicate("audit"), "two entries in 'audit' have the same id"),
    ("sheet-status", _set(lambda d: d["sheets"][0], "status", "approved"),
     "a record in 'sheets' cannot be read (The status must be one of: 'draft' or 'submitted')"),
    ("question-status", _set(lambda d: d["questions"][0], "status", "maybe"),
     "a record in 'questions' cannot be read (The status must be one of"),
    ("member-role", _set(lambda d: d["members"][0], "role", "boss"),
     "a record in 'members' cannot be read (The role must be one of"),
    ("outcome-decision", _set(lambda d: d["outcomes"][0], "decision", "hired"), "a record in 'outcomes' cannot be read"),
    ("sign-off", _set(_signed_off, "sign_off", "by vote"), "a record in 'reconciliations' cannot be read"),
    ("sheet-id", _set(lambda d: d["sheets"][0], "id", "someone.else"),
     "a record in 'sheets' cannot be read (A score sheet's id must match its panel member and candidate)"),
    ("sheet-id-of-another", _set(lambda d: d["sheets"][0], "id", "<other>"),
     "A score sheet's id must match its panel member and candidate"),
    ("agreed-id", _set(lambda d: d["agreed"][0], "id", "someone.else"),
     "a record in 'agreed' has an id that does not match its candidate and question"),
    ("observer-scores", _observer_scores, "holds scores of an observer, and observers do not score"),
    ("agreed-unopened", _agreed_for_unopened, "an agreed score in 'agreed' is for a candidate whose agreement was never opened"),
    ("outcome-unopened", _outcome_for_unopened, "an outcome in 'outcomes' is for a candidate whose agreement was never opened"),
    ("pin-hash", _set(lambda d: d["members"][1], "pin_hash", "scrypt$00$00"), "it holds a panel member's PIN"),
    ("naive-time", _set(lambda d: d["sheets"][0], "submitted_at", "2026-01-01T10:00:00"),
     "a time in 'sheets' has no time zone"),
    ("audit-naive-time", _set(lambda d: d["audit"][0], "at", "2026-01-01T10:00:00"),
     "the time of an entry in 'audit' has no time zone"),
    ("audit-too-deep", _deep, "an entry in 'audit' is nested too deeply"),
    ("audit-snapshot-id", _snapshot_id_list, "an entry in 'audit' holds a record whose id is not text"),
    ("members-missing", _del("members"), "its 'members' part is missing"),
    ("audit-missing", _del("audit"), "its 'audit' part is missing"),
    ("schema-true", _set(lambda d: d, "schema_version", True), "it has no valid schema version"),
    ("unknown-field", _set(lambda d: d["sheets"][0], "\n[bold]\x1b[2J", 1),
     "a record in 'sheets' cannot be read (it has a field panel-tui does not know)"),
    ("unknown-session-field", _set(lambda d: d["session"], "colour\n", "red"),
     "its session details cannot be read (it has a field panel-tui does not know)"),
    ("text-in-a-list-of-text", _set(lambda d: d["questions"][0], "guidance", ["fine", 3, "\n\x07"]),
     "a record in 'questions' cannot be read (The guidance is not valid)"),
]


def _damaged(good: Doc, damage: Callable[[Doc], None], tmp_path: Path) -> Path:
    doc = copy.deepcopy(good)
    damage(doc)
    if doc.get("sheets") and doc["sheets"][0].get("id") == "<other>":
        doc["sheets"][0]["id"] = doc["sheets"][1]["id"]
    bad = tmp_path / "bad.json"
    bad.write_bytes(orjson.dumps(doc))
    return bad


def _plain(message: str, words: str) -> None:
    assert words in message, message
    assert message.endswith("Nothing was created.") and "cannot be imported: " in message
    assert "\n" not in message and "Traceback" not in message and "Error" not in message
    assert message.count(": ") <= 3, "one problem, not a list of them"


@pytest.mark.parametrize(("damage", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_broken_rule_is_refused_by_name_and_creates_nothing(
    good: Doc, damage: Callable[[Doc], None], words: str, tmp_path: Path
) -> None:
    bad = _damaged(good, damage, tmp_path)
    with pytest.raises(NotAnExport) as raised:
        read_export(bad)
    _plain(str(raised.value), words)
    target = tmp_path / "sessions"
    with pytest.raises(NotAnExport):
        restore_session(bad, target)
    with pytest.raises(NotAnExport):
        restore_session(bad, tmp_path, path=tmp_path / "named.json")
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


@pytest.mark.parametrize(("damage", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_panel_tui_import_refuses_each_in_one_sentence(
    good: Doc, damage: Callable[[Doc], None], words: str, tmp_path: Path
) -> None:
    bad = _damaged(good, damage, tmp_path)
    into = tmp_path / "sessions"
    done = subprocess.run(
        [sys.executable, "-m", "panel_tui", "import", bad, "--into", into],
        capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL, check=False, cwd=tmp_path,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.endswith("\n") and done.stderr.count("\n") == 1, done.stderr
    _plain(done.stderr.strip(), words)
    assert not into.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"], "no session, audit or lock file anywhere"


def test_the_first_problem_is_named_and_only_that(good: Doc, tmp_path: Path) -> None:
    def two_scores(doc: Doc) -> None:
        first, second = doc["sheets"][0], doc["sheets"][1]
        first["scores"][next(iter(first["scores"]))] = 9
        second["scores"][next(iter(second["scores"]))] = 8

    with pytest.raises(NotAnExport) as raised:
        read_export(_damaged(good, two_scores, tmp_path))
    assert "is 9," in str(raised.value) and "8" not in str(raised.value).split("cannot be imported")[1]

    def score_and_duplicate(doc: Doc) -> None:
        _set_score(9)(doc)
        _duplicate("members")(doc)

    with pytest.raises(NotAnExport, match="two records in 'members' have the same id"):
        read_export(_damaged(good, score_and_duplicate, tmp_path))


def test_a_notes_only_draft_of_someone_now_an_observer_is_allowed(good: Doc, tmp_path: Path) -> None:
    """The app lets a member with a notes-only draft become an observer, so an export may hold one."""

    def notes_only(doc: Doc) -> None:
        _observer_scores(doc)
        doc["sheets"][-1].update(scores={}, status="draft", submitted_at=None, notes={_first_question(doc): "Seen"})

    read_export(_damaged(good, notes_only, tmp_path))


def _use(opened: OpenedSession, out: Path) -> None:
    """Open, read and export as the app and the CLI would: any exception fails the test."""
    tool = opened.as_tool("test")
    view = tool.view()
    for candidate in view.state.candidates:
        view.missing_sheets(candidate.id)
        for member in view.state.scorers:
            view.progress(member.id, candidate.id)
    tool.audit_trail()
    tool.export(out, FORMATS)
    who = opened.who_are_you()
    person = next(p for p in who.people if not p.has_pin)
    member = opened.sign_in(person.id)
    member.view()
    member.audit_trail()


def test_a_file_that_passes_opens_exports_and_reads(good: Doc, tmp_path: Path) -> None:
    source = tmp_path / "good.json"
    source.write_bytes(orjson.dumps(good))
    opened = restore_session(source, tmp_path / "sessions")
    again = OpenedSession.open(opened.path)
    _use(again, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        ["summary.csv", "scores.csv", "audit.csv", "session.xlsx", "session.json", "report.html"]
    )
    second = restore_session(tmp_path / "out" / "session.json", tmp_path / "again")
    _use(second, tmp_path / "out-again")


def test_options_hold_only_what_an_export_writes(good: Doc, tmp_path: Path) -> None:
    source = tmp_path / "good.json"
    source.write_bytes(orjson.dumps({**good, "options": {"notes": True, "codes_only": "yes", "extra": [[1]]}}))
    assert read_export(source).options == {"notes": True}
    source.write_bytes(orjson.dumps({**good, "options": [1, 2], "exported_at": {"when": 1}}))
    imported = read_export(source)
    assert imported.options == {} and imported.exported_at == ""
