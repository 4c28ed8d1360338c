"""The arithmetic of agreeing scores, checked against figures worked out by hand."""

from __future__ import annotations

import pytest

from panel_tui.domain.errors import InvalidValue
from panel_tui.domain.models import SCALE_PRESETS, Group, default_threshold
from panel_tui.domain.stats import (
    UnknownLevel,
    alpha_reading,
    is_divergent,
    krippendorff_alpha,
    krippendorff_alpha_ordinal,
    member_calibration,
    pairable_count,
    prefill,
    question_stats,
)

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
# observers A-D (rows) x units 1-12 (columns), None where a unit was not coded.
# Published: nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797 (n = 40
# pairable values; unit 12 has a single value and drops out).
_: None = None
KRIPPENDORFF_OBSERVERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],  # A
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],  # B
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],  # C
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],  # D
]
KRIPPENDORFF_UNITS = [list(unit) for unit in zip(*KRIPPENDORFF_OBSERVERS, strict=True)]
SCALE_1_5 = [1, 2, 3, 4, 5]


# question_stats ----------------------------------------------------------------


def test_question_stats_by_hand() -> None:
    scores = [(Group.MEMBER, 1), (Group.MEMBER, 2), (Group.STAFF, 4), (Group.STAFF, 4), (Group.VOLUNTEER, 3)]
    stats = question_stats(scores)
    assert stats is not None
    assert (stats.count, stats.minimum, stats.maximum, stats.spread) == (5, 1, 4, 3)
    assert stats.median == 3.0
    assert stats.mean == pytest.approx(2.8)
    assert stats.group_means == {Group.MEMBER: 1.5, Group.STAFF: 4.0, Group.VOLUNTEER: 3.0}


def test_question_stats_even_count_and_missing_group() -> None:
    stats = question_stats([(Group.STAFF, 0), (Group.STAFF, 3), (Group.MEMBER, 2), (Group.MEMBER, 4)])
    assert stats is not None
    assert stats.median == 2.5
    assert stats.mean == 2.25
    assert stats.spread == 4
    assert stats.group_means[Group.VOLUNTEER] is None
    assert set(stats.group_means) == set(Group)


def test_question_stats_none_without_scores() -> None:
    assert question_stats([]) is None


# prefill -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([3], 3),
        ([1, 2, 4], 2),  # odd count: the median itself
        ([0, 0, 4, 4], 2),  # even count, whole median
        ([2, 2, 3, 4], 3),  # median 2.5, mean 2.75: nearer 3
        ([1, 2, 3, 3], 2),  # median 2.5, mean 2.25: nearer 2
        ([1, 1, 2, 4], 2),  # median 1.5, mean 2.0: nearer 2
        ([1, 2, 3, 4], 2),  # median 2.5, mean 2.5: equally near, the lower
        ([5, 6], 5),  # two scores: median is the mean, so the lower
    ],
)
def test_prefill_rounding(scores: list[int], expected: int) -> None:
    assert prefill(scores) == expected


def test_prefill_needs_a_score() -> None:
    with pytest.raises(ValueError):
        prefill([])


# is_divergent ------------------------------------------------------------------


def test_default_thresholds_match_the_issue() -> None:
    assert default_threshold(SCALE_PRESETS["0-4"]) == 2
    assert default_threshold(SCALE_PRESETS["1-5"]) == 2
    assert default_threshold(SCALE_PRESETS["1-7"]) == 3


@pytest.mark.parametrize(
    ("preset", "at_threshold", "one_below"),
    [
        ("0-4", [1, 3, 2], [1, 2, 2]),
        ("0-4", [0, 2], [3, 4]),
        ("1-5", [3, 4, 5], [4, 5, 4]),
        ("1-5", [5, 5, 5, 3], [5, 5, 4, 4]),
        ("1-7", [2, 5, 4], [2, 4, 3]),
        ("1-7", [4, 4, 4, 7], [4, 4, 4, 6]),  # one score exactly the threshold from the median
    ],
)
def test_divergence_at_its_edges(preset: str, at_threshold: list[int], one_below: list[int]) -> None:
    threshold = default_threshold(SCALE_PRESETS[preset])
    assert max(at_threshold) - min(at_threshold) == threshold
    assert max(one_below) - min(one_below) == threshold - 1
    assert is_divergent(at_threshold, threshold)
    assert not is_divergent(one_below, threshold)


def test_divergence_by_distance_from_median() -> None:
    # median 2, one score 2 away: flagged on a threshold of 2 (and its spread is 2 too)
    assert is_divergent([2, 2, 2, 2, 0], 2)
    assert not is_divergent([2, 2, 2, 2, 1], 2)


def test_divergence_needs_two_scores() -> None:
    assert not is_divergent([], 1)
    assert not is_divergent([4], 1)


# Krippendorff's alpha ----------------------------------------------------------


