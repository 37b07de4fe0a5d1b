"""The four roles of DOMAIN.md."""

from __future__ import annotations

from nyanland.domain.codes import Code, add_labels
from nyanland.i18n import NP_


class Role(Code):
    OFFICER = "officer"
    SFI = "sfi"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


MIN_PASSWORD_LENGTH = 12

add_labels(
    (
        (Role.OFFICER, NP_("role", "Integration officer")),
        (Role.SFI, NP_("role", "SFI staff")),
        (Role.COORDINATOR, NP_("role", "Coordinator")),
        (Role.ADMIN, NP_("role", "Administrator")),
    )
)
