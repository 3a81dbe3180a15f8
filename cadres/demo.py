"""Demo cadres for 丰源县: about 3,000 cadres and 60,000 front-line records at scale 1,
with outcomes and commendations in every state.

Cadres and records are bulk-created (data generator, STYLE §6) with their history rows;
outcomes and commendations go through the services, so their workflows hold. Four eyes:
what `county` writes `county2` reviews and decides, and the other way round.
"""

import datetime

from django.utils import timezone

from members.models import Member
from organizations.choices import OrganizationKind, Sector
from organizations.models import Organization

from .choices import (
    CADRE_MEASURES,
    CHECKPOINTS,
    TEAM_MEASURES,
    AppealResult,
    CheckpointSet,
    DecidingBody,
    Dimension,
    Management,
    Measure,
    NoticeMethod,
    OutcomeKind,
    Polarity,
    Source,
    StepKind,
)
from .models import Cadre, CadreCategory, Commendation, FrontlineRecord
from .services import (
    allowed_steps,
    commendation_confirm,
    commendation_nominate,
    commendation_start_notice,
    commendation_withdraw,
    deciding_body,
    default_categories_ensure,
    objection_record,
    objection_resolve,
    outcome_advance,
    outcome_propose,
)

TOWNSHIP_POSTS = [
    ("principal", ["党委书记", "镇长"], (2, 2)),
    ("team", ["党委副书记", "纪委书记", "组织委员", "宣传委员", "武装部长", "副镇长"], (6, 9)),
    ("deputy", ["分管卫生健康副镇长", "分管应急副镇长", "派出所所长", "卫生院院长"], (3, 5)),
    ("young", ["党政办副主任", "团委书记", "便民服务中心主任", "驻村第一书记"], (6, 10)),
]
ORGAN_POSTS = [
    ("principal", ["党组书记、局长"], (1, 1)),
    ("deputy", ["副局长"], (1, 3)),
    ("functional", ["科长", "股长", "中心主任", "大队长"], (10, 16)),
    ("young", ["副科长", "科员", "业务骨干"], (18, 28)),
]
DESCRIPTIONS = {
    Polarity.OUTSTANDING: [
        "连续多日吃住在卡口，靠前指挥、调度有力",
        "第一时间组织排查返乡人员，做到不漏一户",
        "主动请缨进入隔离点，妥善处置突发情况",
        "及时发布权威信息，有效稳定群众情绪",
    ],
    Polarity.GOOD: [
        "按要求落实防控措施，工作扎实",
        "组织党员干部入户宣传，群众反映较好",
        "值守期间认真履职，登记信息完整",
    ],
    Polarity.AVERAGE: [
        "防控措施基本落实，个别环节不够细致",
        "排查登记存在滞后，经督促后整改",
    ],
    Polarity.POOR: [
        "卡口值守时擅离岗位，造成管控空档",
        "对上级部署落实迟缓，排查底数不清",
        "面对群众诉求推诿扯皮，群众反映强烈",
    ],
}
POLARITY_WEIGHTS = [
    (Polarity.OUTSTANDING, 20),
    (Polarity.GOOD, 50),
    (Polarity.AVERAGE, 22),
    (Polarity.POOR, 8),
]


def _weighted(rng, pairs):
    return rng.choices([value for value, _ in pairs], weights=[weight for _, weight in pairs])[0]


def _bulk(model, rows, batch_size=2000):
    created = model.objects.bulk_create(rows, batch_size=batch_size)
    model.history.bulk_history_create(
        created, default_change_reason="演示数据", batch_size=batch_size
    )
    return created


def _categories():
    default_categories_ensure()
    by_set = {}
    for category in CadreCategory.objects.order_by("position"):
        by_set.setdefault(category.checkpoint_set, category)
    functional = CadreCategory.objects.filter(name="疫情防控职能部门负责人").first()
    return {
        "principal": by_set[CheckpointSet.PRINCIPAL],
        "team": by_set[CheckpointSet.TEAM],
        "deputy": CadreCategory.objects.get(name="分管领导"),
        "functional": functional or by_set[CheckpointSet.DEPUTY],
        "young": by_set[CheckpointSet.YOUNG],
    }


