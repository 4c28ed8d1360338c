"""A signed-in person's day in plain lines: what they may do, choosing a candidate, the briefing, a conflict.

What is offered comes from the rights table (`view.may`), what a candidate's
sheet looks like from the read model (`view.progress`), and whether the
confidentiality statement is still to be confirmed from the same rule the
full screen asks (`needs_briefing`). Every change is one service call.
"""

from __future__ import annotations

from ..domain.models import CONFLICT_RELATIONS, Candidate, ConflictKind
from ..domain.scoring import needs_briefing
from ..services import PanelService, Right, SessionView, resume_point, sheet_for_scoring
from .chair import agree_scores
from .prompts import Lines
from .scoring import score_sheet
from .sift import sift
from .you_said import you_said


def candidate_label(view: SessionView, candidate: Candidate) -> str:
    """The code, with the name only where this person may see names."""
    return f"{candidate.code} {candidate.name}" if view.shows_candidate_names else candidate.code


def member_day(lines: Lines, service: PanelService) -> None:
    """The menu after signing in, until the person signs out (typing q stops everything)."""
    view = lines.attempt(service.view, path=service.path)
    if view is None:
        return
    you = view.you
    if you is None:
        lines.say("Plain mode is for panel members. Setting up a session needs the full screen.")
        return
    lines.gap()
    lines.say(f"Signed in as {you.name} ({view.state.group_label(you.group)}).")
    _offer_to_resume(lines, service, view)
    while True:
        view = lines.attempt(service.view, path=service.path)
        if view is None:
            return
        actions = []
        if view.may(Right.SCORE_OWN):
            actions.append(("Score a candidate", choose_and_score))
        if view.may(Right.DECLARE_CONFLICT):
            actions.append(("Say you know a candidate (declare a conflict of interest)", declare_conflict))
        if view.may(Right.RECONCILE):
            actions.append(("Agree scores with the panel (chair)", agree_scores))
        if view.state.session.sift_opened_at is not None and view.may(Right.SIFT):
            actions.append(("Sift the written applications", sift))
        if view.state.round_over:
            actions.append(("What happened to what you gave (you said, we did)", you_said))
        if not view.may(Right.SCORE_OWN):
            lines.say("HR and observers export with: panel-tui export. Thanks and payments are on the full screen.")
        lines.gap()
        index = lines.choose(
            "What would you like to do?",
            [label for label, _ in actions] + ["Sign out, so someone else can sign in"],
            "your choice",
            back=None,
        )
        assert index is not None
        if index == len(actions):
            lines.say(f"Signed out: {you.name}.")
            return
        actions[index][1](lines, service)


def _offer_to_resume(lines: Lines, service: PanelService, view: SessionView) -> None:
    """Signing in again: offer to go back to the sheet and question they left."""
    point = resume_point(view)
    if point is None:
        return
    lines.say(point.sentence)
    if lines.confirm("Go back to it now?"):
        _open_sheet(lines, service, point.candidate_id, start_at=point.question_id)


# Scoring ---------------------------------------------------------------------


def _progress_words(view: SessionView, member_id: str, candidate: Candidate) -> str:
    state = view.state
    conflict = state.conflict(member_id, candidate.id)
    if conflict is not None and conflict.kind is ConflictKind.HARD:
        return "You declared a conflict: you are not scoring this candidate."
    progress = view.progress(member_id, candidate.id)
    paper = " Typed in from paper." if progress.paper else ""
    if progress.status == "submitted":
        words = "Submitted."
    elif progress.status == "draft":
        words = f"Started: {progress.scored} of {progress.total} scored."
    else:
        words = "Not started."
    if conflict is not None:
        words += f" You said you know them ({conflict.relation})."
    return words + paper


