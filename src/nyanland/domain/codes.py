"""The code lists of DOMAIN.md: each defined once, with its label in the current language."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from enum import StrEnum

from nyanland.i18n import NP_, pgettext


class Code(StrEnum):
    """A stable English code from a vocabulary; `label` is what the user reads."""

    @classmethod
    def vocabulary(cls) -> str:
        """The vocabulary's name as used in files and as translation context (`reception_type`)."""
        return re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()

    @property
    def label(self) -> str:
        # Keyed by list and code: codes of different lists can be equal strings ("other").
        return pgettext(self.vocabulary(), _LABELS[(type(self), self.value)])

    @classmethod
    def codes(cls) -> tuple[str, ...]:
        return _codes_of(cls)


@functools.cache  # read for every coded field of every line of a case file
def _codes_of(vocabulary: type[Code]) -> tuple[str, ...]:
    return tuple(member.value for member in vocabulary)


class Sex(Code):
    FEMALE = "female"
    MALE = "male"
    UNKNOWN = "unknown"


class ReceptionType(Code):
    ASSIGNED = "assigned"
    QUOTA_REFUGEE = "quota_refugee"
    SELF_SETTLED = "self_settled"
    FAMILY_MEMBER = "family_member"
    OTHER = "other"


class PermitGround(Code):
    REFUGEE = "refugee"
    SUBSIDIARY_PROTECTION = "subsidiary_protection"
    HUMANITARIAN = "humanitarian"
    FAMILY = "family"
    OTHER = "other"


class StudyPath(Code):
    PATH_1 = "1"
    PATH_2 = "2"
    PATH_3 = "3"


class SfiCourse(Code):
    A = "A"
    B = "B"
    C = "C"
    D = "D"


class SfiGrade(Code):
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"


class SfiStatus(Code):
    ONGOING = "ongoing"
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"


class EducationLevel(Code):
    PRE_UPPER_SECONDARY_SHORT = "pre_upper_secondary_short"
    PRE_UPPER_SECONDARY = "pre_upper_secondary"
    UPPER_SECONDARY_SHORT = "upper_secondary_short"
    UPPER_SECONDARY = "upper_secondary"
    POST_SECONDARY_SHORT = "post_secondary_short"
    POST_SECONDARY = "post_secondary"
    DOCTORAL = "doctoral"
    UNKNOWN = "unknown"


class PlacementKind(Code):
    INTERNSHIP = "internship"
    INTRODUCTION_JOB = "introduction_job"
    NEW_START_JOB = "new_start_job"
    ESTABLISHMENT_JOB = "establishment_job"
    EXTRA_JOB = "extra_job"
    WAGE_SUBSIDY = "wage_subsidy"
    EMPLOYMENT = "employment"
    OTHER = "other"


class Sector(Code):
    MUNICIPAL = "municipal"
    REGIONAL = "regional"
    STATE = "state"
    PRIVATE = "private"
    NON_PROFIT = "non_profit"


class HousingKind(Code):
    FIRST_HAND = "first_hand"
    SECOND_HAND = "second_hand"
    TEMPORARY = "temporary"
    EVACUATION = "evacuation"
    OWN = "own"


class NoteKind(Code):
    """What a journal entry records (not a statistic: no figure counts it)."""

    MEETING = "meeting"
    PHONE_CALL = "phone_call"
    DECISION = "decision"
    OTHER = "other"


class Outcome(Code):
    WORK = "work"
    STUDIES = "studies"
    WORK_AND_STUDIES = "work_and_studies"
    JOB_SEEKING = "job_seeking"
    PARENTAL_LEAVE = "parental_leave"
    SICK_LEAVE = "sick_leave"
    MOVED = "moved"
    OTHER = "other"
    UNKNOWN = "unknown"


class AgeBand(Code):
    CHILD = "0-17"
    YOUNG_ADULT = "18-19"
    WORKING_AGE = "20-64"
    SENIOR = "65+"


