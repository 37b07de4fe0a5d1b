"""Method 2 against an attacker: nothing hidden in the files of a year (or two), published in
any order, can be worked out from them all together, while v1's files give cells away (so the
attacker can find them)."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nyanland.domain.disclosure import FIRST_IN_YEAR, Published, RawFigures, Status, publish
from nyanland.domain.indicators import BY_ID, TOTAL, Measure
from nyanland.domain.linked_disclosure import (
    COMPONENTS,
    PeriodRows,
    exposed,
    publish_period,
    year_of,
)
from nyanland.domain.recovery import bases_for, numerators_for
from tests.domain.attacker import findings
from tests.domain.invented_years import QUARTERS, invented_year, invented_years


def _v1(seed: int, k: int) -> list[tuple[RawFigures, list[Published], int]]:
    quarters, year = invented_year(seed)
    return [*((q, publish(q, k), k) for q in quarters), (year, publish(year, k), k)]


def _in_turn(
    quarters: list[RawFigures], k: int, order: list[int] | None = None
) -> list[PeriodRows]:
    """Each year's quarters published one by one (in `order`), then the year, each period
    protected against those published before it."""
    published: list[PeriodRows] = []
    for first in range(0, len(quarters), 4):
        four = quarters[first : first + 4]
        for index in order or range(4):
            rows = publish_period(four[index], k, published)
            published.append(PeriodRows(four[index], tuple(rows), k))
        year = year_of(four[0].period[:4], four)
        published.append(PeriodRows(year, tuple(publish_period(year, k, published)), k))
    return published


def _files(published: list[PeriodRows]) -> list[tuple[RawFigures, list[Published], int]]:
    return [(p.raw, list(p.rows), p.threshold) for p in published]


def _cells(raw: RawFigures, counts: dict[str, dict[tuple[str, str], int]]) -> dict[str, Counter]:
    return {key: Counter({c: n for c, n in cells.items() if n}) for key, cells in counts.items()}


def test_a_year_made_of_its_quarters_is_the_year_counted_from_the_people() -> None:
    for seed in range(40):
        quarters, counted = invented_year(seed)
        made = year_of("2026", quarters)
        made.counts.pop(FIRST_IN_YEAR, None)
        assert _cells(made, made.counts) == _cells(counted, counted.counts), seed
        assert _cells(made, made.numerators) == _cells(counted, counted.numerators), seed
        assert made.days == counted.days, seed


def test_v1s_year_rule_gives_quarter_cells_away_and_both_attackers_see_it() -> None:
    given_away = 0
    for seed in range(60):
        published = _v1(seed, 5)
        found = findings(published)
        given_away += bool(found)
        periods = [PeriodRows(raw, tuple(rows), k) for raw, rows, k in published]
        ours = [t for component in COMPONENTS for t in exposed(periods, component)]
        assert bool(ours) == bool(found), (seed, found, ours)
    assert given_away >= 20  # of 60 small municipalities' years


def test_year_minus_three_quarters_is_the_fourth_in_v1_and_not_in_v2() -> None:
    """The issue's example: received, female, 2026-Q4 = 3, from the year and Q1–Q3."""
    quarters = []
    for code, female in zip(QUARTERS, (6, 7, 8, 3), strict=True):
        raw = RawFigures(code)
        male = 9
        raw.counts["received"] = {
            (TOTAL, ""): female + male,
            ("sex", "female"): female,
            ("sex", "male"): male,
            ("age_band", "20-64"): female + male,
            ("reception_type", "assigned"): female + male,
        }
        quarters.append(raw)
    year = year_of("2026", quarters)
    v1 = [*((q, publish(q, 5), 5) for q in quarters), (year, publish(year, 5), 5)]
    assert "received 2026-Q4 sex female = 3" in findings(v1)
    published = _in_turn(quarters, 5)
    assert findings(_files(published)) == []
    assert [p.rows for p in published[:4]] == [tuple(publish(q, 5)) for q in quarters]
    year_rows = published[-1].rows
    hidden = {
        (r.breakdown, r.category) for r in year_rows if r.indicator == "received" and r.linked
    }
    assert ("sex", "female") in hidden  # the year's own cell, not a quarter's, is hidden


