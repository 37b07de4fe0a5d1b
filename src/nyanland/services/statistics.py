"""The indicators' raw figures, counted by the database with GROUP BY (never case by case),
and the published, anonymised rows made from them."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    and_,
    case,
    cast,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased

from nyanland.domain.codes import IN_WORK_OR_STUDIES
from nyanland.domain.disclosure import FIRST_IN_YEAR, Cell, RawFigures
from nyanland.domain.indicators import SFI_WITHIN_DAYS, TOTAL
from nyanland.domain.roles import NotPermitted, Permission
from nyanland.domain.timeline import Period, add_years
from nyanland.services import published_rows
from nyanland.services.access import require
from nyanland.services.context import ServiceContext
from nyanland.services.figures_codec import decode_figures
from nyanland.services.sql_dates import age_at
from nyanland.store.models import (
    CaseRow,
    HousingRow,
    PlacementRow,
    RetainedFiguresRow,
    SettingRow,
    SfiEnrolmentRow,
    SkillsMappingRow,
)
from nyanland.store.server_statistics import STATISTICS_SCHEMA

MUNICIPALITY_KEY = "municipality"


def raw_figures(context: ServiceContext, period: Period) -> RawFigures:
    """What this store counts for `period`, before any suppression (no personal data)."""
    require(context, Permission.STATISTICS)
    if published_rows.reads_published_only(context):
        raise NotPermitted(Permission.ADMINISTER)  # the server's raw figures are theirs alone
    with context.store.reading() as session:
        return figures_in(session, period)


def figures_in(session: Session, period: Period) -> RawFigures:
    """The cases' figures, plus the counts kept of cases deleted by retention."""
    counted = _Counter(session, period).figures()
    retained = session.get(RetainedFiguresRow, period.code)
    if retained is None:
        return counted
    return counted.merge(decode_figures(period.code, json.loads(retained.figures)))


