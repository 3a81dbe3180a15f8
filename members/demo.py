"""Demo members for 丰源县: about 30,000 at scale 1, with posts, 报到, activists, care.

Members and posts are bulk-created (data generator, STYLE §6) with their history rows;
报到 confirmations, the activist pipeline, discipline and care go through the services,
so every rule holds in the demo as it does in use.
"""

import datetime

from django.utils import timezone

from organizations.choices import OrganizationKind, Sector
from organizations.models import Organization
from organizations.personal import build_id_number

from .choices import (
    STAGE_ORDER,
    DisciplineDecision,
    DisciplineKind,
    DisciplineReason,
    Education,
    MemberCategory,
    MemberStatus,
    PostKind,
    RegistrationRole,
    Stage,
    StepKind,
)
from .models import Member, Post, PostAssignment, Registration
from .services import (
    activist_advance,
    activist_create,
    care_record,
    care_resolve,
    development_step_record,
    discipline_record,
)
from .services.rules import _add_years

REGION = "410788"
MEMBERS_PER_BRANCH = {
    Sector.RURAL: (16, 34),
    Sector.URBAN_COMMUNITY: (20, 45),
    Sector.ORGAN: (10, 30),
}
DEFAULT_MEMBERS_PER_BRANCH = (8, 25)
EDUCATION_WEIGHTS = [
    (Education.POSTGRADUATE, 3),
    (Education.BACHELOR, 20),
    (Education.COLLEGE, 22),
    (Education.SECONDARY_VOCATIONAL, 10),
    (Education.HIGH_SCHOOL, 20),
    (Education.JUNIOR_OR_BELOW, 25),
]
POST_DUTIES = {
    PostKind.VANGUARD: "卡口值守、体温检测、车辆人员登记",
    PostKind.MODEL: "带头落实防控措施，带头不聚会、不聚餐、不串门，带头不信谣、不传谣",
    PostKind.ZONE: "包片入户排查、政策宣传、居家隔离人员生活保障",
}
PERFORMANCES = [
    "连续值守卡口二十余天，主动承担夜班",
    "组织志愿者为隔离户代购生活物资",
    "挨家挨户排查返乡人员，登记准确无遗漏",
    "主动捐款捐物，带动群众支持防控",
    "冒雨搭建检查站帐篷，带头坚守",
]
FRONT_LINE_EXCEPTION = "疫情防控一线表现突出，党支部研究决定、乡镇党委批准缩短培养期"


class _Ids:
    """Unique, well-formed ID numbers: one birth date never holds more than 500 people."""

    def __init__(self):
        self.used = set()

    def make(self, rng, birth: datetime.date, male: bool) -> str:
        while True:
            sequence = rng.randrange(500) * 2 + (1 if male else 0)
            number = build_id_number(REGION, birth, sequence)
            if number not in self.used:
                self.used.add(number)
                return number


def _weighted(rng, pairs):
    return rng.choices([value for value, _ in pairs], weights=[weight for _, weight in pairs])[0]


def _member(rng, fake, ids, organization, county_organ: bool, today) -> Member:
    birth = datetime.date(rng.randint(1945, 2000), rng.randint(1, 12), rng.randint(1, 28))
    male = rng.random() < 0.68
    joined = birth + datetime.timedelta(days=365 * rng.randint(19, 45) + rng.randint(0, 300))
    joined = min(joined, today - datetime.timedelta(days=rng.randint(30, 400)))
    probationary = (today - joined).days < 365 and rng.random() < 0.8
    full_member_on = None if probationary else joined + datetime.timedelta(days=366)
    if full_member_on and full_member_on > today:
        full_member_on = None
    if county_organ:
        category = MemberCategory.COUNTY_ORGAN
    else:
        category = _weighted(
            rng,
            [
                (MemberCategory.EMPLOYED, 70),
                (MemberCategory.RETIRED, 24),
                (MemberCategory.MOBILE, 6),
            ],
        )
    return Member(
        name=fake.last_name() + (fake.first_name_male() if male else fake.first_name_female()),
        id_number=ids.make(rng, birth, male),
        gender="male" if male else "female",
        birth_date=birth,
        ethnicity="汉族" if rng.random() < 0.97 else rng.choice(["回族", "满族", "蒙古族", "壮族"]),
        education=_weighted(rng, EDUCATION_WEIGHTS),
        phone=(rng.choice(["139", "138", "186", "150", "177"]) + f"{rng.randrange(10**8):08d}")
        if rng.random() < 0.92
        else "",
        joined_on=joined,
        full_member_on=full_member_on,
        status=MemberStatus.FULL if full_member_on else MemberStatus.PROBATIONARY,
        organization=organization,
        township_id=organization.township_id,
        category=category,
    )


def _bulk(model, rows, batch_size=2000, user=None):
    created = model.objects.bulk_create(rows, batch_size=batch_size)
    model.history.bulk_history_create(
        created, default_change_reason="演示数据", batch_size=batch_size, default_user=user
    )
    return created