def build(county) -> None:
    rng, fake = county.rng, county.fake
    today = timezone.localdate()
    categories = _categories()
    cadres = []
    units = Organization.objects.filter(
        kind__in=[
            OrganizationKind.TOWNSHIP,
            OrganizationKind.STREET,
            OrganizationKind.INDUSTRIAL_PARK,
            OrganizationKind.COUNTY_ORGAN,
        ]
    ).order_by("path")
    for unit in units:
        posts = ORGAN_POSTS if unit.kind == OrganizationKind.COUNTY_ORGAN else TOWNSHIP_POSTS
        for key, titles, (low, high) in posts:
            for _ in range(rng.randint(low, high)):
                cadres.append(
                    Cadre(
                        name=fake.name(),
                        organization=unit,
                        township_id=unit.township_id,
                        post_title=rng.choice(titles),
                        category=categories[key],
                        phone="139" + f"{rng.randrange(10**8):08d}",
                        birth_year=rng.randint(1995, 1999)
                        if key == "young"
                        else rng.randint(1965, 1988),
                        # A township's young cadres are the township committee's (乡管).
                        management=Management.TOWNSHIP
                        if key == "young" and unit.kind != OrganizationKind.COUNTY_ORGAN
                        else Management.COUNTY,
                    )
                )
    cadres = _bulk(Cadre, cadres)
    staff, colleague = county.users["county"], county.users["county2"]
    secretaries = {
        user.organization_id: user
        for user in county.users.values()
        if user.role == "township_secretary"
    }
    records = []
    for cadre in cadres:
        checkpoint_set = cadre.category.checkpoint_set
        for _ in range(rng.randint(14, 26)):
            records.append(
                _record(
                    rng,
                    today,
                    (staff, colleague),
                    secretaries,
                    cadre.township_id,
                    checkpoint_set,
                    cadre=cadre,
                )
            )
    for township in county.townships:
        for _ in range(rng.randint(30, 50)):
            records.append(
                _record(
                    rng,
                    today,
                    (staff, colleague),
                    secretaries,
                    township.pk,
                    CheckpointSet.TEAM,
                    team=township,
                )
            )
    records = _bulk(FrontlineRecord, records, batch_size=5000)
    _outcomes(rng, (staff, colleague), cadres, county.townships, secretaries)
    _commendations(rng, today, (staff, colleague), cadres, county.townships)


def _record(rng, today, county, secretaries, township_id, checkpoint_set, cadre=None, team=None):
    """A record by a township (some still awaiting review) or by county staff, each
    reviewed by someone other than its author."""
    staff, colleague = county
    polarity = _weighted(rng, POLARITY_WEIGHTS)
    proposer = secretaries.get(township_id)
    by_township = proposer is not None and rng.random() < 0.2
    recorder = proposer if by_township else rng.choice(county)
    reviewer = colleague if recorder == staff else staff
    reviewed = rng.random() < (0.6 if by_township else 0.95)
    dimensions = sorted(
        rng.sample(Dimension.values, k=rng.randint(1, 3)), key=Dimension.values.index
    )
    return FrontlineRecord(
        cadre=cadre,
        team=team,
        township_id=township_id,
        occurred_on=today - datetime.timedelta(days=rng.randint(0, 300)),
        place=rng.choice(["高速路口卡口", "村委会", "集中隔离点", "社区服务中心", "农贸市场"]),
        description=rng.choice(DESCRIPTIONS[polarity]),
        polarity=polarity,
        dimensions=",".join(dimensions),
        checkpoint=rng.choice(CHECKPOINTS[CheckpointSet(checkpoint_set)]),
        source=rng.choice(Source.values),
        recorded_by=recorder,
        reviewed_by=reviewer if reviewed else None,
        reviewed_at=timezone.now() if reviewed else None,
    )


STATE_PATHS = [
    [],
    [StepKind.REVIEWED],
    [StepKind.REVIEWED, StepKind.DECIDED],
    [StepKind.WITHDRAWN],
    [StepKind.REVIEWED, StepKind.DECIDED, StepKind.NOTIFIED, StepKind.FILED],
]


def _step_fields(outcome, state, number: int) -> dict:
    """What each step carries, as a county office would write it."""
    if state == StepKind.DECIDED:
        meeting, prefix = {
            DecidingBody.COUNTY_COMMITTEE: ("县委常委会", "县委干"),
            DecidingBody.TOWNSHIP_COMMITTEE: ("乡镇党委会议", "镇党发"),
            DecidingBody.DEPARTMENT: ("", "县组干"),
            DecidingBody.DISCIPLINE_COMMISSION: ("", "县纪发"),
        }[deciding_body(outcome)]
        return {
            "reason": "经研究决定",
            "meeting": f"{meeting} 2026 年第 {number % 20 + 1} 次会议" if meeting else "",
            "document_number": f"{prefix}〔2026〕{number + 1} 号",
        }
    if state == StepKind.TRANSFERRED:
        return {"reason": "涉嫌违纪，移送处理", "document_number": f"县组移〔2026〕{number + 1} 号"}
    if state == StepKind.NOTIFIED:
        return {"method": NoticeMethod.DELIVERED}
    if state == StepKind.FILED:
        return {"reason": "已归档", "document_number": f"县组备〔2026〕{number + 1} 号"}
    if state == StepKind.APPEALED:
        return {"reason": "本人认为情节认定有误，提出书面申诉"}
    if state == StepKind.APPEAL_DECIDED:
        return {
            "reason": "经复查，原认定事实不清，撤销原决定",
            "result": AppealResult.REVOKED,
            "document_number": f"县组申〔2026〕{number + 1} 号",
        }
    if state == StepKind.WITHDRAWN:
        return {"reason": "情况已核实，撤回"}
    return {"reason": "经县委组织部研究"}


