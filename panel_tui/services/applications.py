"""Written applications: imported from a CSV or typed in, identifying details kept apart, redacted before the sift.

Who applied (name, contact details) lives on the `Applicant`; the answers on
the `Application`, as reviewers will read them, with the answers as sent
kept apart (`original`) once the chair or HR redacts one. The audit trail
names applicants by code only and never holds an answer: it is read more
widely than the applications are.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..domain.applications_csv import ApplicationsFileProblem, ParsedApplications, parse_applications
from ..domain.errors import NotAllowed, UnknownQuestion
from ..domain.models import Question, Session, now, revise
from ..domain.sift import Applicant, Application, details_in, next_applicant_code, without_details
from ..domain.state import SessionState
from ..store import Transaction
from .base import ServiceBase, snapshot
from .rights import Right
from .sift_views import (
    ApplicationsView,
    FoundDetail,
    ImportedApplications,
    all_sift_questions,
    applicant_of,
    application_of,
    applications_view,
    identifying_details,
    name_finder,
    sift_questions,
)

MAX_CSV_BYTES = 50_000_000
"""A file bigger than this is not a file of applications (2,000 applicants of 20,000 characters is less)."""


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _check_not_open(state: SessionState) -> None:
    if state.session.sift_opened_at is not None:
        raise NotAllowed("The sift has opened, so no applications can be added now.")


def _duplicate(state: SessionState, name: str, email: str, phone: str) -> Applicant | None:
    for applicant in state.applicants:
        if (
            _same_text(applicant.name, name)
            and _same_text(applicant.email, email)
            and _same_text(applicant.phone, phone)
        ):
            return applicant
    return None


class ApplicationActions(ServiceBase):
    """The actions of this part of the round, on behalf of the service's actor."""

    # Reading ----------------------------------------------------------------

    def applications_view(self) -> ApplicationsView:
        return applications_view(self._file.snapshot().state, self.actor)

    def identifying_details(self, applicant_id: str) -> list[FoundDetail]:
        return identifying_details(self._file.snapshot().state, self.actor, applicant_id)

    # Adding -----------------------------------------------------------------

    def import_applications(self, csv_path: str | Path) -> ImportedApplications:
        """Every row of the file becomes an applicant, or none does (the first problem is named)."""
        self._require(Right.MANAGE_APPLICATIONS)
        path = Path(csv_path).expanduser()
        try:
            if path.stat().st_size > MAX_CSV_BYTES:
                raise ApplicationsFileProblem(f"{path.name} is too big to be a file of applications.")
            data = path.read_bytes()
        except FileNotFoundError:
            raise ApplicationsFileProblem(f"There is no file at {path}.") from None
        except IsADirectoryError:
            raise ApplicationsFileProblem(f"{path} is a folder. Give the path of a .csv file.") from None
        except OSError as error:
            raise ApplicationsFileProblem(f"{path.name} cannot be read ({error.strerror}).") from None
        parsed = parse_applications(data)
        return self._add_parsed(parsed, path.name)

    def _add_parsed(self, parsed: ParsedApplications, source: str) -> ImportedApplications:
        with self._change() as tx:
            state = tx.state
            _check_not_open(state)
            question_ids, new_questions, matched = self._questions_for(tx, parsed.questions)
            codes = []
            for row in parsed.applicants:
                state = tx.state
                twin = _duplicate(state, row.name, row.email, row.phone)
                if twin is not None:
                    raise ApplicationsFileProblem(
                        f"Row {row.row}: this applicant has already been added, as {twin.code}. Nothing was imported."
                    )
                answers = {question_ids[heading]: text for heading, text in row.answers.items()}
                applicant = self._put_applicant(tx, row.name, answers, row.email, row.phone, row.other_details)
                codes.append(applicant.code)
            self._audit(
                tx, "imported applications", source, None,
                {"count": len(codes), "codes": codes, "new_questions": new_questions},
            )
        return ImportedApplications(len(codes), codes, new_questions, matched)

    def _questions_for(self, tx: Transaction, headings: list[str]) -> tuple[dict[str, str], list[str], list[str]]:
        """Heading -> sift question id: an existing sift question of the same words, or a new proposed one."""
        state = tx.state
        existing = all_sift_questions(state)
        ids: dict[str, str] = {}
        new: list[str] = []
        matched: list[str] = []
        position = max((q.position for q in state.questions), default=0)
        for heading in headings:
            found = next((q for q in existing if _same_text(q.text, heading)), None)
            if found is not None:
                ids[heading] = found.id
                matched.append(found.text)
                continue
            position += 1
            question = Question(text=heading, position=position, sift=True)
            tx.put(question)
            self._audit(tx, "proposed question", question.text, None, snapshot(question), about=question)
            ids[heading] = question.id
            new.append(question.text)
        return ids, new, matched

    def _put_applicant(
        self, tx: Transaction, name: str, answers: Mapping[str, str], email: str, phone: str,
        other_details: Mapping[str, str] | None = None,
    ) -> Applicant:
        state = tx.state
        position = max((a.position for a in state.applicants), default=0) + 1
        applicant = Applicant(
            code=next_applicant_code(state.applicants), name=name, email=email, phone=phone,
            other_details=dict(other_details or {}), position=position,
        )
        application = Application(applicant_id=applicant.id, answers=dict(answers))
        tx.put(applicant)
        tx.put(application)
        self._audit(tx, "added applicant", applicant.code, None, {"code": applicant.code}, about=applicant)
        return applicant

    def add_application(
        self, name: str, answers: Mapping[str, str], *, email: str = "", phone: str = ""
    ) -> Applicant:
        """One application typed in: answers keyed by sift question id."""
        self._require(Right.MANAGE_APPLICATIONS)
        with self._change() as tx:
            state = tx.state
            _check_not_open(state)
            known = {q.id for q in all_sift_questions(state)}
            for question_id in answers:
                if question_id not in known:
                    raise UnknownQuestion("That is not a sift question of this session.")
            twin = _duplicate(state, name.strip(), email.strip(), phone.strip())
            if twin is not None:
                raise NotAllowed(f"This applicant has already been added, as {twin.code}.")
            applicant = self._put_applicant(tx, name, {k: v.strip() for k, v in answers.items()}, email, phone)
        return applicant

    # Redacting --------------------------------------------------------------

    def _redacted(self, state: SessionState, application: Application, changes: Mapping[str, str]) -> Application:
        answers = dict(application.answers)
        original = dict(application.original)
        for question_id, text in changes.items():
            sent = original.get(question_id) or application.answers.get(question_id, "")
            answers[question_id] = text
            if text == sent:
                original.pop(question_id, None)
            else:
                original[question_id] = sent
        return revise(application, answers=answers, original=original, redacted_by=self.actor.id, redacted_at=now())

    def redact(self, applicant_id: str, question_id: str, text: str) -> Application:
        """The answer as reviewers will read it; the answer as sent is kept apart (and restored by giving it again)."""
        self._require(Right.MANAGE_APPLICATIONS)
        with self._change() as tx:
            state = tx.state
            applicant = applicant_of(state, applicant_id)
            application = application_of(state, applicant_id)
            if application is None or question_id not in application.answers:
                raise UnknownQuestion(f"{applicant.code} has no answer to that question.")
            if application.answers[question_id] == text:
                return application
            after = self._redacted(state, application, {question_id: text})
            tx.put(after)
            self._audit(tx, "redacted an answer", f"{applicant.code}, {self._question_label(state, question_id)}", about=after, question_id=question_id)
        return after

    def redact_found(self, applicant_id: str) -> Application:
        """Every detail found in this applicant's answers becomes "[removed]"."""
        self._require(Right.MANAGE_APPLICATIONS)
        with self._change() as tx:
            state = tx.state
            applicant = applicant_of(state, applicant_id)
            application = application_of(state, applicant_id)
            if application is None:
                raise NotAllowed(f"{applicant.code} has no application.")
            found = details_in(application, applicant, name_finder(state))
            if not found:
                return application
            changes = {}
            for question_id, text in application.answers.items():
                here = [f for f in found if f.question_id == question_id]
                if here:
                    changes[question_id] = without_details(text, here)
            after = self._redacted(state, application, changes)
            tx.put(after)
            self._audit(tx, "removed identifying details", applicant.code, None, len(found), about=after)
        return after

    def _question_label(self, state: SessionState, question_id: str) -> str:
        numbers = {q.id: n for n, q in enumerate(all_sift_questions(state), start=1)}
        return f"sift question {numbers.get(question_id, '?')}"

    # Opening the sift -------------------------------------------------------

    def open_sift(self) -> Session:
        """The chair opens the sift: refused with no agreed sift question or no application.

        Details still found in the answers do not stop it (the finder is an
        aid, and may find a word that is not a name); the count is in the
        audit, and `applications_view().open_sentence()` says it first.
        """
        self._require(Right.SHORTLIST)
        with self._change() as tx:
            state = tx.state
            session = state.session
            if session.sift_opened_at is not None:
                return session
            if not sift_questions(state):
                raise NotAllowed("Agree at least one sift question before opening the sift.")
            if not state.applications:
                raise NotAllowed("Add the applications before opening the sift.")
            finder = name_finder(state)
            applicants = {a.id: a for a in state.applicants}
            found = sum(len(details_in(a, applicants[a.applicant_id], finder)) for a in state.applications if a.applicant_id in applicants)
            opened = revise(session, sift_opened_at=now())
            tx.put(opened)
            self._audit(
                tx, "opened the sift", session.vacancy, None,
                {"applications": len(state.applications), "questions": [q.id for q in sift_questions(state)], "details_found": found},
                about=opened,
            )
        return opened