def build(county) -> None:
    rng, fake = county.rng, county.fake
    today = timezone.localdate()
    ids = _Ids()
    branches = list(Organization.objects.filter(kind=OrganizationKind.BRANCH).order_by("path"))
    organ_paths = set(
        Organization.objects.filter(kind=OrganizationKind.COUNTY_ORGAN).values_list(
            "path", flat=True
        )
    )
    members = []
    for branch in branches:
        county_organ = branch.path[:8] in organ_paths
        low, high = MEMBERS_PER_BRANCH.get(branch.sector, DEFAULT_MEMBERS_PER_BRANCH)
        members += [
            _member(rng, fake, ids, branch, county_organ, today)
            for _ in range(rng.randint(low, high))
        ]
    members = _bulk(Member, members)
    by_branch = {}
    for member in members:
        by_branch.setdefault(member.organization_id, []).append(member)

    _posts(rng, today, by_branch)
    organ_members = [m for m in members if m.category == MemberCategory.COUNTY_ORGAN]
    _registrations(rng, county, today, organ_members)
    for number, township in enumerate(county.townships, start=1):
        secretary = county.users[f"town{number:02d}"]
        villages = [b for b in branches if b.township_id == township.pk and b.pk in by_branch]
        _activists(rng, fake, ids, today, secretary, villages, by_branch)
        _follow_up(rng, today, secretary, villages, by_branch)


def _posts(rng, today, by_branch) -> None:
    places = Organization.objects.filter(
        pk__in=list(by_branch), sector__in=[Sector.RURAL, Sector.URBAN_COMMUNITY]
    )
    posts = []
    for place in places:
        kinds = [PostKind.ZONE]
        kinds += [PostKind.VANGUARD] if rng.random() < 0.6 else []
        kinds += [PostKind.MODEL] if rng.random() < 0.35 else []
        for kind in kinds:
            starts = today - datetime.timedelta(days=rng.randint(10, 120))
            label = {
                PostKind.ZONE: "党员责任区",
                PostKind.VANGUARD: "党员先锋岗",
                PostKind.MODEL: "党员示范岗",
            }[kind]
            posts.append(
                Post(
                    organization=place,
                    township_id=place.township_id,
                    kind=kind,
                    name=f"{place.name.removesuffix('党支部')}{label}",
                    place=place.name.removesuffix("党支部")
                    + rng.choice(["村口", "一组", "党群服务中心", "主街"]),
                    duty=POST_DUTIES[kind],
                    households_covered=rng.randint(40, 300) if kind == PostKind.ZONE else 0,
                    starts_on=starts,
                    ends_on=None if rng.random() < 0.7 else starts + datetime.timedelta(days=180),
                )
            )
    posts = _bulk(Post, posts)
    assignments = []
    for post in posts:
        crew = rng.sample(
            by_branch[post.organization_id],
            k=min(len(by_branch[post.organization_id]), rng.randint(2, 6)),
        )
        assignments += [
            PostAssignment(post=post, member=member, starts_on=post.starts_on, ends_on=post.ends_on)
            for member in crew
        ]
    _bulk(PostAssignment, assignments)


