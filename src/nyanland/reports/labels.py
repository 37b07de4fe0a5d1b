"""Breakdowns, categories and units as the reader of a report sees them."""

from __future__ import annotations

from nyanland.domain.indicators import BREAKDOWNS, TOTAL
from nyanland.i18n import _


def breakdown_label(breakdown: str) -> str:
    return {
        TOTAL: _("Total"),
        "sex": _("Sex"),
        "age_band": _("Age"),
        "reception_type": _("Reception type"),
        "study_path": _("Study path"),
        "education_level": _("Education level"),
        "kind": _("Kind"),
        "sector": _("Sector"),
        "housing_kind": _("Kind of housing"),
        "outcome": _("Outcome"),
    }[breakdown]


def category_label(breakdown: str, category: str) -> str:
    if breakdown == TOTAL:
        return _("All")
    return BREAKDOWNS[breakdown](category).label


def unit_label(unit: str) -> str:
    return {
        "persons": _("persons"),
        "placements": _("placements"),
        "days": _("days"),
        "percent": _("percent"),
    }[unit]
