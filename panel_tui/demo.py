"""The demo session: a peer-mentor vacancy at a recovery community.

Built only through the application layer, so its audit trail reads as a real
round would: members, a volunteer and staff propose questions, the chair
agrees and locks them, and some panel members have already scored.
No PINs, so anyone can try every role.
"""

from __future__ import annotations

from pathlib import Path

from .domain.models import Stage
from .services import Actor, PanelService, new_session

DEMO_FILE_NAME = "demo-peer-mentor.json"

ANCHORS_COMMON = {
    0: "Does not answer the question, or the answer would be unsafe.",
}

# (proposed by, question, plain words, guidance, criterion, follow-up, anchors 1-4)
QUESTIONS: list[tuple[str, str, str, list[str], str, str, dict[int, str]]] = [
    (
        "Dee",
        "Tell us how you would use your own experience of recovery to support someone, "
        "and how you would keep that safe for both of you.",
        "How would you use your own recovery story to help someone? How would you keep it safe?",
        ["Shares experience with a purpose, to help the other person", "Knows what not to share, and when",
         "Keeps the focus on the other person's recovery"],
        "Lived experience, used safely",
        "Can you tell us about a time you chose not to share something?",
        {1: "Talks about their own story only; no sense of purpose or limits.",
         2: "Some idea of sharing to help, but limits are vague.",
         3: "Shares with a purpose and names some limits.",
         4: "Clear purpose, clear limits, keeps the focus on the other person, with an example."},
    ),
    (
        "Vic",
        "A person you mentor asks to meet you at the weekend as a friend. What do you do?",
        "Someone you support asks to be your friend outside work. What would you do?",
        ["Kind but clear about the boundary", "Explains why the boundary helps the person",
         "Would talk to a supervisor"],
        "Boundaries",
        "What if they became upset when you said no?",
        {1: "Would agree, or would refuse without kindness.",
         2: "Says no but cannot explain why.",
         3: "Says no kindly and explains the boundary.",
         4: "Kind and clear, explains how it protects them, and would tell a supervisor."},
    ),
    (
        "Priya",
        "Describe a time you really listened to someone who was struggling. What did you do?",
        "Tell us about a time you listened well to someone who was having a hard time.",
        ["Gives a real example", "Lets the person talk without rushing to fix",
         "Checks they have understood"],
        "Listening",
        "How did you know the person felt heard?",
        {1: "No real example, or mostly about giving advice.",
         2: "An example, but they did most of the talking.",
         3: "A good example of listening, with some checking back.",
         4: "A clear example: patient, checks understanding, the person led."},
    ),
    (
        "Marcus",
        "Someone you support tells you they have used again and want to give up. What do you do in the next hour?",
        "Someone tells you they have used again and want to give up. What do you do straight away?",
        ["Stays calm and without judgement", "Checks the person is safe right now",
         "Knows who to involve and how (crisis line, team, safeguarding)"],
        "Supporting someone in crisis",
        "When would you call for help straight away?",
        {1: "Judges or panics; no thought for safety.",
         2: "Kind, but no clear idea of safety or who to involve.",
         3: "Calm, checks safety, knows to involve the team.",
         4: "Calm, no judgement, checks safety, knows the steps and who to call, hopeful about next steps."},
    ),
    (
        "Dee",
        "How would you work with staff who see a situation differently from you?",
        "What would you do if staff saw things differently from you?",
        ["Respects other views", "Speaks up for the person being supported",
         "Finds a way forward together"],
        "Working with a team",
        "Can you give an example of disagreeing well?",
        {1: "Would avoid it, or would argue without listening.",
         2: "Would raise it but has no idea how to settle it.",
         3: "Listens, speaks up, looks for a way forward.",
         4: "Listens, speaks up for the person, works it through with the team, with an example."},
    ),
    (
        "Priya",
        "What would you write down after a session, and who could see it?",
        "After you meet someone, what would you write down, and who can read it?",
        ["Knows notes should be factual and respectful", "Understands confidentiality and its limits",
         "Knows when information must be shared (safeguarding)"],
        "Recording and confidentiality",
        "When would you have to share something the person told you in confidence?",
        {1: "Unsure what to record or who may see it.",
         2: "Knows to keep notes private but not the limits.",
         3: "Factual notes, knows confidentiality and some limits.",
         4: "Factual, respectful notes; knows confidentiality and exactly when safeguarding overrides it."},
    ),
    (
        "Vic",
        "This work can bring up your own past. How do you look after yourself?",
        "This job can remind you of hard times. How do you take care of yourself?",
        ["Knows their own warning signs", "Has support they use (supervision, peers, meetings)",
         "Would ask for help early"],
        "Self-care",
        "What would you do if a session left you shaken?",
        {1: "Has not thought about it.",
         2: "Some ideas but nothing they actually do.",
         3: "Knows warning signs and has support they use.",
         4: "Clear plan: warning signs, support, and would ask for help early, with an example."},
    ),
]