def _advance(outcome, county, path, number: int):
    """The proposer (`county`) withdraws; the colleague reviews and decides (four eyes). A
    纪律处分 goes to the 纪委监委 before it is decided."""
    staff, colleague = county
    for state in path:
        if state == StepKind.DECIDED and StepKind.TRANSFERRED in allowed_steps(outcome):
            outcome = outcome_advance(
                outcome=outcome,
                user=colleague,
                state=StepKind.TRANSFERRED,
                **_step_fields(outcome, StepKind.TRANSFERRED, number),
            )
        outcome = outcome_advance(
            outcome=outcome,
            user=staff if state == StepKind.WITHDRAWN else colleague,
            state=state,
            **_step_fields(outcome, state, number),
        )


def _measures(rng) -> list[str]:
    """One measure, or now and then 通报 with another (问责条例第八条: 可以合并使用)."""
    first = rng.choice(CADRE_MEASURES)
    if first != Measure.CIRCULAR and rng.random() < 0.25:
        return [Measure.CIRCULAR, first]
    return [first]


def _outcomes(rng, county, cadres, townships, secretaries):
    staff = county[0]
    by_polarity = {}
    for record in FrontlineRecord.objects.filter(
        cadre__isnull=False,
        reviewed_at__isnull=False,
        polarity__in=[Polarity.POOR, Polarity.OUTSTANDING],
    ).order_by("pk")[:20000]:
        by_polarity.setdefault((record.polarity, record.cadre_id), []).append(record)
    poor = [key for key in by_polarity if key[0] == Polarity.POOR]
    good = [key for key in by_polarity if key[0] == Polarity.OUTSTANDING]
    # The county proposes for the cadres it manages (管理权限).
    cadres_by_pk = {cadre.pk: cadre for cadre in cadres if cadre.management == Management.COUNTY}
    poor = [key for key in poor if key[1] in cadres_by_pk]
    good = [key for key in good if key[1] in cadres_by_pk]
    plans = (
        [(key, OutcomeKind.ACCOUNTABILITY) for key in rng.sample(poor, k=min(40, len(poor)))]
        + [(key, OutcomeKind.ADJUST) for key in rng.sample(poor, k=min(12, len(poor)))]
        + [(key, OutcomeKind.RECOMMEND) for key in rng.sample(good, k=min(36, len(good)))]
    )
    for index, (key, kind) in enumerate(plans):
        outcome = outcome_propose(
            user=staff,
            subject=cadres_by_pk[key[1]],
            kind=kind,
            measures=_measures(rng) if kind == OutcomeKind.ACCOUNTABILITY else [],
            reason="根据一线表现记录提出",
            records=by_polarity[key][:3],
        )
        _advance(outcome, county, STATE_PATHS[index % len(STATE_PATHS)], index)
    for index, township in enumerate(townships[:8]):
        records = list(FrontlineRecord.objects.filter(team=township, reviewed_at__isnull=False)[:2])
        if records:
            outcome = outcome_propose(
                user=staff,
                subject=township,
                kind=OutcomeKind.ACCOUNTABILITY,
                measures=[rng.choice(TEAM_MEASURES)],
                reason="领导班子防控责任落实不到位",
                records=records,
            )
            _advance(outcome, county, STATE_PATHS[index % len(STATE_PATHS)], 100 + index)
    _rarer_outcomes(county, cadres, by_polarity, poor, secretaries)


