"""Invented but realistic cases for trying nyanland: families from the main countries of origin,
with every milestone at the rates and delays an integration unit sees."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from stdnum import luhn

from nyanland.domain.case import (
    CaseData,
    Closure,
    Housing,
    JournalNote,
    Person,
    Placement,
    Reception,
    SfiEnrolment,
    SkillsMapping,
)
from nyanland.domain.codes import (
    COURSES_ON_PATH,
    EducationLevel,
    HousingKind,
    Outcome,
    PermitGround,
    PlacementKind,
    ReceptionType,
    Sector,
    Sex,
    SfiGrade,
    SfiStatus,
    StudyPath,
)
from nyanland.domain.roles import Permission, Role
from nyanland.domain.timeline import add_months, age_on
from nyanland.services import audit
from nyanland.services.access import require_any
from nyanland.services.audit import AuditAction
from nyanland.services.case_rows import NewCase, insert_cases
from nyanland.services.context import ServiceContext
from nyanland.services.demo_names import (
    DEPARTMENTS,
    DISTRICTS,
    EMPLOYERS,
    LANDLORDS,
    NOTE_TEXTS,
    OFFICERS,
    ORIGINS,
    PROVIDERS,
    STREETS,
    Origin,
)
from nyanland.store.models import CaseRow


class _Generator:
    def __init__(self, seed: int, as_of: date, used_numbers: set[str]) -> None:
        self.random = random.Random(seed)
        self.as_of = as_of
        self.used_numbers = set(used_numbers)
        self.serial = 0

    def chance(self, p: float) -> bool:
        return self.random.random() < p

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.random.randint(low, high))

    def identity_number(self, birth: date, sex: Sex) -> str:
        while True:
            serial = self.random.randint(1, 99) * 10  # third digit set below by sex
            sex_digit = self.random.choice((1, 3, 5, 7, 9) if sex is Sex.MALE else (0, 2, 4, 6, 8))
            nine = f"{birth:%y%m%d}{serial // 10:02d}{sex_digit}"
            digits = f"{birth:%Y%m%d}{serial // 10:02d}{sex_digit}{luhn.calc_check_digit(nine)}"
            if digits not in self.used_numbers:
                self.used_numbers.add(digits)
                return digits

    def dossier_number(self) -> str:
        self.serial += 1
        return f"{self.random.randint(10, 99)}{self.serial:06d}"

    def household(self, reception_date: date) -> list[CaseData]:
        origin = self.random.choices(ORIGINS, weights=[o.weight for o in ORIGINS])[0]
        family_name = self.random.choice(origin.family)
        reception_type = self.random.choices(list(ReceptionType), weights=[40, 8, 30, 18, 4])[0]
        permit = {
            ReceptionType.FAMILY_MEMBER: PermitGround.FAMILY,
            ReceptionType.QUOTA_REFUGEE: PermitGround.REFUGEE,
        }.get(reception_type) or self.random.choices(
            [
                PermitGround.REFUGEE,
                PermitGround.SUBSIDIARY_PROTECTION,
                PermitGround.HUMANITARIAN,
                PermitGround.OTHER,
            ],
            weights=[55, 35, 5, 5],
        )[0]
        permit_date = reception_date - self.days(7, 120)
        shape = self.random.choices(["single", "couple", "parent", "family"], [38, 12, 15, 35])[0]
        adults = {"single": 1, "couple": 2, "parent": 1, "family": 2}[shape]
        children = 0 if shape in ("single", "couple") else self.random.randint(1, 4)
        people: list[tuple[Sex, date]] = []
        first_sex = self.random.choice([Sex.MALE, Sex.FEMALE]) if adults == 1 else Sex.MALE
        first_birth = reception_date - self.days(19 * 365, 58 * 365)
        people.append((first_sex, first_birth))
        latest_adult_birth = reception_date - timedelta(days=18 * 366)
        if adults == 2:
            partner = min(first_birth + self.days(-2000, 2500), latest_adult_birth)
            people.append((Sex.FEMALE, partner))
        youngest_parent = max(birth for _sex, birth in people)
        for _ in range(children):
            earliest = max(
                youngest_parent + timedelta(days=18 * 365),
                reception_date - timedelta(days=17 * 365),
            )
            latest = permit_date - timedelta(days=30)  # born before the family's permit
            span = max((latest - earliest).days, 0)
            birth = min(earliest + timedelta(days=self.random.randint(0, span)), latest)
            people.append((self.random.choice([Sex.MALE, Sex.FEMALE]), birth))
        cases = []
        self.names_in_household: set[str] = set()
        for index, (sex, birth) in enumerate(people):
            cases.append(
                self.case(
                    origin,
                    family_name,
                    sex,
                    birth,
                    reception_date,
                    reception_type,
                    permit,
                    permit_date,
                    is_adult=index < adults,
                )
            )
        return cases

    def case(
        self,
        origin: Origin,
        family_name: str,
        sex: Sex,
        birth: date,
        reception_date: date,
        reception_type: ReceptionType,
        permit: PermitGround,
        permit_date: date,
        is_adult: bool,
    ) -> CaseData:
        if self.chance(0.01):
            sex = Sex.UNKNOWN
        names = [
            n
            for n in (origin.female if sex is Sex.FEMALE else origin.male)
            if n not in self.names_in_household
        ] or list(origin.male + origin.female)
        has_number = self.chance(0.85) or reception_date < self.as_of - timedelta(days=120)
        registered_sex = sex if sex is not Sex.UNKNOWN else Sex.FEMALE
        first_name = self.random.choice(names)
        self.names_in_household.add(first_name)
        person = Person(
            first_name=first_name,
            last_name=family_name,
            birth_date=birth,
            sex=sex,
            personal_identity_number=self.identity_number(birth, registered_sex)
            if has_number
            else None,
            dossier_number=self.dossier_number(),
            country_of_birth=origin.country,
            languages=tuple(
                self.random.sample(
                    origin.languages, k=1 if self.chance(0.7) else len(origin.languages)
                )
            ),
            interpreter_needed=is_adult and self.chance(0.7),
            protected_identity=self.chance(0.01),
            phone=f"07{self.random.randint(0, 9)}-{self.random.randint(100, 999)} "
            f"{self.random.randint(10, 99)} {self.random.randint(10, 99)}"
            if is_adult
            else None,
            email=None,
        )
        working_age = 18 <= age_on(birth, reception_date) <= 64
        programme_start = (
            reception_date + self.days(5, 45)
            if working_age
            and self.chance(0.85)
            and reception_date + timedelta(days=45) < self.as_of
            else None
        )
        reception = Reception(
            reception_date=reception_date,
            reception_type=reception_type,
            permit_ground=permit,
            residence_permit_date=permit_date,
            establishment_programme_start=programme_start,
        )
        elapsed = (self.as_of - reception_date).days
        sfi = self.sfi(reception_date, elapsed) if working_age else ()
        mapping = self.mapping(reception_date, elapsed) if working_age else None
        placements = self.placements(reception_date, elapsed) if working_age else ()
        closure = self.closure(reception_date, programme_start, elapsed) if working_age else None
        return CaseData(
            person=person,
            reception=reception,
            sfi=sfi,
            skills_mapping=mapping,
            placements=placements,
            housing=self.housing(reception_date, reception_type, elapsed),
            closure=closure,
            notes=self.notes(reception_date, elapsed) if is_adult else (),
        )

    def sfi(self, reception_date: date, elapsed: int) -> tuple[SfiEnrolment, ...]:
        if not self.chance(0.9):
            return ()
        start = reception_date + self.days(10, 40)
        if self.chance(0.5):  # half start late: waiting lists, illness, parental leave
            start += self.days(0, 90)
        if start > self.as_of:
            return ()
        path = self.random.choices(list(StudyPath), weights=[20, 45, 35])[0]
        enrolments = []
        for course in COURSES_ON_PATH[path]:
            length = self.days(90, 220)
            end = start + length
            if end > self.as_of:
                enrolments.append(
                    SfiEnrolment(
                        start, path, course, self.provider(), self.chance(0.15), self.chance(0.1)
                    )
                )
                break
            if self.chance(0.07):
                enrolments.append(
                    SfiEnrolment(
                        start,
                        path,
                        course,
                        self.provider(),
                        status=SfiStatus.INTERRUPTED,
                        end_date=end,
                    )
                )
                break
            grade = self.random.choices(list(SfiGrade), weights=[6, 12, 22, 22, 30, 8])[0]
            enrolments.append(
                SfiEnrolment(
                    start,
                    path,
                    course,
                    self.provider(),
                    status=SfiStatus.COMPLETED,
                    end_date=end,
                    grade=grade,
                )
            )
            if grade is SfiGrade.F or self.chance(0.25):
                break
            start = end + self.days(7, 40)
            if start > self.as_of:
                break
        return tuple(enrolments)

    def provider(self) -> str:
        return self.random.choice(PROVIDERS)

    def mapping(self, reception_date: date, elapsed: int) -> SkillsMapping | None:
        if elapsed < 14 or not self.chance(0.85):
            return None
        completed = reception_date + self.days(10, 120)
        level = self.random.choices(list(EducationLevel), weights=[16, 18, 10, 22, 9, 17, 2, 6])[0]
        years = {
            "pre_upper_secondary_short": (0, 8),
            "pre_upper_secondary": (9, 10),
            "upper_secondary_short": (10, 11),
            "upper_secondary": (12, 12),
            "post_secondary_short": (13, 14),
            "post_secondary": (15, 17),
            "doctoral": (19, 22),
            "unknown": (0, 12),
        }[level.value]
        return SkillsMapping(
            completed_date=completed if completed <= self.as_of else None,
            education_level=level,
            years_of_schooling=self.random.randint(*years),
            occupation_ssyk=self.random.choice(
                ("5321", "5120", "9111", "7112", "5223", "8332", "2221", "2341", "7231", None)
            ),
            work_experience_years=self.random.randint(0, 20),
            driving_licence=self.chance(0.3),
            validation_needed=self.chance(0.2),
            notes=None,
        )

    def placements(self, reception_date: date, elapsed: int) -> tuple[Placement, ...]:
        placements: list[Placement] = []
        start = reception_date + self.days(120, 400)
        while start <= self.as_of and self.chance(0.55 if not placements else 0.35):
            kind = self.random.choices(list(PlacementKind), weights=[45, 10, 12, 5, 6, 5, 15, 2])[0]
            sector = self.random.choices(list(Sector), weights=[38, 8, 4, 40, 10])[0]
            end = start + self.days(60, 365) if kind is not PlacementKind.EMPLOYMENT else None
            placements.append(
                Placement(
                    kind=kind,
                    sector=sector,
                    start_date=start,
                    employer=self.random.choice(EMPLOYERS[sector]),
                    municipal_department=self.random.choice(DEPARTMENTS)
                    if sector is Sector.MUNICIPAL
                    else None,
                    end_date=end,
                    hours_per_week=float(self.random.choice((20, 25, 30, 37.5, 40))),
                )
            )
            start = (end or start) + self.days(14, 120)
        return tuple(placements)

    def housing(
        self, reception_date: date, reception_type: ReceptionType, elapsed: int
    ) -> tuple[Housing, ...]:
        if reception_type is ReceptionType.SELF_SETTLED and self.chance(0.6):
            kind = HousingKind.SECOND_HAND if self.chance(0.6) else HousingKind.OWN
        elif reception_type in (ReceptionType.ASSIGNED, ReceptionType.QUOTA_REFUGEE):
            kind = HousingKind.TEMPORARY if self.chance(0.7) else HousingKind.FIRST_HAND
        else:
            kind = self.random.choice(list(HousingKind))
        moves = []
        move_in = reception_date
        for _ in range(3):
            temporary = kind in (HousingKind.TEMPORARY, HousingKind.EVACUATION)
            move_out = move_in + self.days(180, 730) if temporary else None
            district = self.random.choice(DISTRICTS)
            moves.append(
                Housing(
                    kind=kind,
                    move_in_date=move_in,
                    landlord=self.random.choice(LANDLORDS),
                    district=district,
                    address=f"{self.random.choice(STREETS)} {self.random.randint(1, 60)}",
                    move_out_date=move_out
                    if move_out and move_out <= self.as_of
                    else move_out
                    if move_out and self.chance(0.8)
                    else None,
                )
            )
            if move_out is None or move_out > self.as_of:
                break
            move_in = move_out
            kind = HousingKind.FIRST_HAND if self.chance(0.6) else HousingKind.SECOND_HAND
        return tuple(moves)

    def closure(
        self, reception_date: date, programme_start: date | None, elapsed: int
    ) -> Closure | None:
        end = add_months(programme_start or reception_date, 24) - self.days(0, 120)
        if end > self.as_of or self.chance(0.05):
            return None
        outcome = self.random.choices(list(Outcome), weights=[30, 14, 6, 28, 6, 5, 6, 3, 2])[0]
        return Closure(end, outcome)

    def notes(self, reception_date: date, elapsed: int) -> tuple[JournalNote, ...]:
        notes = []
        when = reception_date
        for text in NOTE_TEXTS[: self.random.randint(1, len(NOTE_TEXTS))]:
            if when > self.as_of:
                break
            notes.append(JournalNote(when, text, self.random.choice(OFFICERS)))
            when += self.days(20, 90)
        return tuple(notes)


def demo_cases(
    count: int, seed: int, as_of: date, used_numbers: frozenset[str] = frozenset()
) -> list[NewCase]:
    """`count` cases in households, received over the three years up to `as_of`; the same
    `seed` and `as_of` always give the same cases. No identity number of `used_numbers` recurs."""
    generator = _Generator(seed, as_of, set(used_numbers))
    cases: list[NewCase] = []
    household = 0
    while len(cases) < count:
        reception_date = as_of - generator.days(0, 3 * 365)
        members = generator.household(reception_date)[: count - len(cases)]
        household += 1
        key = f"demo-{household}" if len(members) > 1 else None
        cases += [NewCase(data, key) for data in members]
    return cases


def add_demo_cases(context: ServiceContext, count: int, seed: int, as_of: date) -> int:
    """Adds invented cases to the store (all or nothing); returns how many. An officer's
    invented cases are assigned to the officer."""
    require_any(context, Permission.CASES, Permission.ADMINISTER)
    officer = context.actor.name if context.actor.role is Role.OFFICER else None
    with context.store.writing() as session:
        used = frozenset(
            number
            for number in session.scalars(select(CaseRow.personal_identity_number))
            if number is not None
        )
        cases = demo_cases(count, seed, as_of, used)
        insert_cases(session, cases, context.clock.now(), assigned_officer=officer)
        audit.record(session, context, AuditAction.DEMO_DATA_ADDED, detail=str(len(cases)))
    return len(cases)