def test_krippendorff_published_example() -> None:
    assert pairable_count(KRIPPENDORFF_UNITS) == 40
    assert round(krippendorff_alpha(KRIPPENDORFF_UNITS, SCALE_1_5, "nominal") or 0, 3) == 0.743
    assert round(krippendorff_alpha(KRIPPENDORFF_UNITS, SCALE_1_5, "ordinal") or 0, 3) == 0.815
    assert round(krippendorff_alpha(KRIPPENDORFF_UNITS, SCALE_1_5, "interval") or 0, 3) == 0.849
    assert round(krippendorff_alpha(KRIPPENDORFF_UNITS, SCALE_1_5, "ratio") or 0, 3) == 0.797
    assert krippendorff_alpha_ordinal(KRIPPENDORFF_UNITS, SCALE_1_5) == krippendorff_alpha(
        KRIPPENDORFF_UNITS, SCALE_1_5, "ordinal"
    )


def test_krippendorff_ignores_unpairable_units_and_unused_points() -> None:
    alpha = krippendorff_alpha_ordinal(KRIPPENDORFF_UNITS, SCALE_1_5)
    without_unit_12 = KRIPPENDORFF_UNITS[:11]
    assert krippendorff_alpha_ordinal(without_unit_12, SCALE_1_5) == pytest.approx(alpha)
    # Scale points nobody used have no weight in the ordinal distance.
    assert krippendorff_alpha_ordinal(KRIPPENDORFF_UNITS, range(0, 8)) == pytest.approx(alpha)


def test_krippendorff_small_case_by_hand() -> None:
    # Coincidences: o(1,1) = 2, o(1,2) = o(2,1) = 1; n1 = 3, n2 = 1, n = 4.
    # Nominal: 1 - (n - 1) * 2 / (2 * n1 * n2) = 1 - 3 * 2 / 6 = 0.
    assert krippendorff_alpha([[1, 1], [1, 2]], [1, 2], "nominal") == pytest.approx(0.0)
    # Perfect agreement with variation.
    assert krippendorff_alpha_ordinal([[1, 1, None], [3, 3, 3], [2, None, 2]], [1, 2, 3]) == pytest.approx(1.0)


def test_krippendorff_not_enough_data() -> None:
    assert krippendorff_alpha_ordinal([], SCALE_1_5) is None
    assert krippendorff_alpha_ordinal([[3, None], [None, 4]], SCALE_1_5) is None  # nothing pairable
    assert krippendorff_alpha_ordinal([[3, 3], [3, 3, None]], SCALE_1_5) is None  # no variation
    assert pairable_count([[3, None], [None, 4]]) == 0


def test_krippendorff_ratio_distance_by_hand() -> None:
    # Two units, (1, 3) and (3, 3): o(1,3) = o(3,1) = 1, o(3,3) = 2; n1 = 1, n3 = 3, n = 4.
    # Ratio delta(1,3) = ((1 - 3) / (1 + 3))^2 = 0.25, so observed = 2 * 0.25 = 0.5,
    # expected = 2 * n1 * n3 * 0.25 = 1.5, alpha = 1 - 3 * 0.5 / 1.5 = 0.
    assert krippendorff_alpha([[1, 3], [3, 3]], [1, 2, 3], "ratio") == pytest.approx(0.0)
    # Zero beside zero is no difference at all (0/0 is taken as 0, not an error).
    assert krippendorff_alpha([[0, 0], [2, 2]], [0, 1, 2], "ratio") == pytest.approx(1.0)


@pytest.mark.parametrize("level", ["ordnial", "Ordinal", "", "ratio-ish"])
def test_krippendorff_refuses_an_unknown_level(level: str) -> None:
    # It used to fall through to the ordinal figure without a word.
    with pytest.raises(UnknownLevel) as raised:
        krippendorff_alpha(KRIPPENDORFF_UNITS, SCALE_1_5, level)  # type: ignore[arg-type]
    message = str(raised.value)
    for known in ("nominal", "ordinal", "interval", "ratio"):
        assert known in message
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, InvalidValue)


def test_krippendorff_refuses_an_unknown_level_even_without_data() -> None:
    # Checked before the data, so a typo is caught on the first call, not the first full round.
    with pytest.raises(UnknownLevel):
        krippendorff_alpha([], SCALE_1_5, "ordnial")  # type: ignore[arg-type]


def test_krippendorff_rejects_scores_off_the_scale() -> None:
    with pytest.raises(ValueError):
        krippendorff_alpha_ordinal([[1, 9]], SCALE_1_5)


def test_alpha_reading() -> None:
    assert alpha_reading(None, 0) == "Not enough scores yet to measure agreement."
    assert alpha_reading(0.8, 40) == "The panel scored very consistently."
    assert alpha_reading(0.667, 40) == "The panel scored fairly consistently."
    assert alpha_reading(0.5, 40).startswith("The panel did not score very consistently")
    few = alpha_reading(0.9, 29)
    assert few.startswith("The panel scored very consistently.")
    assert "rough guide" in few
    assert "rough guide" not in alpha_reading(0.9, 30)


# member_calibration ------------------------------------------------------------


def test_member_calibration() -> None:
    assert member_calibration([(3, 2.0), (4, 3.5), (2, 2.0)]) == pytest.approx(0.5)
    assert member_calibration([(0, 2.0), (1, 2.5)]) == pytest.approx(-1.75)
    assert member_calibration([]) is None
