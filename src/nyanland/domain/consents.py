"""Consents the person gives: to share what the case holds with Arbetsförmedlingen, the SFI
school, a landlord or someone else named. A consent is given on a day and may be withdrawn
on a later one; sharing is allowed only while it stands (the officer's judgement, which the
record supports: who recorded it, when, and that it was withdrawn)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from nyanland.domain.codes import Code, add_labels
from nyanland.domain.errors import FieldError
from nyanland.i18n import NP_, _

RECIPIENT_MAX = 200


class ConsentPurpose(Code):
    EMPLOYMENT_SERVICE = "employment_service"  # Arbetsförmedlingen
    SFI_SCHOOL = "sfi_school"
    LANDLORD = "landlord"
    OTHER = "other"  # the recipient is named


add_labels(
    (
        (
            ConsentPurpose.EMPLOYMENT_SERVICE,
            NP_("consent_purpose", "Share with Arbetsförmedlingen"),
        ),
        (ConsentPurpose.SFI_SCHOOL, NP_("consent_purpose", "Share with the SFI school")),
        (ConsentPurpose.LANDLORD, NP_("consent_purpose", "Share with a landlord")),
        (ConsentPurpose.OTHER, NP_("consent_purpose", "Share with someone else")),
    )
)


@dataclass(frozen=True)
class Consent:
    purpose: ConsentPurpose
    given_on: date
    recipient: str | None = None  # who exactly (required for OTHER)
    withdrawn_on: date | None = None

    def standing(self, on: date) -> bool:
        return self.given_on <= on and (self.withdrawn_on is None or self.withdrawn_on > on)


def consent_problems(consent: Consent, today: date) -> list[FieldError]:
    problems = []
    if consent.given_on > today:
        problems.append(FieldError("given_on", _("is in the future")))
    recipient = (consent.recipient or "").strip()
    if consent.purpose is ConsentPurpose.OTHER and not recipient:
        problems.append(FieldError("recipient", _("say who the person lets you share with")))
    if len(recipient) > RECIPIENT_MAX:
        problems.append(
            FieldError("recipient", _("is longer than {n} characters").format(n=RECIPIENT_MAX))
        )
    if consent.withdrawn_on is not None:
        if consent.withdrawn_on < consent.given_on:
            problems.append(FieldError("withdrawn_on", _("is before the consent was given")))
        if consent.withdrawn_on > today:
            problems.append(FieldError("withdrawn_on", _("is in the future")))
    return problems
