"""Demo data is valid, varied and reproducible."""

from __future__ import annotations

from collections import Counter
from datetime import date

from nyanland.domain.case import case_problems
from nyanland.services.demo import demo_cases

AS_OF = date(2026, 11, 1)


def test_every_invented_case_keeps_every_rule() -> None:
    for new in demo_cases(1500, seed=11, as_of=AS_OF):
        assert case_problems(new.data, AS_OF) == [], new.data.case_number


def test_the_same_seed_gives_the_same_cases_and_another_seed_others() -> None:
    assert demo_cases(50, seed=3, as_of=AS_OF) == demo_cases(50, seed=3, as_of=AS_OF)
    assert demo_cases(50, seed=3, as_of=AS_OF) != demo_cases(50, seed=4, as_of=AS_OF)


def test_invented_cases_cover_every_milestone_and_families() -> None:
    cases = demo_cases(2000, seed=5, as_of=AS_OF)
    data = [c.data for c in cases]
    households = Counter(c.household_key for c in cases if c.household_key)
    assert max(households.values()) >= 4  # families with children
    assert sum(1 for d in data if d.person.birth_date > date(2008, 11, 1)) > 200  # children
    assert sum(1 for d in data if d.person.personal_identity_number is None) > 20
    assert sum(1 for d in data if d.sfi) > 800
    assert sum(1 for d in data if d.skills_mapping and d.skills_mapping.completed_date) > 500
    assert sum(1 for d in data if d.placements) > 200
    assert sum(1 for d in data if d.closure) > 200
    assert {d.person.country_of_birth for d in data} >= {"SY", "AF", "ER", "SO", "UA"}
    identity_numbers = [d.person.personal_identity_number for d in data]
    known = [n for n in identity_numbers if n]
    assert len(known) == len(set(known))