class _Counter:
    def __init__(self, session: Session, period: Period) -> None:
        self.session = session
        self.period = period
        self.raw = RawFigures(period.code)
        self.is_sqlite = session.get_bind().dialect.name == "sqlite"
        # On a server with its own rules the counts read its statistics views: all cases, no
        # column that names anyone, and only an administrator's (store/server_statistics.py).
        self.options: dict[str, Any] = (
            {"schema_translate_map": {None: STATISTICS_SCHEMA}}
            if session.info.get("server_rules")
            else {}
        )

    def figures(self) -> RawFigures:
        self.received()
        self.active_cases()
        self.sfi()
        self.skills_mapped()
        self.placements_started()
        self.housed()
        self.establishment_ended()
        return self.raw

    # -- helpers ------------------------------------------------------------------------------

    def within(self, column: Any) -> ColumnElement[bool]:
        return and_(column >= self.period.start, column <= self.period.end)

    def count(
        self, indicator: str, source: Any, breakdowns: tuple[str, ...], target: str = "counts"
    ) -> None:
        """Counts the rows of `source` in one GROUP BY over all the breakdown columns; the
        total and each breakdown's categories are sums of those few groups."""
        subquery = source.subquery()
        columns = [subquery.c[name] for name in breakdowns]
        cells: dict[Cell, int] = {(TOTAL, ""): 0}
        for *categories, number in self.session.execute(
            select(*columns, func.count()).group_by(*columns), execution_options=self.options
        ):
            cells[(TOTAL, "")] += number
            for name, category in zip(breakdowns, categories, strict=True):
                cell = (name, str(category))
                cells[cell] = cells.get(cell, 0) + number
        getattr(self.raw, target)[indicator] = cells

    @staticmethod
    def band_of_age(age: ColumnElement[int]) -> ColumnElement[str]:
        return case((age < 18, "0-17"), (age < 20, "18-19"), (age < 65, "20-64"), else_="65+")

    def band_on(self, day: date) -> ColumnElement[str]:
        """Age band on a fixed day: compares birth dates with the day 18, 20, 65 years back."""
        born = CaseRow.birth_date
        return case(
            (born > add_years(day, -18), "0-17"),
            (born > add_years(day, -20), "18-19"),
            (born > add_years(day, -65), "20-64"),
            else_="65+",
        )

    def days_between(self, later: Any, earlier: Any) -> ColumnElement[int]:
        if self.is_sqlite:
            return cast(func.julianday(later) - func.julianday(earlier), Integer)
        return cast(cast(later, Date) - cast(earlier, Date), Integer)

    # -- the indicators -----------------------------------------------------------------------

    def received(self) -> None:
        source = select(
            CaseRow.sex.label("sex"),
            self.band_of_age(age_at(CaseRow.reception_date)).label("age_band"),
            CaseRow.reception_type.label("reception_type"),
        ).where(self.within(CaseRow.reception_date))
        self.count("received", source, ("sex", "age_band", "reception_type"))

    def active_cases(self) -> None:
        end = self.period.end
        source = select(CaseRow.sex.label("sex"), self.band_on(end).label("age_band")).where(
            CaseRow.reception_date <= end,
            or_(CaseRow.closure_date.is_(None), CaseRow.closure_date > end),
        )
        self.count("active_cases", source, ("sex", "age_band"))

    def sfi(self) -> None:
        """First SFI starts in the period: counted by sex and study path, with the days from
        reception as a distribution (median) and the share within 90 days, in one GROUP BY."""
        enrolment = SfiEnrolmentRow
        earlier = aliased(SfiEnrolmentRow)
        # An enrolment starting in the period is the person's first when no enrolment of the
        # same case began before it (or the same day and was recorded before it).
        is_first = ~(
            select(earlier.id)
            .where(
                earlier.case_id == enrolment.case_id,
                or_(
                    earlier.start_date < enrolment.start_date,
                    and_(earlier.start_date == enrolment.start_date, earlier.id < enrolment.id),
                ),
            )
            .exists()
        )
        days = self.days_between(enrolment.start_date, CaseRow.reception_date)
        grouped = (
            select(CaseRow.sex, enrolment.study_path, days, func.count())
            .join(CaseRow, CaseRow.id == enrolment.case_id)
            .where(self.within(enrolment.start_date), is_first)
            .group_by(CaseRow.sex, enrolment.study_path, days)
        )
        started: dict[Cell, int] = {(TOTAL, ""): 0}
        distributions: dict[Cell, Counter[int]] = {}
        within: dict[Cell, int] = {}
        for sex, path, waited, number in self.session.execute(
            grouped, execution_options=self.options
        ):
            for cell in ((TOTAL, ""), ("sex", sex), ("study_path", str(path))):
                started[cell] = started.get(cell, 0) + number
            for cell in ((TOTAL, ""), ("sex", sex)):
                distributions.setdefault(cell, Counter())[int(waited)] += number
                if waited <= SFI_WITHIN_DAYS:
                    within[cell] = within.get(cell, 0) + number
        self.raw.counts["sfi_started"] = started
        self.raw.days["sfi_days_to_start_median"] = distributions
        self.raw.numerators["sfi_started_within_90_days"] = within

    def skills_mapped(self) -> None:
        source = (
            select(
                CaseRow.sex.label("sex"),
                SkillsMappingRow.education_level.label("education_level"),
            )
            .join(SkillsMappingRow, SkillsMappingRow.case_id == CaseRow.id)
            .where(self.within(SkillsMappingRow.completed_date))
        )
        self.count("skills_mapped", source, ("sex", "education_level"))

    def placements_started(self) -> None:
        source = select(PlacementRow.kind.label("kind"), PlacementRow.sector.label("sector")).where(
            self.within(PlacementRow.start_date)
        )
        self.count("placements_started", source, ("kind", "sector"))

    def housed(self) -> None:
        self.count("housed", self.first_move_ins(self.period.start), ("housing_kind",))
        if self.period.is_quarter:
            # The persons whose first move-in of the year is in this quarter: a year's `housed`
            # (a person once) is the sum of these over its quarters (statistics method 2).
            year_start = self.period.start.replace(month=1, day=1)
            self.count(FIRST_IN_YEAR, self.first_move_ins(year_start), ("housing_kind",))

    def first_move_ins(self, since: date) -> Any:
        """Each case's earliest move-in from `since` to the period's end, when it is in the
        period, with its kind."""
        ranked = (
            select(
                HousingRow.case_id,
                HousingRow.kind,
                HousingRow.move_in_date,
                func.row_number()
                .over(
                    partition_by=HousingRow.case_id,
                    order_by=(HousingRow.move_in_date, HousingRow.id),
                )
                .label("rank"),
            )
            .where(HousingRow.move_in_date >= since, HousingRow.move_in_date <= self.period.end)
            .subquery()
        )
        return select(ranked.c.kind.label("housing_kind")).where(
            ranked.c.rank == 1, ranked.c.move_in_date >= self.period.start
        )

    def establishment_ended(self) -> None:
        source = select(CaseRow.sex.label("sex"), CaseRow.closure_outcome.label("outcome")).where(
            self.within(CaseRow.closure_date)
        )
        self.count("establishment_ended", source, ("sex", "outcome"))
        in_work_or_studies = source.where(
            CaseRow.closure_outcome.in_([o.value for o in IN_WORK_OR_STUDIES])
        )
        self.count("work_or_studies_share", in_work_or_studies, ("sex",), target="numerators")


def municipality_name(context: ServiceContext) -> str:
    with context.store.reading() as session:
        row = session.get(SettingRow, MUNICIPALITY_KEY)
        return row.value if row is not None else ""