def _rarer_outcomes(county, cadres, by_polarity, poor, secretaries):
    """Once each: a 纪律处分 waiting at the 纪委监委, a decision revoked on appeal, and a 乡管
    cadre's accountability proposed by the township (管理权限) and decided by its committee."""
    staff, colleague = county
    cadres_by_pk = {cadre.pk: cadre for cadre in cadres}
    for number, (key, measures, path) in enumerate(
        [
            (poor[0], [Measure.CIRCULAR, Measure.DISCIPLINARY], [StepKind.REVIEWED]),
            (
                poor[1],
                [Measure.ADMONITION],
                [
                    StepKind.REVIEWED,
                    StepKind.DECIDED,
                    StepKind.NOTIFIED,
                    StepKind.APPEALED,
                    StepKind.APPEAL_DECIDED,
                ],
            ),
        ],
        start=200,
    ):
        outcome = outcome_propose(
            user=staff,
            subject=cadres_by_pk[key[1]],
            kind=OutcomeKind.ACCOUNTABILITY,
            measures=measures,
            reason="根据一线表现记录提出",
            records=by_polarity[key][:3],
        )
        _advance(outcome, county, path, number)
        if measures[-1] == Measure.DISCIPLINARY:
            outcome_advance(
                outcome=outcome,
                user=colleague,
                state=StepKind.TRANSFERRED,
                **_step_fields(outcome, StepKind.TRANSFERRED, number),
            )
    township_managed = (
        FrontlineRecord.objects.filter(
            cadre__management=Management.TOWNSHIP,
            reviewed_at__isnull=False,
            polarity=Polarity.POOR,
        )
        .select_related("cadre")
        .order_by("pk")
        .first()
    )
    if township_managed is not None:
        cadre = township_managed.cadre
        outcome = outcome_propose(
            user=secretaries[cadre.township_id],
            subject=cadre,
            kind=OutcomeKind.ACCOUNTABILITY,
            measures=[Measure.ADMONITION],
            reason="卡口值守期间脱岗",
            records=[township_managed],
        )
        _advance(outcome, county, [StepKind.REVIEWED, StepKind.DECIDED], 300)


def _notice_passed(commendation, today, weeks_ago: int):
    """A data generator's shortcut: the 公示 began today (as the service requires) and is
    moved back as if it had run `weeks_ago` weeks ago, for a week."""
    day = datetime.timedelta(days=1)
    Commendation.objects.filter(pk=commendation.pk).update(
        notice_starts_on=today - 7 * weeks_ago * day,
        notice_ends_on=today - (7 * weeks_ago - 6) * day,
    )
    commendation.refresh_from_db()


def _commendations(rng, today, county, cadres, townships):
    staff, colleague = county
    day = datetime.timedelta(days=1)
    nominees = []
    for cadre in rng.sample(cadres, k=min(24, len(cadres))):
        records = list(
            FrontlineRecord.objects.filter(
                cadre=cadre, polarity=Polarity.OUTSTANDING, reviewed_at__isnull=False
            )[:2]
        )
        if records:
            nominees.append((cadre, "疫情防控先进个人", records))
    villages = Organization.objects.filter(
        kind=OrganizationKind.BRANCH, sector__in=[Sector.RURAL, Sector.URBAN_COMMUNITY]
    )
    for village in rng.sample(list(villages[:400]), k=min(16, villages.count())):
        nominees.append((village, "疫情防控先进基层党组织", []))
    for member in Member.objects.order_by("pk")[:4000:250]:
        nominees.append((member, "疫情防控优秀共产党员", []))
    for index, (nominee, title, records) in enumerate(nominees):
        commendation = commendation_nominate(
            user=staff,
            nominee=nominee,
            title=title,
            citation="在疫情防控一线表现突出",
            records=records,
        )
        stage = index % 4
        if stage in (1, 2) or index % 8 == 7:
            commendation_start_notice(
                commendation=commendation, user=staff, starts_on=today, ends_on=today + 6 * day
            )
        if stage == 1 and index % 8 == 5:
            # In notice, with an objection the county has yet to look into.
            objection_record(
                commendation=commendation,
                user=colleague,
                raised_by="匿名来信",
                raised_on=today,
                content="反映其值守期间曾擅离岗位",
            )
        elif stage == 2:
            _notice_passed(commendation, today, weeks_ago=2)
            if index % 8 == 6:
                objection = objection_record(
                    commendation=commendation,
                    user=colleague,
                    raised_by="村民",
                    raised_on=commendation.notice_starts_on + day,
                    content="反映事迹材料有夸大",
                )
                objection_resolve(
                    objection=objection,
                    user=colleague,
                    upheld=False,
                    resolution="经核实，事迹属实，异议不成立",
                    resolved_on=commendation.notice_ends_on,
                )
            commendation_confirm(
                commendation=commendation, user=colleague, note="公示期满，确认表彰"
            )
        elif stage == 3 and index % 8 == 3:
            commendation_withdraw(
                commendation=commendation, user=staff, note="公示期间收到反映，撤回"
            )
        elif index % 8 == 7:
            objection = objection_record(
                commendation=commendation,
                user=colleague,
                raised_by="单位职工",
                raised_on=today,
                content="反映其防控期间存在违规行为",
            )
            objection_resolve(
                objection=objection,
                user=colleague,
                upheld=True,
                resolution="经核实，反映问题属实，撤回提名",
            )
