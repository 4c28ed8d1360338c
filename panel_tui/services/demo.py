"""The demo session: a peer-mentor vacancy at a recovery community.

Built only through the application layer, so its audit trail reads as a real
round would: members, a volunteer and staff propose questions, the chair
agrees and locks them, and some panel members have already scored.
No PINs, so anyone can try every role. Every value is fixed, so every demo
has the same content (only ids and times differ).

The demo is built in a scratch folder and moved into place only when it is
complete, so a failure part-way never leaves half a demo behind that a later
run would mistake for the real one.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import NamedTuple

from ..domain.models import PanelMember, SignOff, Stage
from ..store.repository import ensure_folder, move_new_session
from .panel import PanelService
from .sessions import new_session

DEMO_FILE_NAME = "demo-peer-mentor.json"
FINISHED_DEMO_FILE_NAME = "demo-peer-mentor-finished.json"
VACANCY = "Peer mentor"
ORGANISATION = "Harbour Recovery Community"


class Person(NamedTuple):
    name: str
    group: str
    access_needs: str = ""


CHAIR = "Priya"
PEOPLE: dict[str, Person] = {
    "Priya": Person("Priya Shah", "staff"),
    "Dee": Person("Dee Morgan", "member"),
    "Aisha": Person("Aisha Khan", "member", "Large text; short breaks between interviews"),
    "Vic": Person("Vic Taylor", "volunteer"),
    "Marcus": Person("Marcus Bell", "staff"),
}
"""Short name -> who they are. Priya chairs; the others join as panel members."""


class DemoQuestion(NamedTuple):
    author: str
    text: str
    plain_text: str
    guidance: list[str]
    criterion: str
    follow_up: str
    anchors: dict[int, str]
    """What an answer at each point of the 0-4 scale looks like for this question."""


EASY_READ = (
    'You have your own story of recovery. How would you use it to help someone? How would you keep you both safe?',
    'Someone you support wants to be your friend. They ask to meet you at the weekend. What would you do?',
    'Tell us about a time you listened to someone. They were having a hard time. What did you do?',
    'Someone you support has used again. They want to give up. What would you do in the next hour?',
    'Staff may see things in a different way from you. How would you work with them?',
    'You meet someone. What would you write down after? Who could read it?',
    'This work can bring back hard times from your past. How do you look after yourself?',
)
"""The demo's questions in Easy Read, in the order of QUESTIONS: short sentences, one idea each (each passes
the checker in `domain.easy_read`; tests/services/test_easy_read_questions.py checks)."""

QUESTIONS: list[DemoQuestion] = [
    DemoQuestion(
        "Dee",
        "Tell us how you would use your own experience of recovery to support someone, "
        "and how you would keep that safe for both of you.",
        "How would you use your own recovery story to help someone? How would you keep it safe?",
        [
            "Shares experience with a purpose, to help the other person",
            "Knows what not to share, and when",
            "Keeps the focus on the other person's recovery",
        ],
        "Lived experience, used safely",
        "Can you tell us about a time you chose not to share something?",
        {
            0: "Does not say how they would use their experience, or would share in a way that could harm.",
            1: "Talks about their own story only; no sense of purpose or limits.",
            2: "Some idea of sharing to help, but limits are vague.",
            3: "Shares with a purpose and names some limits.",
            4: "Clear purpose, clear limits, keeps the focus on the other person, with an example.",
        },
    ),
    DemoQuestion(
        "Vic",
        "A person you mentor asks to meet you at the weekend as a friend. What do you do?",
        "Someone you support asks to be your friend outside work. What would you do?",
        [
            "Kind but clear about the boundary",
            "Explains why the boundary helps the person",
            "Would talk to a supervisor",
        ],
        "Boundaries",
        "What if they became upset when you said no?",
        {
            0: "Does not see a boundary here at all.",
            1: "Would agree, or would refuse without kindness.",
            2: "Says no but cannot explain why.",
            3: "Says no kindly and explains the boundary.",
            4: "Kind and clear, explains how it protects them, and would tell a supervisor.",
        },
    ),
    DemoQuestion(
        "Priya",
        "Describe a time you really listened to someone who was struggling. What did you do?",
        "Tell us about a time you listened well to someone who was having a hard time.",
        [
            "Gives a real example",
            "Lets the person talk without rushing to fix",
            "Checks they have understood",
        ],
        "Listening",
        "How did you know the person felt heard?",
        {
            0: "No example, and no sense of what listening well means.",
            1: "No real example, or mostly about giving advice.",
            2: "An example, but they did most of the talking.",
            3: "A good example of listening, with some checking back.",
            4: "A clear example: patient, checks understanding, the person led.",
        },
    ),
    DemoQuestion(
        "Marcus",
        "Someone you support tells you they have used again and want to give up. "
        "What do you do in the next hour?",
        "Someone tells you they have used again and want to give up. What do you do straight away?",
        [
            "Stays calm and without judgement",
            "Checks the person is safe right now",
            "Knows who to involve and how (crisis line, team, safeguarding)",
        ],
        "Supporting someone in crisis",
        "When would you call for help straight away?",
        {
            0: "Would leave the person alone with it, or blame them.",
            1: "Judges or panics; no thought for safety.",
            2: "Kind, but no clear idea of safety or who to involve.",
            3: "Calm, checks safety, knows to involve the team.",
            4: "Calm, no judgement, checks safety, knows the steps and who to call, hopeful about next steps.",
        },
    ),
    DemoQuestion(
        "Aisha",
        "How would you work with staff who see a situation differently from you?",
        "What would you do if staff saw things differently from you?",
        ["Respects other views", "Speaks up for the person being supported", "Finds a way forward together"],
        "Working with a team",
        "Can you give an example of disagreeing well?",
        {
            0: "Sees no place for the team, or would go behind their backs.",
            1: "Would avoid it, or would argue without listening.",
            2: "Would raise it but has no idea how to settle it.",
            3: "Listens, speaks up, looks for a way forward.",
            4: "Listens, speaks up for the person, works it through with the team, with an example.",
        },
    ),
    DemoQuestion(
        "Priya",
        "What would you write down after a session, and who could see it?",
        "After you meet someone, what would you write down, and who can read it?",
        [
            "Knows notes should be factual and respectful",
            "Understands confidentiality and its limits",
            "Knows when information must be shared (safeguarding)",
        ],
        "Recording and confidentiality",
        "When would you have to share something the person told you in confidence?",
        {
            0: "Would not write anything down, or would share private details freely.",
            1: "Unsure what to record or who may see it.",
            2: "Knows to keep notes private but not the limits.",
            3: "Factual notes, knows confidentiality and some limits.",
            4: "Factual, respectful notes; knows confidentiality and exactly when safeguarding overrides it.",
        },
    ),
    DemoQuestion(
        "Vic",
        "This work can bring up your own past. How do you look after yourself?",
        "This job can remind you of hard times. How do you take care of yourself?",
        [
            "Knows their own warning signs",
            "Has support they use (supervision, peers, meetings)",
            "Would ask for help early",
        ],
        "Self-care",
        "What would you do if a session left you shaken?",
        {
            0: "Does not think the work could affect them.",
            1: "Has not thought about it.",
            2: "Some ideas but nothing they actually do.",
            3: "Knows warning signs and has support they use.",
            4: "Clear plan: warning signs, support, and would ask for help early, with an example.",
        },
    ),
]

# (name, slot, adjustments); codes C01-C04 follow this order.
CANDIDATES = [
    ("Jordan Ellis", "Tue 3 Dec, 10:00", ""),
    ("Sam Okafor", "Tue 3 Dec, 11:00", "Questions in writing as well"),
    ("Alex Murray", "Tue 3 Dec, 13:30", ""),
    ("Riley Chen", "Tue 3 Dec, 14:30", ""),
]

# Submitted sheets, per candidate index: one score per question, in order.
# C01: all five submitted; close scores, except question 4 (crisis) where they differ by 3.
# C02: three submitted, Vic's draft part-scored (below), Marcus not started.
# C03 and C04: nothing yet.
SUBMITTED: dict[int, dict[str, list[int]]] = {
    0: {
        "Dee": [3, 3, 4, 3, 3, 3, 3],
        "Marcus": [3, 4, 3, 1, 3, 3, 3],
        "Vic": [4, 3, 4, 3, 3, 2, 4],
        "Priya": [3, 3, 3, 2, 2, 3, 3],
        "Aisha": [3, 4, 4, 4, 3, 3, 3],
    },
    1: {
        "Dee": [2, 3, 2, 2, 3, 2, 3],
        "Priya": [2, 2, 3, 2, 2, 3, 2],
        "Aisha": [3, 2, 2, 3, 2, 2, 3],
    },
}
DRAFTS: dict[int, dict[str, list[int]]] = {
    1: {"Vic": [2, 3, 3]},
}

# The finished demo: the round carried on to the end. Every sheet is submitted
# (these add to SUBMITTED), every question agreed with the panel, every outcome final.
FINISHED_SUBMITTED: dict[int, dict[str, list[int]]] = {
    1: {"Vic": [2, 3, 3, 2, 3, 2, 3], "Marcus": [2, 2, 2, 3, 2, 2, 2]},
    2: {
        "Dee": [1, 2, 1, 1, 2, 1, 2],
        "Marcus": [2, 1, 2, 1, 2, 2, 1],
        "Vic": [1, 1, 2, 2, 1, 1, 2],
        "Priya": [1, 2, 1, 1, 2, 1, 1],
        "Aisha": [2, 1, 1, 1, 1, 2, 2],
    },
    3: {
        "Dee": [2, 2, 1, 2, 2, 2, 2],
        "Marcus": [2, 2, 2, 2, 1, 2, 2],
        "Vic": [2, 1, 2, 2, 2, 1, 2],
        "Priya": [2, 2, 2, 1, 2, 2, 2],
        "Aisha": [1, 2, 2, 2, 2, 2, 1],
    },
}
FINISHED_REASONS: dict[tuple[int, int], tuple[int, str]] = {
    (0, 3): (3, "A safe first step: stayed with the person and called the crisis line. Did not check risk at first."),
}
"""(candidate index, question index) -> (agreed score, reason) where the panel differed."""
OUTCOMES: list[tuple[str, str]] = [
    ("appoint", "Warm, safe and clear about boundaries. We would like to offer you the post."),
    ("reserve", "A good interview. We have offered the post to someone else but would like to keep you in mind."),
    ("not appointed", "Thank you for coming. Your answers did not yet show enough of what the role needs."),
    ("not appointed", "Thank you for coming. Your answers did not yet show enough of what the role needs."),
]
HR_PERSON = "Hana Ali"
"""The finished demo's HR officer (an observer: does not score), who keeps thanks and payments."""
PANEL_DIFFERENCE = (
    "Members wrote two of the seven questions, including the one about keeping safe. "
    "Their scores on that question changed who we offered the post to."
)

