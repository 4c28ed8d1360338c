"""The rules of writing questions together: revisions, co-authors, support, balance, order.

Pure functions over `Question`: the service applies them inside one locked
write and records who did what.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from .errors import InvalidValue, NotAllowed, UnknownMember
from .models import Comment, Group, Question, Revision, Scale, revise
from .state import SessionState

TEXT = "text"
PLAIN_TEXT = "plain_text"
"""The two parts of a question a `Revision` can record (see `revised`)."""
EDITABLE = ("text", "plain_text", "guidance", "criterion", "follow_ups", "anchors")
"""The parts of a question any panel member may improve."""


def check_anchors(scale: Scale, anchors: Mapping[int, str] | Mapping[str, str]) -> None:
    """Every anchor is for a point on the session's scale; points may come as numbers or "0".."4"."""
    for key in anchors:
        try:
            point = int(key)
        except (TypeError, ValueError):
            raise InvalidValue(f"'{key}' is not a point on the scale. {scale.describe()}") from None
        if point not in scale.points:
            raise InvalidValue(f"{point} is not on the scale. {scale.describe()}")


def revised(
    question: Question,
    by: str,
    *,
    text: str | None = None,
    plain_text: str | None = None,
    guidance: list[str] | None = None,
    criterion: str | None = None,
    follow_ups: list[str] | None = None,
    anchors: Mapping[int, str] | None = None,
    scale: Scale,
) -> Question:
    """The question improved by `by`, who becomes a co-author; None leaves a part as it was.

    Only a change of words is a `Revision` (who, when, before, after):
    - a change to the question's text: before/after are the question's text;
    - a change to the plain-words version only: before/after are the plain words;
    - both in one edit: two revisions, the plain words first and the
      question's text last, so `revisions[-1]` shows the main change.
    `revision_parts` says which part each revision is about. A change only to
    guidance, criterion, follow-ups or anchors makes no revision but still
    makes `by` a co-author (the audit keeps what changed). Returns the very
    same question when nothing changed.
    """
    if text is not None and not text.strip():
        raise InvalidValue("The question cannot be empty. Write the question, or leave it as it was.")
    if anchors is not None:
        check_anchors(scale, anchors)
    changes: dict[str, Any] = {
        key: value
        for key, value in (
            ("text", text),
            ("plain_text", plain_text),
            ("guidance", guidance),
            ("criterion", criterion),
            ("follow_ups", follow_ups),
            ("anchors", anchors),
        )
        if value is not None
    }
    after = revise(question, **changes)
    if after == question:
        return question
    revisions = list(question.revisions)
    if after.plain_text != question.plain_text:
        revisions.append(Revision(by=by, before=question.plain_text, after=after.plain_text))
    if after.text != question.text:
        revisions.append(Revision(by=by, before=question.text, after=after.text))
    authors = list(question.authors) if by in question.authors else [*question.authors, by]
    return revise(after, revisions=[r.model_dump() for r in revisions], authors=authors)


def revision_parts(question: Question) -> list[tuple[str, Revision]]:
    """Each revision with the part it changed: TEXT or PLAIN_TEXT, oldest first.

    Worked out by walking back from the words as they are now: a revision
    whose `after` is the current text was a change of the text, one whose
    `after` is the current plain words a change of those. (If the text and
    the plain words were ever the same words, the text is assumed.)
    """
    text, plain = question.text, question.plain_text
    parts: list[tuple[str, Revision]] = []
    for revision in reversed(question.revisions):
        if revision.after == text:
            parts.append((TEXT, revision))
            text = revision.before
        elif revision.after == plain:
            parts.append((PLAIN_TEXT, revision))
            plain = revision.before
        else:
            parts.append((TEXT, revision))
    return parts[::-1]


def changed_parts(before: Question, after: Question) -> tuple[dict[str, Any], dict[str, Any]]:
    """The parts a person can edit that differ, before and after: what an audit event keeps."""
    keys = [k for k in EDITABLE if getattr(before, k) != getattr(after, k)]
    return (
        {k: _plain_value(getattr(before, k)) for k in keys},
        {k: _plain_value(getattr(after, k)) for k in keys},
    )


def _plain_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): v for k, v in sorted(value.items())}
    return list(value) if isinstance(value, list) else value


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """What changed, word by word: ("same" | "removed" | "added", words)."""
    old, new = before.split(), after.split()
    result: list[tuple[str, str]] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            result.append(("same", " ".join(old[a1:a2])))
            continue
        if a2 > a1:
            result.append(("removed", " ".join(old[a1:a2])))
        if b2 > b1:
            result.append(("added", " ".join(new[b1:b2])))
    return result


def supported(question: Question, member_id: str) -> Question:
    """Support is what others give: an author cannot support their own question."""
    if member_id in question.authors:
        raise NotAllowed("This is your own question, so you cannot support it. Others can.")
    if member_id in question.supporters:
        return question
    return revise(question, supporters=[*question.supporters, member_id])


def unsupported(question: Question, member_id: str) -> Question:
    return revise(question, supporters=[s for s in question.supporters if s != member_id])


def commented(question: Question, member_id: str, text: str) -> Question:
    if not text.strip():
        raise InvalidValue("A comment cannot be empty.")
    comment = Comment(by=member_id, text=text)
    return revise(question, comments=[*(c.model_dump() for c in question.comments), comment.model_dump()])


def group_balance(state: SessionState) -> dict[Group, int]:
    """For each group: how many agreed questions at least one of its people wrote or co-wrote.

    Authors who have left the panel are not counted; a question written by a
    member and a staff member counts once for each group.
    """
    counts = {group: 0 for group in Group}
    for question in state.agreed_questions:
        groups = set()
        for author in question.authors:
            try:
                groups.add(state.member(author).group)
            except UnknownMember:
                continue
        groups.update(question.imported_groups)
        for group in groups:
            counts[group] += 1
    return counts


def reorder(questions_in_order: list[Question], question_id: str, offset: int) -> list[Question]:
    """The agreed set with one question moved up (negative) or down; positions renumbered 1, 2, 3..."""
    order = list(questions_in_order)
    index = next((i for i, q in enumerate(order) if q.id == question_id), None)
    if index is None:
        raise InvalidValue("Only agreed questions can be put in order.")
    target = max(0, min(len(order) - 1, index + offset))
    order.insert(target, order.pop(index))
    return [q if q.position == n else revise(q, position=n) for n, q in enumerate(order, start=1)]


def check_may_lock(state: SessionState) -> None:
    """Locking needs at least one agreed question: an empty set cannot be scored."""
    if not state.agreed_questions:
        raise NotAllowed("Agree at least one question before locking the set.")


def scored_questions(state: SessionState) -> list[Question]:
    """Questions of the agreed set that some score sheet (draft or submitted) holds a score for."""
    scored = {question_id for sheet in state.sheets for question_id in sheet.scores}
    return [q for q in state.agreed_questions if q.id in scored]


def check_may_unlock(state: SessionState, reason: str) -> str:
    """The reason, tidied; refused without one, or once anyone has scored a question of the set.

    Unlocking lets questions change, and a score given to the old words would
    then stand against different words (rule 5 of DESIGN.md).
    """
    reason = reason.strip()
    if not reason:
        raise InvalidValue("Please give a reason for unlocking the question set.")
    if scored_questions(state):
        raise NotAllowed(
            "Scores have already been given on these questions, so the set cannot be unlocked. "
            "Changing a question now would change what people scored."
        )
    return reason
