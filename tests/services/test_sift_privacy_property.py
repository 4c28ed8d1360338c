"""Property: no identifying detail reaches a sift read model or the sift CSV.

Random names, emails and phone numbers are planted in the answers (the
applicant's own name, whole and in part, another applicant's name, a name
after a title, their email and a phone number); once the chair has run
`redact_found`, none of them appears in anything a reviewer reads while
sifting, in the chair's progress and shortlist, or in the sift CSV. And the
applicants' own details (name, email, phone), never planted, appear in no
sift read model at all, even without redaction.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from panel_tui.export.sift import sift_csv
from panel_tui.services import PanelService, new_session
from panel_tui.store import SessionFile

LOWER = "bcdfghjklmnpqrstvwxz"
word = st.text(alphabet=LOWER, min_size=3, max_size=8).map(str.capitalize)
email = st.builds(lambda a, b: f"{a}@{b}.org", st.text(alphabet=LOWER, min_size=3, max_size=8), st.text(alphabet=LOWER, min_size=3, max_size=8))
phone = st.builds(
    lambda digits, style: style.format(d=digits),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.sampled_from(["07700 {d}", "07700-{d}", "+44 7700 {d}", "(07700) {d}", "07700{d}"]),
)
person = st.tuples(word, word, email, phone)
FILLER = "this is my answer and i care about it"


def build(people: list[tuple[str, str, str, str]], titled: list[str], plant: bool) -> tuple[Path, PanelService, list[PanelService]]:
    folder = Path(tempfile.mkdtemp())
    opened, chair = new_session(folder, "Peer mentor", chair_name="Chair Person", chair_group="staff")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    reviewers = [svc.add_member(n, g) for n, g in (("Ann Member", "member"), ("Bob Volunteer", "volunteer"))]
    questions = [svc.propose_question(f"Sift question {n}", sift=True) for n in (1, 2)]
    for q in questions:
        svc.set_question_status(q.id, "agreed")
    for n, (first, last, mail, tel) in enumerate(people):
        other = people[(n + 1) % len(people)]
        if plant:
            answers = {
                questions[0].id: f"My name is {first} {last}, {FILLER}. {first} again. Ask Mrs {titled[n]}.",
                questions[1].id: f"Write to {mail} or ring {tel}, {FILLER}. I know {other[0]} {other[1]}.",
            }
        else:
            answers = {q.id: FILLER for q in questions}
        svc.add_application(f"{first} {last}", answers, email=mail, phone=tel)
    if plant:
        for row in svc.applications_view().rows:
            svc.redact_found(row.applicant_id)
    svc.open_sift()
    return opened.path, svc, [opened.sign_in(m.id) for m in reviewers]


def everything_sifted(svc: PanelService, reviewers: list[PanelService]) -> str:
    said = []
    for n, reviewer in enumerate(reviewers):
        said.append(repr(reviewer.sift_overview()))
        for row in reviewer.sift_overview().questions:
            queue = reviewer.sift_queue(row.question_id)
            said.append(repr(queue))
            for item in queue.items:
                reviewer.sift_score(row.question_id, item.applicant_id, n + 2)
            reviewer.submit_sift(row.question_id)
    said.append(repr(svc.sift_progress()))
    view = svc.shortlist_view()
    said.append(repr(view))
    for row in view.rows:
        svc.decide_applicant(row.applicant_id, True, "Good answers")
    said.append(repr(svc.shortlist_view()))
    return "\n".join(said)


def appears(text: str, haystack: str) -> bool:
    return re.search(r"(?<![A-Za-z0-9])" + re.escape(text) + r"(?![a-z0-9])", haystack) is not None


def check_absent(details: list[str], *texts: str) -> None:
    for text in texts:
        for detail in details:
            assert not appears(detail, text), detail


@settings(max_examples=15)
@given(st.lists(person, min_size=2, max_size=5, unique_by=lambda p: (p[0], p[1])), st.lists(word, min_size=5, max_size=5))
def test_planted_details_never_reach_the_sift_once_redacted(people: list[tuple[str, str, str, str]], titled: list[str]) -> None:
    path, svc, reviewers = build(people, titled, plant=True)
    read = everything_sifted(svc, reviewers)
    exported = sift_csv(SessionFile.open(path).state()).decode("utf-8-sig")
    planted = [f"{a} {b}" for a, b, _, _ in people] + [a for a, _, _, _ in people] + [m for _, _, m, _ in people]
    planted += [t for _, _, _, t in people] + [re.sub(r"\D", "", t)[-6:] for _, _, _, t in people]
    planted += [f"Mrs {t}" for t in titled[: len(people)]] + titled[: len(people)]
    check_absent(planted, read, exported)


@settings(max_examples=10)
@given(st.lists(person, min_size=2, max_size=4, unique_by=lambda p: (p[0], p[1])))
def test_applicants_details_are_in_no_sift_read_model(people: list[tuple[str, str, str, str]]) -> None:
    path, svc, reviewers = build(people, [], plant=False)
    read = everything_sifted(svc, reviewers)
    exported = sift_csv(SessionFile.open(path).state()).decode("utf-8-sig")
    details = [f"{a} {b}" for a, b, _, _ in people] + [a for a, _, _, _ in people] + [b for _, b, _, _ in people]
    details += [m for _, _, m, _ in people] + [t for _, _, _, t in people]
    check_absent(details, read, exported)