def choose_and_score(lines: Lines, service: PanelService) -> None:
    while True:
        view = lines.attempt(service.view, path=service.path)
        if view is None:
            return
        state = view.state
        member_id = service.actor.id
        if not state.agreed_questions:
            lines.say("The questions are not agreed yet, so there is nothing to score.")
            return
        candidates = state.candidates_in_order
        if not candidates:
            lines.say("There are no candidates yet. The chair adds them in Set-up.")
            return
        items = []
        for c in candidates:
            slot = f", {c.slot}" if c.slot else ""
            items.append(f"{candidate_label(view, c)}{slot}. {_progress_words(view, member_id, c)}")
        lines.gap()
        nxt = next(
            (
                (n, c) for n, c in enumerate(candidates, start=1)
                if view.progress(member_id, c.id).status != "submitted" and not state.has_hard_conflict(member_id, c.id)
            ),
            None,
        )
        heading = "Whom are you scoring?"
        if nxt is not None:
            heading += f" The next to score is number {nxt[0]}, {nxt[1].code}."
        index = lines.choose(heading, items, "a candidate", back="go back")
        if index is None:
            return
        _open_sheet(lines, service, candidates[index].id)


def _open_sheet(lines: Lines, service: PanelService, candidate_id: str, start_at: str | None = None) -> None:
    view = lines.attempt(service.view, path=service.path)
    if view is None:
        return
    state = view.state
    member_id = service.actor.id
    if state.has_hard_conflict(member_id, candidate_id):
        lines.say("You declared a conflict with this candidate, so you do not score them.")
        return
    if lines.attempt(lambda: sheet_for_scoring(view, member_id, candidate_id), path=service.path) is None:
        return
    member = state.member(member_id)
    if needs_briefing(state, member) and not confirm_briefing(lines, service):
        return
    score_sheet(lines, service, member_id, candidate_id, start_at=start_at)


def confirm_briefing(lines: Lines, service: PanelService) -> bool:
    """The confidentiality statement, read and agreed once per session before first scoring."""
    lines.gap()
    lines.say("Before you score: confidentiality. This is asked once for this session.")
    lines.say(service.state.session.confidentiality)
    if not lines.confirm("Do you agree to this statement?"):
        lines.say("Not agreed, so scoring has not started. You can come back to it.")
        return False
    if lines.attempt(service.confirm_briefing, path=service.path) is None:
        return False
    lines.say("Saved: you agreed to the confidentiality statement.")
    return True


# Declaring a conflict ----------------------------------------------------------


def declare_conflict(lines: Lines, service: PanelService) -> None:
    view = lines.attempt(service.view, path=service.path)
    if view is None:
        return
    candidates = view.state.candidates_in_order
    if not candidates:
        lines.say("There are no candidates yet.")
        return
    lines.gap()
    lines.say(
        "If you know a candidate (as a peer, friend, colleague, support worker or family), say so before you score them."
    )
    index = lines.choose("Which candidate do you know?", [candidate_label(view, c) for c in candidates], "the candidate")
    if index is None:
        return
    candidate = candidates[index]
    relation = lines.choose(
        "How do you know them?", [r.capitalize() for r in CONFLICT_RELATIONS], "your answer", back="go back"
    )
    if relation is None:
        return
    kind = lines.choose(
        "What should happen?",
        [
            "Soft: I may still score them. The chair and the records will show that I know them.",
            "Hard: I will not score them at all.",
        ],
        "your answer",
        back="go back",
    )
    if kind is None:
        return
    detail = lines.ask("Anything to add? Type it and press Enter. Or press Enter alone for nothing.")
    chosen = ConflictKind.SOFT if kind == 0 else ConflictKind.HARD
    conflict = lines.attempt(
        lambda: service.declare_conflict(candidate.id, chosen, CONFLICT_RELATIONS[relation], detail.strip()),
        path=service.path, after="Nothing was saved.",
    )
    if conflict is not None:
        lines.say(
            f"Saved: a {conflict.kind.value} conflict with {candidate.code} ({conflict.relation}). The chair will see it."
        )
