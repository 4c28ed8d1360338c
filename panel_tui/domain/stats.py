"""The arithmetic of agreeing scores: spread, median, prefill, divergence, agreement.

Plain functions over plain numbers, so the chair's screen, the exports and the
tests all read the same figures. Nothing here knows about sessions or files;
`reconcile.py` gathers the numbers from a session and hands them in.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import mean, median
from typing import Literal, get_args

from .errors import InvalidValue
from .models import Group

Metric = Literal["nominal", "ordinal", "interval", "ratio"]
"""Krippendorff's levels of measurement: what a difference between two scores means."""
LEVELS: tuple[str, ...] = get_args(Metric)

RELIABLE_ALPHA = 0.8
"""Krippendorff's own guide: at or above this, rely on the scores."""
TENTATIVE_ALPHA = 0.667
"""Krippendorff's own guide: at or above this, draw only tentative conclusions."""
FEW_PAIRABLE = 30
"""Below this many pairable scores, alpha moves a lot when one score changes."""


class UnknownLevel(InvalidValue, ValueError):
    """A level of measurement alpha does not know.

    Also a ValueError, so code that already guards alpha's arguments with
    `except ValueError` keeps working; an InvalidValue, so a screen that lets
    someone pick the level shows the sentence instead of a traceback. It lives
    here rather than in errors.py because only alpha raises it.
    """


@dataclass(frozen=True)
class QuestionStats:
    """What the chair reads beside one question's scores.

    `group_means` has every group as a key, so a screen can show a column for
    each group without checking; None means that group gave no score here.
    """

    count: int
    minimum: int
    maximum: int
    spread: int
    median: float
    mean: float
    group_means: dict[Group, float | None]


def question_stats(scores: Sequence[tuple[Group, int]]) -> QuestionStats | None:
    """The figures for one question, or None when nobody has scored it yet.

    Per-group means sit beside the overall ones so a gap between, say,
    members and staff is visible rather than lost in one average.
    """
    if not scores:
        return None
    values = [score for _, score in scores]
    by_group: dict[Group, list[int]] = {group: [] for group in Group}
    for group, score in scores:
        by_group[group].append(score)
    return QuestionStats(
        count=len(values),
        minimum=min(values),
        maximum=max(values),
        spread=max(values) - min(values),
        median=float(median(values)),
        mean=float(mean(values)),
        group_means={g: (float(mean(v)) if v else None) for g, v in by_group.items()},
    )


PREFILL_RULE = (
    "The agreed score starts at the middle (median) score. When the middle falls "
    "halfway between two points, it starts at the one nearer the average of all "
    "the scores; if both are equally near, at the lower one."
)
"""The prefill rule in plain words, for the screen to quote."""


