"""A small round carried to final outcomes, for feedback letters and "you said, we did".

Built through the application layer as a panel would. Agreed reasons and the
outcome's feedback name panel members on purpose ("Dee Morgan liked..."), so
tests can check a letter never carries a panel member's name.

- Priya Chair (staff, chair), Dee Morgan (member), Vic Taylor (volunteer), Hana Jones (HR).
- Dee wrote question 1; Vic wrote question 2 and Dee improved it; Vic wrote a third that was never agreed.
- C01 Jordan Ellis: appointed. C02 Sam Okafor: not appointed. Both final.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from panel_tui.domain.models import PanelMember, Question, SignOff
from panel_tui.services import OpenedSession, PanelService, new_session

SCORES: dict[str, dict[str, list[int]]] = {
    "C01": {"chair": [3, 2], "dee": [4, 2], "vic": [2, 3]},
    "C02": {"chair": [1, 2], "dee": [1, 3], "vic": [2, 1]},
}
AGREED: dict[str, list[tuple[int, str]]] = {
    "C01": [(3, "A clear example; Dee Morgan liked it most."), (2, "")],
    "C02": [(1, "Vic felt the example was thin, and Priya Chair agreed."), (2, "Kind, but no supervisor named.")],
}
FEEDBACK = {
    "C01": "Warm and safe. Dee said you listened well.",
    "C02": "Thank you for coming. Taylor and Morgan hope you apply again.",
}
MEMBER_NAMES = ("Priya Chair", "Dee Morgan", "Vic Taylor", "Hana Jones")


@dataclass
class Finished:
    opened: OpenedSession
    people: dict[str, PanelMember]
    """chair, dee, vic, hr."""
    candidates: dict[str, str]
    """code -> id."""
    questions: list[Question]
    """The two agreed questions, in order."""
    unused: Question

    @property
    def path(self) -> Path:
        return self.opened.path

    def as_(self, key: str) -> PanelService:
        return self.opened.sign_in(self.people[key].id)

    @property
    def chair(self) -> PanelService:
        return self.as_("chair")


def build_finished(folder: Path, *, final: bool = True) -> Finished:
    opened, chair = new_session(
        folder, "Peer mentor", organisation="Harbour Recovery Community", chair_name="Priya Chair", chair_group="staff"
    )
    assert chair is not None
    svc = opened.sign_in(chair.id)
    people = {
        "chair": chair,
        "dee": svc.add_member("Dee Morgan", "member"),
        "vic": svc.add_member("Vic Taylor", "volunteer"),
        "hr": svc.add_member("Hana Jones", "staff", role="observer"),
    }
    dee, vic = opened.sign_in(people["dee"].id), opened.sign_in(people["vic"].id)
    q1 = dee.propose_question(
        "Tell us about a time you listened well to someone.",
        criterion="Listening", guidance=["Gives a real example", "Checks they have understood"],
    )
    q2 = vic.propose_question(
        "Someone you support asks to be your friend. What do you do?",
        criterion="Boundaries", guidance=["Kind but clear", "Would talk to a supervisor"],
    )
    q2 = dee.improve_question(q2.id, text="Someone you support asks to meet you at the weekend as a friend. What do you do?")
    unused = vic.propose_question("What is your favourite film?")
    for q in (q1, q2):
        svc.set_question_status(q.id, "agreed")
    svc.lock_questions()
    candidates = {
        "C01": svc.add_candidate("Jordan Ellis").id,
        "C02": svc.add_candidate("Sam Okafor").id,
    }
    for key in ("chair", "dee", "vic"):
        opened.sign_in(people[key].id).confirm_briefing()
    for code, table in SCORES.items():
        for key, values in table.items():
            member_svc = opened.sign_in(people[key].id)
            for q, value in zip((q1, q2), values, strict=True):
                member_svc.record_score(people[key].id, candidates[code], q.id, value)
            member_svc.submit_sheet(people[key].id, candidates[code])
    decisions = {"C01": "appoint", "C02": "not appointed"}
    for code, cid in candidates.items():
        svc.open_reconciliation(cid)
        for q, (score, reason) in zip((q1, q2), AGREED[code], strict=True):
            svc.set_agreed_score(cid, q.id, score, reason)
        svc.sign_off(cid, SignOff.CONSENSUS)
        svc.record_outcome(cid, decisions[code], FEEDBACK[code], final=final)
    return Finished(opened, people, candidates, [q1, q2], unused)
