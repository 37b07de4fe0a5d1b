"""The four roles of DOMAIN.md and what each may do: the one permissions table the services
enforce (the window only hides what a role may not do)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from nyanland.domain.codes import Code, add_labels
from nyanland.domain.errors import KnownError
from nyanland.i18n import NP_, _


class Role(Code):
    OFFICER = "officer"
    SFI = "sfi"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


class Permission(StrEnum):
    CASES = "cases"  # create, view, edit, close cases; journal; import and export case files
    FIND_PERSON = "find_person"  # name, number, birth date and the SFI part of a case
    RECORD_SFI = "record_sfi"  # SFI enrolments, an SFI provider's list
    STATISTICS = "statistics"  # anonymised statistics and reports
    ADMINISTER = "administer"  # accounts, retention, backup, the audit log


PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OFFICER: frozenset(
        {Permission.CASES, Permission.FIND_PERSON, Permission.RECORD_SFI, Permission.STATISTICS}
    ),
    Role.SFI: frozenset({Permission.FIND_PERSON, Permission.RECORD_SFI}),
    Role.COORDINATOR: frozenset({Permission.STATISTICS}),
    Role.ADMIN: frozenset({Permission.STATISTICS, Permission.ADMINISTER}),
}

MIN_PASSWORD_LENGTH = 12

add_labels(
    (
        (Role.OFFICER, NP_("role", "Integration officer")),
        (Role.SFI, NP_("role", "SFI staff")),
        (Role.COORDINATOR, NP_("role", "Coordinator")),
        (Role.ADMIN, NP_("role", "Administrator")),
    )
)


def roles_with(permission: Permission) -> list[Role]:
    return [role for role in Role if permission in PERMISSIONS[role]]


class NotPermitted(KnownError):
    """The signed-in role may not do this; the message names the roles that may."""

    def __init__(self, permission: Permission) -> None:
        roles = ", ".join(role.label for role in roles_with(permission))
        super().__init__(
            _("your role may not do this; it needs the role {roles}").format(roles=roles)
            if len(roles_with(permission)) == 1
            else _("your role may not do this; it needs one of the roles {roles}").format(
                roles=roles
            )
        )
        self.permission = permission


@dataclass(frozen=True)
class Actor:
    """Who acts: an account and its role, or a system step (role None) such as creating a
    store, which no permission check lets through."""

    name: str
    role: Role | None

    def may(self, permission: Permission) -> bool:
        return self.role is not None and permission in PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.may(permission):
            raise NotPermitted(permission)