def test_two_published_shares_give_away_a_third_in_v1_and_not_in_v2() -> None:
    """17 of 19 men started SFI in time (2 did not): total and women's shares tell it."""
    raw = RawFigures("2026-Q3")
    raw.counts["sfi_started"] = {
        (TOTAL, ""): 39,
        ("sex", "female"): 20,
        ("sex", "male"): 19,
        ("study_path", "2"): 39,
    }
    raw.numerators["sfi_started_within_90_days"] = {
        (TOTAL, ""): 32,
        ("sex", "female"): 15,
        ("sex", "male"): 17,
    }
    v1 = publish(raw, 5)
    assert findings([(raw, v1, 5)]) == ["sfi_started_within_90_days 2026-Q3 sex male: 2 left out"]
    v2 = publish_period(raw, 5)
    assert findings([(raw, v2, 5)]) == []
    assert [r for r in v2 if r.linked and BY_ID[r.indicator].measure is not Measure.SHARE] == []


def _only_more_hidden(v1: list[Published], v2: list[Published], shares_only: bool) -> None:
    assert len(v1) == len(v2)
    for before, after in zip(v1, v2, strict=True):
        key = (before.indicator, before.breakdown, before.category)
        assert key == (after.indicator, after.breakdown, after.category)
        if after.status is Status.OK:
            assert after == before, key
        elif before.status is Status.OK:  # hidden by method 2, and marked so
            assert after.linked and after.value is None, key
            assert not shares_only or BY_ID[after.indicator].measure is Measure.SHARE, key
        else:
            assert after == before, key


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.integers(0, 10**9),
    st.sampled_from((3, 4, 5, 5, 5, 10)),
    st.permutations(range(4)),
)
def test_nothing_hidden_can_be_worked_out_from_a_year_of_method_2(
    seed: int, k: int, order: list[int]
) -> None:
    quarters, _year = invented_year(seed)
    published = _in_turn(quarters, k, order)
    assert findings(_files(published)) == []
    for number, figures in enumerate(published):
        # The first published is a quarter alone: only a share can have been hidden besides.
        _only_more_hidden(publish(figures.raw, k), list(figures.rows), shares_only=number == 0)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.integers(0, 10**9), st.sampled_from((3, 5, 5)))
def test_two_years_in_a_row_give_nothing_away_across_the_new_year(seed: int, k: int) -> None:
    """The open cases of 2027-Q1 are those of 2026-Q4, plus those received, minus those
    ended: the link runs on across years."""
    quarters, _years = invented_years(seed, years=2)
    assert findings(_files(_in_turn(quarters, k))) == []


def test_the_first_quarter_published_is_v1_unless_a_share_would_give_a_count_away() -> None:
    changed = 0
    for seed in range(100):
        quarters, _year = invented_year(seed)
        for quarter in quarters:
            before, after = publish(quarter, 5), publish_period(quarter, 5)
            if before != after:
                changed += 1
                assert findings([(quarter, before, 5)]) != []
            _only_more_hidden(before, after, shares_only=True)
    assert changed < 10  # of 400 quarters: v1 stands nearly always


def test_v1s_quarters_give_flows_away_through_the_open_cases() -> None:
    """Open cases at the ends of two quarters and those received give those ended."""
    found = 0
    for seed in range(30):
        quarters, _year = invented_year(seed)
        v1 = [(q, publish(q, 5), 5) for q in quarters]
        found += any("establishment_ended" in f or "received" in f for f in findings(v1))
    assert found >= 10


def test_rounded_shares_are_inverted_as_a_reader_would() -> None:
    assert numerators_for(89, 19) == [17]
    assert numerators_for(50, 300) == [149, 150, 151]  # above a base of 100, a range
    assert bases_for(89, 17) == [19]
    assert len(bases_for(0, 3)) != 1 and len(bases_for(50, 0)) != 1
