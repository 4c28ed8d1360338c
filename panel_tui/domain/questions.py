"""The rules of writing questions together: revisions, co-authors, support, balance, order.

Pure functions over `Question`: the service applies them inside one locked
write and records who did what.
"""

from __future__ import annotations

import difflib
from typing import Any

from .errors import InvalidValue, UnknownMember
from .models import Comment, Group, Question, Revision, Scale, revise
from .state import SessionState


def check_anchors(scale: Scale, anchors: dict[int, str]) -> None:
    for point in anchors:
        if point not in scale.points:
            raise InvalidValue(f"{point} is not on the scale. {scale.describe()}")


def revised(question: Question, by: str, *, scale: Scale, **changes: Any) -> Question:
    """An improved question: a Revision when the words change, and the editor becomes a co-author.

    The revision keeps the question's main text before and after; a change
    only to the plain-words version is kept as a revision of that text.
    """
    changes = {k: v for k, v in changes.items() if v is not None}
    if "text" in changes and not str(changes["text"]).strip():
        raise InvalidValue("The question cannot be empty.")
    if "anchors" in changes:
        check_anchors(scale, changes["anchors"])
    after = revise(question, **changes)
    if after == question:
        return question
    revisions = list(question.revisions)
    if after.text != question.text:
        revisions.append(Revision(by=by, before=question.text, after=after.text))
    elif after.plain_text != question.plain_text:
        revisions.append(Revision(by=by, before=question.plain_text, after=after.plain_text))
    authors = list(question.authors) if by in question.authors else [*question.authors, by]
    return revise(after, revisions=[r.model_dump() for r in revisions], authors=authors)


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
