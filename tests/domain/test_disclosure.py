"""Disclosure control keeps INDICATORS.md's rules for any figures (property-based)."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nyanland.domain.disclosure import (
    RawFigures,
    Status,
    check_threshold,
    median,
    percent,
    publish,
)
from nyanland.domain.errors import KnownError
from nyanland.domain.indicators import CATALOGUE, TOTAL, Measure, cells_of


def test_percentages_and_medians_round_half_up() -> None:
    assert percent(1, 8) == 13  # 12.5
    assert percent(1, 3) == 33
    assert percent(2, 3) == 67
    assert median({10: 1, 11: 1}) == 11  # 10.5
    assert median({10: 1, 13: 1}) == 12  # 11.5
    assert median({4: 2, 9: 1}) == 4
    assert median({-3: 1, 0: 1}) == -1  # -1.5 rounds up to -1
    assert median({}) is None


def test_a_threshold_below_3_is_refused() -> None:
    with pytest.raises(KnownError, match="at least 3"):
        check_threshold(2)


@st.composite
def raw_figures(draw: st.DrawFn) -> RawFigures:
    """Consistent figures: each breakdown's categories add up to its total."""
    raw = RawFigures("2026-Q1")
    small_or_any = st.one_of(st.integers(0, 6), st.integers(0, 60))
    for indicator in CATALOGUE:
        if indicator.measure is not Measure.COUNT:
            continue
        total = None
        cells: dict[tuple[str, str], int] = {}
        for breakdown in indicator.breakdowns:
            categories = indicator.categories(breakdown)
            if total is None:
                values = [draw(small_or_any) for _ in categories]
                total = sum(values)
            else:  # another split of the same total
                values = [0] * len(categories)
                for _ in range(total):
                    values[draw(st.integers(0, len(categories) - 1))] += 1
            cells.update({(breakdown, c): v for c, v in zip(categories, values, strict=True)})
        cells[(TOTAL, "")] = total or 0
        raw.counts[indicator.id] = cells
    for indicator in CATALOGUE:
        if indicator.base is None:
            continue
        bases = raw.counts[indicator.base]
        for cell in cells_of(indicator):
            base = bases.get(cell, 0)
            if indicator.measure is Measure.SHARE:
                raw.numerators.setdefault(indicator.id, {})[cell] = draw(st.integers(0, base))
            else:
                days = draw(st.lists(st.integers(-30, 400), min_size=base, max_size=base))
                raw.days.setdefault(indicator.id, {})[cell] = Counter(days)
    return raw


@settings(max_examples=150, deadline=None)
@given(raw_figures(), st.integers(3, 10))
def test_no_published_count_could_point_at_fewer_than_k_people(raw: RawFigures, k: int) -> None:
    for row in publish(raw, k):
        assert (row.value is None) == (row.status is Status.SUPPRESSED)
        if row.unit in ("persons", "placements") and row.value is not None:
            assert not 1 <= row.value < k, row


@settings(max_examples=150, deadline=None)
@given(raw_figures(), st.integers(3, 10))
def test_no_single_suppressed_cell_can_be_recovered_from_its_total(raw: RawFigures, k: int) -> None:
    rows = publish(raw, k)
    for indicator in CATALOGUE:
        if indicator.measure is not Measure.COUNT:
            continue
        mine = [r for r in rows if r.indicator == indicator.id]
        total = next(r for r in mine if r.breakdown == TOTAL)
        for breakdown in indicator.breakdowns:
            hidden = [r for r in mine if r.breakdown == breakdown and r.value is None]
            if total.value is None:
                assert len(hidden) == len(indicator.categories(breakdown))
            else:
                assert len(hidden) != 1, (indicator.id, breakdown)


@settings(max_examples=150, deadline=None)
@given(raw_figures(), st.integers(3, 10))
def test_shares_and_medians_follow_rule_2(raw: RawFigures, k: int) -> None:
    rows = {(r.indicator, r.breakdown, r.category): r for r in publish(raw, k)}
    for indicator in CATALOGUE:
        if indicator.base is None:
            continue
        for cell in cells_of(indicator):
            row = rows[(indicator.id, *cell)]
            base = raw.counts[indicator.base].get(cell, 0)
            if indicator.measure is Measure.SHARE:
                numerator = raw.numerators[indicator.id][cell]
                hidden = base < k or 1 <= numerator < k or 1 <= base - numerator < k
                assert (row.value is None) == hidden
                if row.value is not None:
                    assert row.value == percent(numerator, base)
            else:
                assert (row.value is None) == (base < k)


@settings(max_examples=50, deadline=None)
@given(raw_figures(), st.integers(3, 10))
def test_every_file_has_the_same_rows_in_the_contracts_order(raw: RawFigures, k: int) -> None:
    keys = [(r.indicator, r.breakdown, r.category) for r in publish(raw, k)]
    expected = [(i.id, *cell) for i in CATALOGUE for cell in cells_of(i)]
    assert keys == expected


def test_complementary_suppression_picks_the_smallest_other_first_in_code_order() -> None:
    raw = RawFigures("2026-Q1")
    raw.counts["received"] = {
        (TOTAL, ""): 30,
        ("sex", "female"): 14,
        ("sex", "male"): 14,
        ("sex", "unknown"): 2,
        ("age_band", "0-17"): 0,
        ("age_band", "18-19"): 0,
        ("age_band", "20-64"): 30,
        ("age_band", "65+"): 0,
        ("reception_type", "assigned"): 10,
        ("reception_type", "quota_refugee"): 6,
        ("reception_type", "self_settled"): 6,
        ("reception_type", "family_member"): 8,
        ("reception_type", "other"): 0,
    }
    rows = {
        (r.breakdown, r.category): r.value for r in publish(raw, 5) if r.indicator == "received"
    }
    assert (rows[("sex", "female")], rows[("sex", "male")], rows[("sex", "unknown")]) == (
        None,
        14,
        None,
    )
    assert rows[("age_band", "20-64")] == 30  # nothing small: nothing hidden
    assert rows[("reception_type", "quota_refugee")] == 6
