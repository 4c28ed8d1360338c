"""The results read model: the ranking, agreement, whose voice carried and calibration, for one reader.

Who is named how is decided here, once, so the results screen only renders:

- candidates by code alone where the reader may not see their names (the
  view already holds codes in place of names; a code is never shown twice);
- panel members by pseudonym ("Panel member A (Member)") when the session
  hides panel members' names while agreeing scores, lettered as the chair's
  grid and the exports letter them, and listed in letter order: an order by
  name would tell who is who.

The figures use only what the reader's view holds (rule 1: submitted
sheets of candidates whose agreement is open).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import reconcile
from ..domain.models import Decision
from ..domain.results import alpha_units, calibration
from ..domain.stats import alpha_reading, krippendorff_alpha_ordinal, pairable_count
from ..export.redact import panel_labels
from .rights import Right
from .views import SessionView


@dataclass(frozen=True)
class RankingLine:
    candidate_id: str
    label: str
    """"C01 Jordan Ellis", or "C01" alone where the reader may not see the name."""
    rank: int
    tied: bool
    total: float | None
    """The agreed total; None until every question is agreed."""
    opened: bool
    outcome: Decision | None
    panel_mean: float | None
    """The average of the panel's own totals, for comparison."""
    flagged: int
    """Questions where the panel differed."""


@dataclass(frozen=True)
class CalibrationLine:
    member_id: str
    who: str
    """"Dee Morgan (Member)", or "Panel member B (Member)" when names are hidden."""
    value: float
    """Mean of (their score - the panel's median): above 0, they tend to score higher."""


@dataclass(frozen=True)
class VoiceLine:
    group: str
    """The organisation's label for the group."""
    distance: float
    """On average, how far the group's scores sat from the agreed scores."""
    closest: int
    """On how many questions the agreed score was nearest this group's scores."""
    far: bool
    """More than 1 point away on average: this group's view may not be carrying."""


@dataclass(frozen=True)
class Results:
    top: int
    """The highest possible total."""
    ranking: tuple[RankingLine, ...]
    alpha: float | None
    alpha_words: str
    voice_sentence: str
    voice_questions: int
    voice: tuple[VoiceLine, ...]
    calibration: tuple[CalibrationLine, ...]
    names_hidden: bool
    """Panel members are shown by pseudonym."""


def results_for(view: SessionView) -> Results:
    """The results as this reader may see them (the chair or HR)."""
    view.actor.require(Right.SEE_RESULTS)
    state = view.state
    scale = state.session.scale
    independent = {r.candidate.id: r.total for r in reconcile.rank_candidates(state, "independent")}
    ranking = []
    for ranked in reconcile.rank_candidates(state, "agreed"):
        c = ranked.candidate
        outcome = state.outcome(c.id)
        ranking.append(
            RankingLine(
                candidate_id=c.id,
                label=f"{c.code} {c.name}" if view.shows_candidate_names and c.name != c.code else c.code,
                rank=ranked.rank,
                tied=ranked.tied,
                total=ranked.total,
                opened=state.reconciliation(c.id) is not None,
                outcome=outcome.decision if outcome else None,
                panel_mean=independent.get(c.id),
                flagged=sum(1 for row in reconcile.grid(state, c.id) if row.divergent),
            )
        )
    units = alpha_units(state)
    alpha = krippendorff_alpha_ordinal(units, list(scale.points))
    voice = reconcile.whose_voice(state)
    names_hidden = state.session.pseudonymous
    pseudonyms = panel_labels(state) if names_hidden else {}
    lines = []
    for member_id, value in calibration(state).items():
        if value is None:
            continue
        member = state.member(member_id)
        named = f"{member.name} ({state.group_label(member.group)})"
        who = pseudonyms.get(member_id, "A panel member") if names_hidden else named
        lines.append(CalibrationLine(member_id, who, value))
    # Pseudonyms are lettered in member-id order, so that order keeps A, B, C; names go alphabetically.
    lines.sort(key=lambda line: line.member_id if names_hidden else line.who.casefold())
    return Results(
        top=scale.high * len(state.agreed_questions),
        ranking=tuple(ranking),
        alpha=alpha,
        alpha_words=alpha_reading(alpha, pairable_count(units)),
        voice_sentence=voice.sentence,
        voice_questions=voice.questions,
        voice=tuple(
            VoiceLine(state.group_label(group), distance, voice.closest.get(group, 0), group in voice.flagged)
            for group, distance in voice.mean_abs_diff.items()
            if distance is not None
        ),
        calibration=tuple(lines),
        names_hidden=names_hidden,
    )
