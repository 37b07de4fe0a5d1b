"""The case list's search goes through an index the database keeps in the case's own
transaction (FTS5 trigrams inside SQLCipher, pg_trgm on PostgreSQL), and finds exactly what a
scan of every case would."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from sqlalchemy import text

from nyanland.services import demo
from nyanland.services.cases import CaseService
from nyanland.services.records import CaseQuery
from tests.conftest import Team
from tests.factories import case


def test_the_search_finds_what_a_scan_finds(team: Team) -> None:
    demo.add_demo_cases(team.officer, 300, seed=7, as_of=date(2026, 11, 1))
    service = CaseService(team.officer)
    everyone = service.search(CaseQuery(limit=1000)).rows
    texts = {
        row.id: " ".join(
            [
                row.first_name,
                row.last_name,
                row.case_number,
                row.dossier_number or "",
                row.personal_identity_number or "",
            ]
        ).lower()
        for row in everyone
    }
    chance = random.Random(3)
    for _ in range(40):
        row = chance.choice(everyone)
        source = chance.choice([row.first_name, row.last_name, row.case_number])
        start = chance.randrange(0, max(1, len(source) - 2))
        words = [source[start : start + chance.randint(1, 6)].lower()]
        if chance.random() < 0.4:
            words.append(chance.choice(["a", "an", "20", "haddad", "1"]))
        found = {r.id for r in service.search(CaseQuery(text=" ".join(words), limit=1000)).rows}
        scanned = {i for i, t in texts.items() if all(w in t for w in words)}
        assert found == scanned, words


def test_the_index_follows_a_change_a_deletion_and_a_rollback(team: Team) -> None:
    service = CaseService(team.officer)
    made = service.create(case())
    renamed = service.update(
        made.id,
        replace(made.data, person=replace(made.data.person, last_name="Halaby")),
        made.version,
    )

    def found(word: str) -> list[int]:
        return [r.id for r in service.search(CaseQuery(text=word)).rows]

    assert found("halaby") == [made.id] and found("haddad") == []
    try:
        with team.officer.store.writing() as session:
            session.execute(
                text("UPDATE cases SET search_text = 'zzzyx' WHERE id = :i"), {"i": made.id}
            )
            raise RuntimeError("the transaction fails")
    except RuntimeError:
        pass
    assert found("zzzyx") == [] and found("halaby") == [made.id]
    service.delete(renamed.id, renamed.version)
    assert found("halaby") == []


def test_the_search_uses_the_index(team: Team) -> None:
    service = CaseService(team.officer)
    service.create(case())
    store = team.officer.store
    with store.engine.connect() as connection:
        if store.is_sqlite:
            plan = connection.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT rowid FROM case_search WHERE case_search "
                    "MATCH '\"hadd\"'"
                )
            ).all()
            assert any("VIRTUAL TABLE INDEX" in str(step[-1]) for step in plan), plan
        else:
            connection.execute(text("SET enable_seqscan = off"))
            plan = connection.execute(
                text("EXPLAIN SELECT id FROM cases WHERE search_text LIKE '%hadd%'")
            ).all()
            assert any("ix_cases_search_text_trgm" in step[0] for step in plan), plan
