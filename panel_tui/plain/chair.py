"""The chair agrees scores in plain lines: one candidate, one question at a time.

The figures are the ones the full screen shows (`reconcile.grid` over the
chair's read model, so rule 1 holds: nothing before agreement is opened),
each said in words: who gave what, lowest, highest, spread, middle
(median), group averages, and whether the panel differs. Opening agreement,
agreeing a score and agreeing the easy questions at once are each one
service call, which checks the rules (reasons, final outcomes) itself.
"""

from __future__ import annotations

from functools import partial

from ..domain import reconcile
from ..domain.models import Candidate, Group
from ..domain.scoring import check_score
from ..services import PanelService, SessionView, version_of
from .prompts import Lines, and_list, looks_like_a_number, parse_command, parse_number, plural

GROUP_ORDER = (Group.MEMBER, Group.VOLUNTEER, Group.STAFF)


def _status(view: SessionView, candidate: Candidate) -> str:
    state = view.state
    outcome = state.outcome(candidate.id)
    if outcome is not None:
        return f"Outcome: {outcome.decision.value}{' (final)' if outcome.final else ''}."
    if view.opened(candidate.id):
        agreed = sum(1 for q in state.agreed_questions if state.agreed_score(candidate.id, q.id))
        return f"Open: {agreed} of {len(state.agreed_questions)} agreed."
    missing = view.missing_sheets(candidate.id)
    if missing:
        return f"Waiting for {plural(len(missing), 'sheet')}."
    return "Ready: everyone has submitted."


def agree_scores(lines: Lines, service: PanelService) -> None:
    """Choose a candidate (opening agreement as the full screen does), then agree their questions."""
    while True:
        view = lines.attempt(service.view, path=service.path)
        if view is None:
            return
        candidates = view.state.candidates_in_order
        if not candidates:
            lines.say("There are no candidates yet.")
            return
        lines.gap()
        index = lines.choose(
            "Agree scores: choose a candidate.",
            [f"{c.code} {c.name}. {_status(view, c)}" for c in candidates],
            "a candidate",
        )
        if index is None:
            return
        candidate = candidates[index]
        if view.opened(candidate.id) or _open(lines, service, view, candidate):
            _agree_candidate(lines, service, candidate.id)


def _open(lines: Lines, service: PanelService, view: SessionView, candidate: Candidate) -> bool:
    missing = view.missing_sheets(candidate.id)
    reasons: dict[str, str] = {}
    if missing:
        names = and_list([m.name for m in missing])
        lines.say(
            f"{names} {'has' if len(missing) == 1 else 'have'} not submitted a sheet for {candidate.code}. "
            "To open agreement without them, give a reason for each (for example: absent)."
        )
        for member in missing:
            reason = lines.ask(f"Why is {member.name}'s sheet missing? Type the reason and press Enter. Or press Enter alone to go back.")
            if not reason.strip():
                return False
            reasons[member.id] = reason.strip()
    opened = lines.attempt(lambda: service.open_reconciliation(candidate.id, reasons), path=service.path)
    if opened is None:
        return False
    lines.say(f"Opened: agreeing scores for {candidate.code}. The panel's submitted scores can now be read.")
    return True


def _who(service: PanelService, candidate_id: str) -> dict[str, str]:
    """How each panel member is named here: 'Panel member A (Member)' when the session uses pseudonyms."""
    state = service.state
    if state.session.pseudonymous:
        return reconcile.pseudonyms(state, candidate_id)
    return {m.id: f"{m.name} ({state.group_label(m.group)})" for m in state.members}


def _agree_candidate(lines: Lines, service: PanelService, candidate_id: str) -> None:
    focus: int | None = None
    while True:
        view = lines.attempt(service.view, path=service.path)
        if view is None:
            return
        if not view.opened(candidate_id):  # rule 1: no figures before agreement is opened
            lines.say("Agreeing scores for this candidate has not been opened yet.")
            return
        state = view.state
        rows = reconcile.grid(state, candidate_id)
        if not rows:
            lines.say("There are no agreed questions.")
            return
        candidate = state.candidate(candidate_id)
        if focus is None:
            _say_questions(lines, view, candidate, rows)
            answer = lines.ask_command(
                f"Type a question number from 1 to {len(rows)} to hear its scores and agree it. Or: a to agree "
                "every question where the panel does not differ, at its middle score; b to go back; q to stop."
            )
            number = parse_number(answer)
            command, _ = parse_command(answer)
            if number is not None and 1 <= number <= len(rows):
                focus = number - 1
            elif command in ("b", "back"):
                return
            elif command == "a":
                _agree_unflagged(lines, service, candidate_id)
            else:
                lines.say(f'"{answer.strip()}" is not one of the choices.')
            continue
        saved = _agree_question(lines, service, view, candidate_id, focus)
        if not saved:
            focus = None
            continue
        fresh = reconcile.grid(service.state, candidate_id)
        waiting = [n for n, row in enumerate(fresh) if row.agreed is None]
        later = [n for n in waiting if n > focus] + [n for n in waiting if n < focus]
        if later:
            focus = later[0]
            lines.say(f"Next to agree: question {focus + 1}.")
        else:
            lines.say(f"Every question for {candidate.code} has an agreed score. Signing off and the outcome are on the full screen for now.")
            focus = None