# (who, candidate index, question index) -> note
NOTES: dict[tuple[str, int, int], str] = {
    ("Dee", 0, 0): "Good example from their own group work; clear about what they kept private.",
    ("Marcus", 0, 3): "Did not mention checking the person was safe.",
    ("Vic", 0, 3): "Calm and kind. Mentioned the crisis line.",
    ("Aisha", 0, 3): "Said they would stay with the person and call the team. Hopeful.",
    ("Priya", 1, 2): "Needed the question in writing; then a thoughtful answer.",
    ("Vic", 1, 1): "Warm but took a while to say no.",
}


def ensure_demo(folder: Path, *, finished: bool = False) -> tuple[Path, bool]:
    """The demo session file in `folder`: (path, True) when made now, (path, False) when it was there.

    `finished`: the finished demo (its own file), a round carried on to final
    outcomes, for trying what comes after: thanks and payments, "you said, we
    did", feedback letters, retention.
    """
    folder = Path(folder)
    name = FINISHED_DEMO_FILE_NAME if finished else DEMO_FILE_NAME
    path = folder / name
    if path.exists():
        return path, False
    ensure_folder(folder)
    scratch = folder / f".demo-building-{uuid.uuid4().hex[:12]}"
    try:
        (build_finished_demo if finished else build_demo)(scratch / name)
        return path, move_new_session(scratch / name, path)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def build_demo(path: Path) -> None:
    """Create the demo session at `path` (which must not exist), step by step as a real panel would."""
    _build(path, finished=False)