def prefill(scores: Sequence[int]) -> int:
    """Where the agreed score starts: the median, rounded towards the mean.

    The agreed score starts at the middle (median) score. When the middle
    falls halfway between two points, it starts at the one nearer the average
    of all the scores; if both are equally near, at the lower one.

    The median is used, not the mean, so one very high or very low score
    cannot drag the starting point; the tie-break towards the mean still lets
    the whole panel's view decide between the two middle points, and "the
    lower one" is a fixed, predictable last resort rather than a coin toss.
    The chair always sets the agreed score; this is only where it starts.
    """
    if not scores:
        raise ValueError("prefill needs at least one score")
    middle = median(scores)
    lower = int(middle // 1)
    if middle == lower:
        return lower
    # The mean is nearer the upper point exactly when it lies above the
    # halfway mark; compared in whole numbers so no rounding can decide it.
    above_halfway = 2 * sum(scores) > len(scores) * (2 * lower + 1)
    return lower + 1 if above_halfway else lower


def is_divergent(scores: Sequence[int], threshold: int) -> bool:
    """Whether the panel disagrees enough on a question to talk it through.

    Flagged when the spread (highest minus lowest) reaches the threshold, or
    when any one score is at least the threshold away from the median. The
    median always lies between the lowest and highest score, so the second
    test can only fire when the first has; it is kept so the rule reads as
    written in the issue and stays correct if either part changes.
    """
    if len(scores) < 2:
        return False
    middle = median(scores)
    spread = max(scores) - min(scores)
    return spread >= threshold or any(abs(s - middle) >= threshold for s in scores)


def pairable_count(units: Sequence[Sequence[int | None]]) -> int:
    """How many scores take part in alpha: those in units scored at least twice.

    A score nobody else gave for the same item cannot agree or disagree with
    anyone, so Krippendorff leaves it out.
    """
    total = 0
    for unit in units:
        present = sum(1 for value in unit if value is not None)
        if present >= 2:
            total += present
    return total


def _coincidences(units: Sequence[Sequence[int | None]]) -> dict[tuple[int, int], float]:
    """Krippendorff's coincidence matrix: each ordered pair within a unit, weighted 1/(m_u - 1).

    The weights are fractions, so the matrix holds floats (a Counter would claim ints).
    """
    matrix: defaultdict[tuple[int, int], float] = defaultdict(float)
    for unit in units:
        present = [value for value in unit if value is not None]
        m = len(present)
        if m < 2:
            continue
        counts = Counter(present)
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                pairs = n_c * (n_k - 1) if c == k else n_c * n_k
                if pairs:
                    matrix[(c, k)] += pairs / (m - 1)
    return matrix


def _check_level(metric: str) -> None:
    """Refuse a level we do not know rather than quietly measure a different one."""
    if metric not in LEVELS:
        names = ", ".join(LEVELS[:-1]) + " or " + LEVELS[-1]
        raise UnknownLevel(f"Agreement can be measured as {names}, not as '{metric}'.")


def _distance(metric: Metric, order: Sequence[int], marginals: dict[int, float]) -> Callable[[int, int], float]:
    """The squared difference function δ² for the chosen level of measurement.

    `krippendorff_alpha` has already refused unknown levels, so the last
    branch is ordinal and nothing else.
    """
    if metric == "nominal":
        return lambda c, k: 0.0 if c == k else 1.0
    if metric == "interval":
        return lambda c, k: float((c - k) ** 2)
    if metric == "ratio":
        # Krippendorff (2011): ((c - k) / (c + k)) squared. Two zeros are the
        # same value, so their distance is 0 rather than 0/0.
        return lambda c, k: 0.0 if c == k else ((c - k) / (c + k)) ** 2
    position = {value: i for i, value in enumerate(order)}

    def ordinal(c: int, k: int) -> float:
        # Krippendorff (2011): (sum of n_g for g from c to k, minus (n_c + n_k) / 2) squared.
        lo, hi = sorted((position[c], position[k]))
        between = sum(marginals[order[i]] for i in range(lo, hi + 1))
        return (between - (marginals[c] + marginals[k]) / 2) ** 2

    return ordinal


def krippendorff_alpha(
    units: Sequence[Sequence[int | None]],
    values: Sequence[int],
    metric: Metric = "ordinal",
) -> float | None:
    """Krippendorff's alpha for scores with gaps, following Krippendorff (2011).

    `units` has one row per item scored (a candidate's answer to one
    question), each row the score from each coder (panel member), None where
    they gave none. `values` are the points of the scale, in order; the
    ordinal metric needs them to know which points lie between two scores.
    `metric` is one of `LEVELS`; any other raises `UnknownLevel`, because a
    misspelt level used to give the ordinal figure under another name. The
    ratio level assumes no score is below zero, as Krippendorff's does.

    Only pairable values count: a unit scored by fewer than two people is
    left out. Returns None when alpha cannot be measured: fewer than two
    pairable scores in all, or no variation at all (every pairable score the
    same), where alpha is 0/0 and any number would mislead.

    1 means perfect agreement, 0 agreement no better than chance, and below 0
    systematic disagreement.
    """
    _check_level(metric)
    order = sorted(set(values))
    known = set(order)
    for unit in units:
        for value in unit:
            if value is not None and value not in known:
                raise ValueError(f"score {value} is not one of the scale's points")
    matrix = _coincidences(units)
    marginals = {value: 0.0 for value in order}
    for (c, _k), weight in matrix.items():
        marginals[c] += weight
    n = sum(marginals.values())
    if n < 2 or sum(1 for total in marginals.values() if total > 0) < 2:
        return None
    delta = _distance(metric, order, marginals)
    observed = sum(weight * delta(c, k) for (c, k), weight in matrix.items())
    used = [value for value in order if marginals[value] > 0]
    expected = sum(marginals[c] * marginals[k] * delta(c, k) for c in used for k in used)
    if expected == 0:
        return None
    return 1.0 - (n - 1) * observed / expected


def krippendorff_alpha_ordinal(units: Sequence[Sequence[int | None]], values: Sequence[int]) -> float | None:
    """Alpha for scores on an ordered scale: the session's measure of agreement.

    Ordinal, not interval, because a panel's scale points are labels in order
    ("Some", "Good", "Strong"), not equal steps; a disagreement across rarely
    used points counts for more. See `krippendorff_alpha` for when it is None.
    """
    return krippendorff_alpha(units, values, metric="ordinal")


def alpha_reading(alpha: float | None, pairable: int) -> str:
    """Alpha in plain words, with a caveat when there are few scores.

    The bands are Krippendorff's own: 0.8 and above to rely on, 0.667 and
    above for tentative conclusions. Panels are small, so the caveat matters:
    with a handful of scores one changed score can move alpha a long way.
    """
    if alpha is None:
        return "Not enough scores yet to measure agreement."
    if alpha >= RELIABLE_ALPHA:
        reading = "The panel scored very consistently."
    elif alpha >= TENTATIVE_ALPHA:
        reading = "The panel scored fairly consistently."
    else:
        reading = "The panel did not score very consistently — worth talking about why."
    if pairable < FEW_PAIRABLE:
        reading += " With few scores, this figure can swing a lot; treat it as a rough guide."
    return reading


def member_calibration(pairs: Sequence[tuple[int, float]]) -> float | None:
    """How a member's scores sit against the panel: mean of (their score - panel median).

    Positive means they tend to score above the panel, negative below. This is
    for calibration and training conversations only, never to discount or
    weight a member's scores: every panel member's score counts the same.
    None when they have no scores to compare.
    """
    if not pairs:
        return None
    return float(mean(score - middle for score, middle in pairs))
