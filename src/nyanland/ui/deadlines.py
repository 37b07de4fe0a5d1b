"""The reception tab's list of the establishment phase's deadlines: done, due or late."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from nyanland.domain.milestones import Milestone
from nyanland.domain.timeline import DEFAULT_RULES
from nyanland.i18n import _, format_date, ngettext


def deadlines_text(known: bool, found: Sequence[Milestone], today: date) -> str:
    """Rich text for the panel: nothing while the case cannot be read yet."""
    if not known:
        return ""
    if not found:
        return (
            "<b>"
            + _("Deadlines")
            + "</b><br>"
            + _("A child at reception: school, not SFI or the establishment programme.")
        )
    warn = DEFAULT_RULES.establishment_ending_warning_days
    lines = [
        _milestone(_(m.name), m.due, m.done, today, warn if m is found[-1] else 0) for m in found
    ]
    return "<b>" + _("Deadlines") + "</b><br>" + "<br>".join(lines)


def _milestone(name: str, due: date, done: date | None, today: date, warn_days: int = 0) -> str:
    if done is not None:
        return _("{name}: done {date}").format(name=name, date=format_date(done))
    days = (due - today).days
    if days < 0:
        late = ngettext("{n} day late", "{n} days late", -days).format(n=-days)
        return (
            '<span style="color:#b00020">'
            + _("{name}: due {date}, {late}").format(name=name, date=format_date(due), late=late)
            + "</span>"
        )
    left = ngettext("{n} day left", "{n} days left", days).format(n=days)
    colour = "#8a5a00" if days <= warn_days else "inherit"
    return (
        f'<span style="color:{colour}">'
        + _("{name}: due {date}, {left}").format(name=name, date=format_date(due), left=left)
        + "</span>"
    )