def _say_questions(lines: Lines, view: SessionView, candidate: Candidate, rows: list[reconcile.GridRow]) -> None:
    state = view.state
    agreed = sum(1 for r in rows if r.agreed is not None)
    lines.gap()
    lines.say(f"Agree scores for {candidate.code} {candidate.name}. {agreed} of {len(rows)} agreed.")
    flagged = [str(n) for n, r in enumerate(rows, start=1) if r.divergent and r.agreed is None]
    if flagged:
        lines.say(f"The panel differs on question{'s' if len(flagged) > 1 else ''} {and_list(flagged)}: talk about {'them' if len(flagged) > 1 else 'it'} first.")
    for number, row in enumerate(rows, start=1):
        flag = " The panel differs." if row.divergent else ""
        if row.agreed is None:
            done = " Not agreed yet."
        else:
            done = f" Agreed: {row.agreed.score}, {state.session.scale.label(row.agreed.score)}."
        lines.say(f"Question {number}.{flag}{done} {row.question.text}")


def _agree_question(lines: Lines, service: PanelService, view: SessionView, candidate_id: str, index: int) -> bool:
    """Say one question's figures and agree its score. True when a score was saved."""
    state = view.state
    scale = state.session.scale
    row = reconcile.grid(state, candidate_id)[index]
    number = index + 1
    who = _who(service, candidate_id)
    lines.gap()
    lines.say(f"Question {number} of {len(state.agreed_questions)}: {row.question.text}")
    given = [f"{who.get(m, 'A panel member')}: {'left blank' if v is None else v}" for m, v in row.scores.items()]
    lines.say("The panel's scores: " + ("; ".join(given) + "." if given else "none submitted."))
    stats = row.stats
    if stats is not None:
        lines.say(
            f"Lowest {stats.minimum}, highest {stats.maximum}, spread {stats.spread}. "
            f"Middle (median) {stats.median:g}, average (mean) {stats.mean:.1f}."
        )
        averages = [
            f"{state.group_label(g)} {'no scores' if stats.group_means.get(g) is None else format(stats.group_means[g], '.1f')}"
            for g in GROUP_ORDER
        ]
        lines.say("Group averages: " + "; ".join(averages) + ".")
        lines.say("The panel differs here: talk about it first." if row.divergent else "The panel does not differ much here.")
    notes = [
        f"{who.get(s.member_id, 'A panel member')}: {s.notes[row.question.id]}"
        for s in service.visible_sheets(candidate_id)
        if s.notes.get(row.question.id, "").strip()
    ]
    lines.say(*(["Notes:", *notes] if notes else ["Nobody wrote a note for this question."]))
    version = version_of(row.agreed)
    if row.agreed is not None:
        reason = f" Reason: {row.agreed.reason}" if row.agreed.reason else ""
        lines.say(f"Agreed score now: {row.agreed.score}, {scale.label(row.agreed.score)}.{reason}")
    start = row.agreed.score if row.agreed is not None else row.prefill
    lines.say("The scale: " + "; ".join(f"{p} {scale.label(p)}" for p in scale.points) + ".")
    prompt = f"Type the agreed score from {scale.low} to {scale.high}, then press Enter."
    if start is not None:
        prompt += f" Or press Enter alone for {start}" + (" (the middle score)." if row.agreed is None else " (as agreed now).")
    prompt += " Or type b to go back to the questions, or q to stop."
    independent = [v for v in row.scores.values() if v is not None]
    while True:
        answer = lines.ask_command(prompt)
        command, _ = parse_command(answer)
        if command in ("b", "back"):
            return False
        if not answer.strip() and start is not None:
            typed: object = start
        elif (n := parse_number(answer)) is not None:
            typed = n
        elif looks_like_a_number(answer):
            typed = answer.strip()
        elif not answer.strip():
            lines.say("Nothing was typed.")
            continue
        else:
            lines.say(f'"{answer.strip()}" is not a score.')
            continue
        value = lines.attempt(partial(check_score, scale, typed), after="Nothing was saved.")
        if value is not None:
            break
    needs = reconcile.reason_required(value, independent)
    if needs:
        reason = lines.ask(
            "A reason is needed: this score is outside the panel's scores, or at least 1 away from the middle score. "
            "Type the reason and press Enter. Or press Enter alone to go back."
        )
        if not reason.strip():
            lines.say("Nothing was saved.")
            return False
    else:
        reason = lines.ask("Reason (you may leave it out): type it and press Enter. Or press Enter alone for none.")
    agreed = lines.attempt(
        lambda: service.set_agreed_score(candidate_id, row.question.id, value, reason.strip(), version=version),
        path=service.path, after="Nothing was saved.",
    )
    if agreed is None:
        return False
    said = f" Reason: {agreed.reason}" if agreed.reason else ""
    lines.say(f"Saved: question {number}, agreed score {agreed.score}, {scale.label(agreed.score)}.{said}")
    return True


def _agree_unflagged(lines: Lines, service: PanelService, candidate_id: str) -> None:
    agreed = lines.attempt(lambda: service.agree_unflagged_at_median(candidate_id), path=service.path, after="Nothing was saved.")
    if agreed is None:
        return
    numbers = {q.id: n for n, q in enumerate(service.state.agreed_questions, start=1)}
    scale = service.state.session.scale
    if not agreed:
        lines.say("There was no question to agree this way: each one is agreed already, or the panel differs on it.")
    for score in agreed:
        lines.say(f"Saved: question {numbers.get(score.question_id, '?')}, agreed score {score.score}, {scale.label(score.score)}.")