CANDIDATES = [
    ("Jordan Ellis", "Tue 3 Dec, 10:00", ""),
    ("Sam Okafor", "Tue 3 Dec, 11:00", "Questions in writing as well"),
    ("Alex Murray", "Tue 3 Dec, 13:30", ""),
    ("Riley Chen", "Tue 3 Dec, 14:30", ""),
]

# C01: all five submitted; close scores, except question 4 where they differ by 2 or more.
C01_SCORES = {
    "Dee": [3, 3, 4, 3, 3, 3, 3],
    "Marcus": [3, 4, 3, 1, 3, 3, 3],
    "Vic": [4, 3, 4, 3, 3, 2, 4],
    "Priya": [3, 3, 3, 2, 2, 3, 3],
    "Aisha": [3, 4, 4, 4, 3, 3, 3],
}
# C02: three submitted, one draft part-scored, one not started.
C02_SCORES = {
    "Dee": [2, 3, 2, 2, 3, 2, 3],
    "Priya": [2, 2, 3, 2, 2, 3, 2],
    "Aisha": [3, 2, 2, 3, 2, 2, 3],
}
C02_DRAFT = ("Vic", [2, 3, 3])

NOTES = {
    ("Dee", 0, 0): "Good example from their own group work; clear about what they kept private.",
    ("Marcus", 0, 3): "Did not mention checking the person was safe.",
    ("Vic", 0, 3): "Calm and kind. Mentioned the crisis line.",
    ("Priya", 1, 2): "Needed the question in writing; then a thoughtful answer.",
}


def ensure_demo(folder: Path) -> tuple[Path, bool]:
    """The demo session file in `folder`: (path, True) when made now, (path, False) when it was there."""
    path = Path(folder) / DEMO_FILE_NAME
    if path.exists():
        return path, False
    build_demo(path)
    return path, True


def build_demo(path: Path) -> None:
    session_file, chair = new_session(
        path.parent,
        "Peer mentor",
        organisation="Harbour Recovery Community",
        chair_name="Priya Shah",
        chair_group="staff",
        path=path,
    )
    assert chair is not None
    as_chair = PanelService(session_file, Actor.of(chair))
    people = {
        "Priya": chair,
        "Dee": as_chair.add_member("Dee Morgan", "member"),
        "Aisha": as_chair.add_member("Aisha Khan", "member", access_needs="Large text; short breaks between interviews"),
        "Vic": as_chair.add_member("Vic Taylor", "volunteer"),
        "Marcus": as_chair.add_member("Marcus Bell", "staff"),
    }
    as_chair.move_stage(Stage.QUESTIONS)
    questions = []
    for author, text, plain_text, guidance, criterion, follow_up, anchors in QUESTIONS:
        service = PanelService(session_file, Actor.of(people[author]))
        question = service.propose_question(
            text, plain_text=plain_text, guidance=guidance, criterion=criterion,
            follow_ups=[follow_up], anchors={**ANCHORS_COMMON, **anchors},
        )
        questions.append(question)
    for question in questions:
        as_chair.set_question_status(question.id, "agreed")
    as_chair.lock_questions()
    candidates = [as_chair.add_candidate(name, slot=slot, adjustments=adj) for name, slot, adj in CANDIDATES]
    as_chair.move_stage(Stage.INTERVIEWS)

    for index, table in ((0, C01_SCORES), (1, C02_SCORES)):
        candidate = candidates[index]
        for who, values in table.items():
            member = people[who]
            service = PanelService(session_file, Actor.of(member))
            service.confirm_briefing()
            for question, value in zip(questions, values, strict=True):
                service.record_score(member.id, candidate.id, question.id, value)
            for (note_by, cand, q_index), note in NOTES.items():
                if note_by == who and cand == index:
                    service.set_note(member.id, candidate.id, questions[q_index].id, note)
            service.submit_sheet(member.id, candidate.id)
    who, values = C02_DRAFT
    member = people[who]
    service = PanelService(session_file, Actor.of(member))
    service.confirm_briefing()
    for question, value in zip(questions, values, strict=False):
        service.record_score(member.id, candidates[1].id, question.id, value)