def build_finished_demo(path: Path) -> None:
    """The demo round carried on to the end: all sheets submitted, every score agreed, every outcome final."""
    _build(path, finished=True)


def _build(path: Path, *, finished: bool) -> None:
    chair_person = PEOPLE[CHAIR]
    opened, chair = new_session(
        path.parent,
        VACANCY,
        organisation=ORGANISATION,
        chair_name=chair_person.name,
        chair_group=chair_person.group,
        path=path,
    )
    assert chair is not None
    as_chair = opened.sign_in(chair.id)
    people: dict[str, PanelMember] = {CHAIR: chair}
    for short, person in PEOPLE.items():
        if short != CHAIR:
            people[short] = as_chair.add_member(person.name, person.group, access_needs=person.access_needs)

    def acting_as(short: str) -> PanelService:
        return opened.sign_in(people[short].id)

    as_chair.move_stage(Stage.QUESTIONS)
    questions = [
        acting_as(q.author).propose_question(
            q.text,
            plain_text=q.plain_text,
            easy_read=easy,
            guidance=q.guidance,
            criterion=q.criterion,
            follow_ups=[q.follow_up],
            anchors=q.anchors,
        )
        for q, easy in zip(QUESTIONS, EASY_READ, strict=True)
    ]
    for question in questions:
        as_chair.set_question_status(question.id, "agreed")
    as_chair.lock_questions()
    candidates = [as_chair.add_candidate(name, slot=slot, adjustments=adj) for name, slot, adj in CANDIDATES]
    as_chair.move_stage(Stage.INTERVIEWS)

    briefed: set[str] = set()

    def score(short: str, index: int, values: list[int], submit: bool) -> None:
        service, member, candidate = acting_as(short), people[short], candidates[index]
        if short not in briefed:
            service.confirm_briefing()
            briefed.add(short)
        for question, value in zip(questions, values, strict=False):
            service.record_score(member.id, candidate.id, question.id, value)
        for (who, cand, q_index), note in NOTES.items():
            if who == short and cand == index:
                service.set_note(member.id, candidate.id, questions[q_index].id, note)
        if submit:
            service.submit_sheet(member.id, candidate.id)

    for index, table in SUBMITTED.items():
        for short, values in table.items():
            score(short, index, values, submit=True)
    if not finished:
        for index, table in DRAFTS.items():
            for short, values in table.items():
                score(short, index, values, submit=False)
        return
    for index, table in FINISHED_SUBMITTED.items():
        for short, values in table.items():
            score(short, index, values, submit=True)
    as_chair.move_stage(Stage.RECONCILING)
    for index, candidate in enumerate(candidates):
        as_chair.open_reconciliation(candidate.id)
        for (cand, q_index), (value, reason) in FINISHED_REASONS.items():
            if cand == index:
                as_chair.set_agreed_score(candidate.id, questions[q_index].id, value, reason)
        as_chair.agree_unflagged_at_median(candidate.id)
        as_chair.sign_off(candidate.id, SignOff.CONSENSUS)
        decision, feedback = OUTCOMES[index]
        as_chair.record_outcome(candidate.id, decision, feedback, final=True)
    as_chair.set_panel_difference(PANEL_DIFFERENCE)
    as_chair.add_member(HR_PERSON, "staff", role="observer")
    as_chair.move_stage(Stage.FINISHED)
