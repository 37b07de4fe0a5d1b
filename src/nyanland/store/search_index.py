"""The case list's search index, kept by the database in the same transaction as the case:
on SQLite (inside SQLCipher) an FTS5 table with the trigram tokenizer over each case's
`search_text`, kept by triggers; on PostgreSQL a `pg_trgm` GIN index on the column itself,
which `LIKE '%…%'` uses as it stands. Neither is a model: migration 0006 makes them."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Integer, Select, literal_column, select, text

from nyanland.store.models import CaseRow

FTS_TABLE = "case_search"  # SQLite: the FTS5 table (and its shadow tables case_search_*)
TRGM_INDEX = "ix_cases_search_text_trgm"  # PostgreSQL
SHORTEST = 3  # a trigram index finds words of three characters or more


def outside_the_models(name: str | None, kind: str) -> bool:
    """For Alembic's comparison of the models with a store: the index is not a model's."""
    return bool(name) and (str(name).startswith(FTS_TABLE) or name == TRGM_INDEX)


def _phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def fts_terms(words: list[str]) -> str | None:
    """The FTS5 query for the words the index can find (three characters or more), if any."""
    indexed = [w for w in words if len(w) >= SHORTEST]
    return " ".join(_phrase(word) for word in indexed) if indexed else None


def matching(words: list[str], sqlite: bool, walk: bool = False) -> list[ColumnElement[bool]]:
    """The conditions that find cases whose search text holds every word (lower case). On
    SQLite the words of three characters or more go through the FTS5 index in one MATCH;
    shorter ones (and every word on PostgreSQL, whose GIN index serves LIKE) are LIKEs. With
    `walk`, the match is only checked (`id + 0`), so the list's order decides the plan: for a
    word most cases hold, the first page is found without gathering every match."""
    conditions: list[ColumnElement[bool]] = []
    terms = fts_terms(words) if sqlite else None
    if terms is not None:
        match = text(f"{FTS_TABLE} MATCH :terms").bindparams(terms=terms)
        found: Select[int] = (
            select(literal_column("rowid", Integer)).select_from(text(FTS_TABLE)).where(match)
        )
        # `id + 0` is the same number, but no index of the table serves it.
        conditions.append((CaseRow.id + 0 if walk else CaseRow.id).in_(found))
    for word in words:
        if terms is not None and len(word) >= SHORTEST:
            continue
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(CaseRow.search_text.like(f"%{escaped}%", escape="\\"))
    return conditions