def _registrations(rng, county, today, organ_members) -> None:
    """A fifth of the county-organ members registered in a village or community, seven in
    ten confirmed by its township: written in bulk, as `registration_create` and
    `registration_confirm` would leave them (the rules those enforce hold by construction:
    one registration each, working receiving branches of a township)."""
    receiving = list(
        Organization.objects.filter(
            kind=OrganizationKind.BRANCH,
            sector__in=[Sector.RURAL, Sector.URBAN_COMMUNITY],
            township__isnull=False,
        ).select_related("township")
    )
    secretaries = {
        user.organization_id: user
        for user in county.users.values()
        if user.role == "township_secretary"
    }
    staff = county.users["county"]
    now = timezone.now()
    registrations = []
    for member in rng.sample(organ_members, k=len(organ_members) // 5):
        place = rng.choice(receiving)
        registration = Registration(
            member=member,
            organization=place,
            township_id=place.township_id,
            role=rng.choice(list(RegistrationRole)),
            starts_on=today - datetime.timedelta(days=rng.randint(0, 60)),
            created_by=staff,
        )
        if rng.random() < 0.7:
            registration.confirmed_at = now
            registration.confirmed_by = secretaries[place.township_id]
        registrations.append(registration)
    _bulk(Registration, registrations, user=staff)


def _activists(rng, fake, ids, today, secretary, villages, by_branch) -> None:
    """Eight people per township at every stage, each walked through the real procedure on
    legal dates: a year's training (or a shortening the township approved), the 发展对象
    steps in order, the approval within three months, a year's probation before 转正."""
    township = secretary.organization
    villages = [
        village
        for village in villages
        if sum(m.status == MemberStatus.FULL for m in by_branch[village.pk]) >= 2
    ]
    for index in range(8):
        target = STAGE_ORDER[index % len(STAGE_ORDER)]
        branch = rng.choice(villages)
        male = rng.random() < 0.6
        birth = datetime.date(rng.randint(1975, 2002), rng.randint(1, 12), rng.randint(1, 28))
        day = today - datetime.timedelta(days=rng.randint(880, 950))
        activist = activist_create(
            user=secretary,
            name=fake.last_name() + (fake.first_name_male() if male else fake.first_name_female()),
            id_number=ids.make(rng, birth, male),
            education=_weighted(rng, EDUCATION_WEIGHTS),
            phone="137" + f"{rng.randrange(10**8):08d}",
            organization=branch,
            applied_on=day,
            performance=rng.choice(PERFORMANCES),
        )
        introducers = rng.sample(
            [m for m in by_branch[branch.pk] if m.status == MemberStatus.FULL], k=2
        )
        _walk(rng, activist, secretary, township, target, day, introducers)


def _walk(rng, activist, user, township, target, day, introducers) -> None:
    def later(days):
        nonlocal day
        day = day + datetime.timedelta(days=days)
        return day

    def stage(stage, days):
        activist_advance(
            activist=activist,
            user=user,
            stage=stage,
            happened_on=later(days),
            performance=rng.choice(PERFORMANCES),
        )

    def step(kind, days, **fields):
        development_step_record(
            activist=activist, user=user, kind=kind, happened_on=later(days), **fields
        )

    document = f"{township.name.removeprefix('中共')[:4]}党发〔{day.year}〕{rng.randint(1, 99)}号"
    if target == Stage.APPLICANT:
        return
    stage(Stage.ACTIVIST, 30)
    if target == Stage.ACTIVIST:
        return
    fast = rng.random() < 0.25
    if fast:
        step(
            StepKind.SHORTENING,
            100,
            branch_decided_on=day + datetime.timedelta(days=95),
            organization=township,
            document_number=document,
            note=FRONT_LINE_EXCEPTION,
        )
    stage(Stage.CANDIDATE, 10 if fast else 370)
    step(StepKind.INTRODUCERS, 5, introducer_one=introducers[0], introducer_two=introducers[1])
    if target == Stage.CANDIDATE:
        return
    step(StepKind.POLITICAL_REVIEW, 10, note="政治审查合格")
    step(StepKind.TRAINING, 7, training_days=3, training_hours=24)
    step(StepKind.PUBLIC_NOTICE, 3, ends_on=day + datetime.timedelta(days=12))
    step(StepKind.PRE_REVIEW, 15, organization=township)
    step(StepKind.BRANCH_MEETING, 5, voters_entitled=20, votes_for=rng.randint(15, 20))
    meeting = day
    step(StepKind.APPROVAL, 20, organization=township, document_number=document)
    step(StepKind.OATH, 3)
    if target == Stage.PROBATIONARY:
        return
    stage(Stage.FULL, (_add_years(meeting, 1) - day).days + 1)


def _follow_up(rng, today, secretary, villages, by_branch) -> None:
    for village in rng.sample(villages, k=min(2, len(villages))):
        member = rng.choice(by_branch[village.pk])
        reason = rng.choice(list(DisciplineReason))
        decision = rng.choice([DisciplineDecision.CRITICISM, DisciplineDecision.RECTIFICATION])
        if member.status == MemberStatus.PROBATIONARY:
            decision = DisciplineDecision.CRITICISM  # a probationary member's measures differ
        discipline_record(
            user=secretary,
            member=member,
            deciding_organization=village,
            kind=DisciplineKind.HANDLING,
            reason=reason,
            facts="防控期间未按要求到岗值守，经教育后认识到错误",
            decision=decision,
            decided_on=today - datetime.timedelta(days=rng.randint(1, 40)),
        )
    # A 留党察看 proposed by a village and waiting for the township committee's approval:
    # the approval is recorded by someone other than the proposer (the county, in the demo).
    village = villages[0]
    full = [m for m in by_branch[village.pk] if m.status == MemberStatus.FULL]
    if full:
        discipline_record(
            user=secretary,
            member=full[0],
            deciding_organization=village,
            kind=DisciplineKind.SANCTION,
            reason=DisciplineReason.DISOBEYED,
            facts="防控期间拒不执行卡口值守安排，擅自离岗，造成不良影响",
            decision=DisciplineDecision.PROBATION,
            probation_years=1,
            decided_on=today - datetime.timedelta(days=5),
        )
    for village in rng.sample(villages, k=min(6, len(villages))):
        reported = today - datetime.timedelta(days=rng.randint(1, 30))
        care = care_record(
            user=secretary,
            organization=village,
            member=rng.choice(by_branch[village.pk]),
            difficulty=rng.choice(
                [
                    "家中老人无人照料",
                    "孩子居家上网课无人看护",
                    "连续值守突发疾病",
                    "家庭收入受疫情影响",
                ]
            ),
            reported_on=reported,
        )
        if rng.random() < 0.5:
            care_resolve(
                care=care,
                user=secretary,
                action="党支部安排志愿者上门帮扶",
                resolved_on=min(today, reported + datetime.timedelta(days=3)),
            )
