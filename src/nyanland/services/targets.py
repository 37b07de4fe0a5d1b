"""The strategy's targets, edited by the coordinator and shown beside the indicators."""

from __future__ import annotations

from sqlalchemy import delete, select

from nyanland.domain.errors import FieldError, NotFound
from nyanland.domain.indicators import BY_ID, Comparison, Target, Unit
from nyanland.domain.roles import Permission
from nyanland.domain.timeline import Period
from nyanland.i18n import _
from nyanland.services.access import require
from nyanland.services.context import ServiceContext
from nyanland.store.models import TargetRow


def set_target(context: ServiceContext, target: Target) -> Target:
    """Records the target (replacing one for the same indicator and period)."""
    require(context, Permission.STATISTICS)
    indicator = BY_ID.get(target.indicator)
    if indicator is None:
        raise FieldError(
            "indicator",
            _("{value} is not one of: {codes}").format(
                value=target.indicator, codes=", ".join(BY_ID)
            ),
        )
    period = Period.parse(target.period).code
    if target.value < 0 or (indicator.unit is Unit.PERCENT and target.value > 100):
        limit = "0–100" if indicator.unit is Unit.PERCENT else "≥ 0"
        raise FieldError("value", _("must be {limit}").format(limit=limit))
    with context.store.writing() as session:
        row = session.scalar(
            select(TargetRow).where(
                TargetRow.indicator == target.indicator, TargetRow.period == period
            )
        )
        if row is None:
            row = TargetRow(indicator=target.indicator, period=period)
            session.add(row)
        row.comparison = target.comparison.value
        row.value = target.value
    return Target(target.indicator, period, target.comparison, target.value)


def remove_target(context: ServiceContext, indicator: str, period: str) -> None:
    require(context, Permission.STATISTICS)
    with context.store.writing() as session:
        removed = session.execute(
            delete(TargetRow).where(
                TargetRow.indicator == indicator, TargetRow.period == Period.parse(period).code
            )
        )
        if not getattr(removed, "rowcount", 0):
            raise NotFound(
                _("there is no target for {indicator} in {period}").format(
                    indicator=indicator, period=period
                )
            )


def all_targets(context: ServiceContext) -> list[Target]:
    require(context, Permission.STATISTICS)
    with context.store.reading() as session:
        return [
            Target(row.indicator, row.period, Comparison(row.comparison), row.value)
            for row in session.scalars(
                select(TargetRow).order_by(TargetRow.period, TargetRow.indicator)
            )
        ]


def targets_for(context: ServiceContext, period: Period) -> dict[str, Target]:
    """The target that holds for each indicator in `period` (its own before its year's)."""
    chosen: dict[str, Target] = {}
    for target in all_targets(context):
        if target.applies_to(period.code) and (
            target.indicator not in chosen or target.period == period.code
        ):
            chosen[target.indicator] = target
    return chosen