# "In work or studies" in the strategies' sense (DOMAIN.md).
IN_WORK_OR_STUDIES: frozenset[Outcome] = frozenset(
    {Outcome.WORK, Outcome.STUDIES, Outcome.WORK_AND_STUDIES}
)

# The SFI courses each study path offers (DOMAIN.md: 1A 1B 1C 1D 2B 2C 2D 3C 3D).
COURSES_ON_PATH: dict[StudyPath, tuple[SfiCourse, ...]] = {
    StudyPath.PATH_1: (SfiCourse.A, SfiCourse.B, SfiCourse.C, SfiCourse.D),
    StudyPath.PATH_2: (SfiCourse.B, SfiCourse.C, SfiCourse.D),
    StudyPath.PATH_3: (SfiCourse.C, SfiCourse.D),
}

_LABEL_PAIRS: tuple[tuple[Code, str], ...] = (
    (Sex.FEMALE, NP_("sex", "Female")),
    (Sex.MALE, NP_("sex", "Male")),
    (Sex.UNKNOWN, NP_("sex", "Not known")),
    (ReceptionType.ASSIGNED, NP_("reception_type", "Assigned")),
    (ReceptionType.QUOTA_REFUGEE, NP_("reception_type", "Quota refugee")),
    (ReceptionType.SELF_SETTLED, NP_("reception_type", "Self-settled")),
    (ReceptionType.FAMILY_MEMBER, NP_("reception_type", "Family member")),
    (ReceptionType.OTHER, NP_("reception_type", "Other")),
    (PermitGround.REFUGEE, NP_("permit_ground", "Refugee")),
    (PermitGround.SUBSIDIARY_PROTECTION, NP_("permit_ground", "Subsidiary protection")),
    (PermitGround.HUMANITARIAN, NP_("permit_ground", "Exceptionally distressing circumstances")),
    (PermitGround.FAMILY, NP_("permit_ground", "Family reunification")),
    (PermitGround.OTHER, NP_("permit_ground", "Other")),
    (StudyPath.PATH_1, NP_("study_path", "Study path 1")),
    (StudyPath.PATH_2, NP_("study_path", "Study path 2")),
    (StudyPath.PATH_3, NP_("study_path", "Study path 3")),
    (SfiCourse.A, NP_("sfi_course", "Course A")),
    (SfiCourse.B, NP_("sfi_course", "Course B")),
    (SfiCourse.C, NP_("sfi_course", "Course C")),
    (SfiCourse.D, NP_("sfi_course", "Course D")),
    (SfiGrade.A, NP_("sfi_grade", "A")),
    (SfiGrade.B, NP_("sfi_grade", "B")),
    (SfiGrade.C, NP_("sfi_grade", "C")),
    (SfiGrade.D, NP_("sfi_grade", "D")),
    (SfiGrade.E, NP_("sfi_grade", "E")),
    (SfiGrade.F, NP_("sfi_grade", "F (fail)")),
    (SfiStatus.ONGOING, NP_("sfi_status", "Ongoing")),
    (SfiStatus.COMPLETED, NP_("sfi_status", "Completed")),
    (SfiStatus.INTERRUPTED, NP_("sfi_status", "Interrupted")),
    (
        EducationLevel.PRE_UPPER_SECONDARY_SHORT,
        NP_("education_level", "Compulsory school, shorter than 9 years"),
    ),
    (EducationLevel.PRE_UPPER_SECONDARY, NP_("education_level", "Compulsory school, 9 (10) years")),
    (
        EducationLevel.UPPER_SECONDARY_SHORT,
        NP_("education_level", "Upper secondary, at most 2 years"),
    ),
    (EducationLevel.UPPER_SECONDARY, NP_("education_level", "Upper secondary, 3 years")),
    (
        EducationLevel.POST_SECONDARY_SHORT,
        NP_("education_level", "Post-secondary, shorter than 3 years"),
    ),
    (EducationLevel.POST_SECONDARY, NP_("education_level", "Post-secondary, 3 years or longer")),
    (EducationLevel.DOCTORAL, NP_("education_level", "Doctoral studies")),
    (EducationLevel.UNKNOWN, NP_("education_level", "Not known")),
    (PlacementKind.INTERNSHIP, NP_("placement_kind", "Internship")),
    (PlacementKind.INTRODUCTION_JOB, NP_("placement_kind", "Introduction job")),
    (PlacementKind.NEW_START_JOB, NP_("placement_kind", "New start job")),
    (PlacementKind.ESTABLISHMENT_JOB, NP_("placement_kind", "Establishment job")),
    (PlacementKind.EXTRA_JOB, NP_("placement_kind", "Extra job")),
    (PlacementKind.WAGE_SUBSIDY, NP_("placement_kind", "Wage subsidy")),
    (PlacementKind.EMPLOYMENT, NP_("placement_kind", "Employment (unsubsidised)")),
    (PlacementKind.OTHER, NP_("placement_kind", "Other")),
    (Sector.MUNICIPAL, NP_("sector", "Municipal")),
    (Sector.REGIONAL, NP_("sector", "Regional")),
    (Sector.STATE, NP_("sector", "State")),
    (Sector.PRIVATE, NP_("sector", "Private")),
    (Sector.NON_PROFIT, NP_("sector", "Non-profit")),
    (HousingKind.FIRST_HAND, NP_("housing_kind", "First-hand contract")),
    (HousingKind.SECOND_HAND, NP_("housing_kind", "Second-hand contract")),
    (HousingKind.TEMPORARY, NP_("housing_kind", "Temporary contract")),
    (HousingKind.EVACUATION, NP_("housing_kind", "Evacuation / short-term housing")),
    (HousingKind.OWN, NP_("housing_kind", "Own arrangement")),
    (NoteKind.MEETING, NP_("note_kind", "Meeting")),
    (NoteKind.PHONE_CALL, NP_("note_kind", "Phone call")),
    (NoteKind.DECISION, NP_("note_kind", "Decision")),
    (NoteKind.OTHER, NP_("note_kind", "Other")),
    (Outcome.WORK, NP_("outcome", "Work")),
    (Outcome.STUDIES, NP_("outcome", "Studies")),
    (Outcome.WORK_AND_STUDIES, NP_("outcome", "Work and studies")),
    (Outcome.JOB_SEEKING, NP_("outcome", "Job seeking")),
    (Outcome.PARENTAL_LEAVE, NP_("outcome", "Parental leave")),
    (Outcome.SICK_LEAVE, NP_("outcome", "Sick leave")),
    (Outcome.MOVED, NP_("outcome", "Moved from the municipality")),
    (Outcome.OTHER, NP_("outcome", "Other")),
    (Outcome.UNKNOWN, NP_("outcome", "Not known")),
    (AgeBand.CHILD, NP_("age_band", "0–17 years")),
    (AgeBand.YOUNG_ADULT, NP_("age_band", "18–19 years")),
    (AgeBand.WORKING_AGE, NP_("age_band", "20–64 years")),
    (AgeBand.SENIOR, NP_("age_band", "65 years or older")),
)


_LABELS: dict[tuple[type[Code], str], str] = {}


def add_labels(labels: Iterable[tuple[Code, str]]) -> None:
    """Registers the labels of one or more code lists (a code list's module calls this)."""
    _LABELS.update({(type(code), code.value): label for code, label in labels})


add_labels(_LABEL_PAIRS)


ALL_CODE_LISTS: tuple[type[Code], ...] = (
    Sex,
    ReceptionType,
    PermitGround,
    StudyPath,
    SfiCourse,
    SfiGrade,
    SfiStatus,
    EducationLevel,
    PlacementKind,
    Sector,
    HousingKind,
    Outcome,
    AgeBand,
)
