"""Vocabulary of front-line evaluation (notice §2) and its outcomes (§5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckpointSet(models.TextChoices):
    """Which §2 checkpoints a subject is judged on."""

    TEAM = "team", _("乡镇（街道）领导班子")
    PRINCIPAL = "principal", _("党政主要负责同志")
    DEPUTY = "deputy", _("分管领导和疫情防控职能部门")
    YOUNG = "young", _("优秀年轻干部")


class Checkpoint(models.TextChoices):
    TOP_PRIORITY = "top_priority", _("把疫情防控作为最重要工作来抓")
    PEOPLE_AT_HEART = "people_at_heart", _("把群众安危放在心里")
    RESPONSIBILITY = "responsibility", _("把防控责任扛在肩上")
    OPINION = "opinion", _("舆论引导和舆情应对")
    CALM = "calm", _("稳定群众情绪")
    AT_POST = "at_post", _("坚守岗位")
    IN_FRONT = "in_front", _("靠前指挥")
    SPEAKS_UP = "speaks_up", _("及时发声指导")
    KNOWS = "knows", _("及时掌握疫情")
    ACTS = "acts", _("及时采取行动")
    DUTY_HELD = "duty_held", _("守土有责")
    DUTY_BORNE = "duty_borne", _("守土担责")
    DUTY_DONE = "duty_done", _("守土尽责")
    MONITORING = "monitoring", _("监测")
    SCREENING = "screening", _("排查")
    WARNING = "warning", _("预警")
    PREVENTION = "prevention", _("防控")
    STEPS_FORWARD = "steps_forward", _("挺身而出")
    MEETS_HARDSHIP = "meets_hardship", _("迎难而上")
    SHOULDERS = "shoulders", _("勇挑重担")
    SOLID_WORK = "solid_work", _("扎实工作")


C = Checkpoint
CHECKPOINTS = {
    CheckpointSet.TEAM: [C.TOP_PRIORITY, C.PEOPLE_AT_HEART, C.RESPONSIBILITY, C.OPINION, C.CALM],
    CheckpointSet.PRINCIPAL: [C.AT_POST, C.IN_FRONT, C.SPEAKS_UP, C.KNOWS, C.ACTS],
    CheckpointSet.DEPUTY: [
        C.DUTY_HELD,
        C.DUTY_BORNE,
        C.DUTY_DONE,
        C.MONITORING,
        C.SCREENING,
        C.WARNING,
        C.PREVENTION,
    ],
    CheckpointSet.YOUNG: [C.STEPS_FORWARD, C.MEETS_HARDSHIP, C.SHOULDERS, C.SOLID_WORK],
}


class Dimension(models.TextChoices):
    POLITICAL = "political", _("政治素质")
    PURPOSE = "purpose", _("宗旨意识")
    OVERALL = "overall", _("全局观念")
    CONTROL = "control", _("驾驭能力")
    COMMITMENT = "commitment", _("担当精神")


class Polarity(models.TextChoices):
    OUTSTANDING = "outstanding", _("突出")
    GOOD = "good", _("良好")
    AVERAGE = "average", _("一般")
    POOR = "poor", _("较差")


class Source(models.TextChoices):
    SITE_VISIT = "site_visit", _("实地考察")
    PUBLIC = "public", _("群众反映")
    INSPECTION = "inspection", _("督查")
    UNIT = "unit", _("单位推荐")


class OutcomeKind(models.TextChoices):
    RECOMMEND = "recommend", _("推荐")
    ADJUST = "adjust", _("调整")
    ACCOUNTABILITY = "accountability", _("问责")


class Measure(models.TextChoices):
    INSPECTION = "inspection", _("检查")
    CIRCULAR = "circular", _("通报")
    REORGANIZE = "reorganize", _("改组")
    ADMONITION = "admonition", _("诫勉")
    SUSPENSION = "suspension", _("停职检查")
    REASSIGNMENT = "reassignment", _("调整职务")
    ORDERED_RESIGNATION = "ordered_resignation", _("责令辞职")
    DISMISSAL = "dismissal", _("免职")
    DEMOTION = "demotion", _("降职")
    DISCIPLINARY = "disciplinary", _("纪律处分")


# Accountability measures (《中国共产党问责条例》第八条): on a party organization 检查, 通报,
# 改组; on a leading cadre 通报, 诫勉, 组织调整或者组织处理, 纪律处分. They may be used alone or
# combined (单独使用，也可以依据规定合并使用).
TEAM_MEASURES = [Measure.INSPECTION, Measure.CIRCULAR, Measure.REORGANIZE]
CADRE_MEASURES = [
    Measure.CIRCULAR,
    Measure.ADMONITION,
    Measure.SUSPENSION,
    Measure.REASSIGNMENT,
    Measure.ORDERED_RESIGNATION,
    Measure.DISMISSAL,
    Measure.DEMOTION,
    Measure.DISCIPLINARY,
]
# What a party working department (the organization department) decides itself for the
# cadres it manages: 通报 and 诫勉. 组织调整或者组织处理 it only proposes, and the committee that
# manages the cadre decides; a 纪律处分 goes to the 纪委监委 by the rules of discipline.
DEPARTMENT_MEASURES = frozenset({Measure.CIRCULAR, Measure.ADMONITION})
ORGANIZATIONAL_MEASURES = frozenset(
    {
        Measure.SUSPENSION,
        Measure.REASSIGNMENT,
        Measure.ORDERED_RESIGNATION,
        Measure.DISMISSAL,
        Measure.DEMOTION,
    }
)


class Management(models.TextChoices):
    """干部管理权限: which party committee manages the cadre, and so who may propose and
    decide what follows from the cadre's front-line record (notice §5 "按照管理权限")."""

    COUNTY = "county", _("县管干部（县委管理）")
    TOWNSHIP = "township", _("乡管干部（乡镇（街道）党（工）委管理）")
    HIGHER = "higher", _("上级管理（市管及以上）")


class DecidingBody(models.TextChoices):
    DEPARTMENT = "department", _("县委组织部")
    COUNTY_COMMITTEE = "county_committee", _("县委")
    TOWNSHIP_COMMITTEE = "township_committee", _("乡镇（街道）党（工）委")
    DISCIPLINE_COMMISSION = "discipline_commission", _("县纪委监委")


class OutcomeState(models.TextChoices):
    PROPOSED = "proposed", _("提议")
    REVIEWED = "reviewed", _("审核")
    TRANSFERRED = "transferred", _("移送纪委监委")
    DECIDED = "decided", _("决定")
    WITHDRAWN = "withdrawn", _("撤回")
    REVOKED = "revoked", _("申诉后撤销或变更")


class StepKind(models.TextChoices):
    """Every dated step on an outcome's file: the decision's and what follows it."""

    PROPOSED = "proposed", _("提议")
    REVIEWED = "reviewed", _("审核")
    TRANSFERRED = "transferred", _("移送纪委监委")
    DECIDED = "decided", _("决定")
    WITHDRAWN = "withdrawn", _("撤回")
    NOTIFIED = "notified", _("宣布告知")
    APPEALED = "appealed", _("提出申诉")
    APPEAL_DECIDED = "appeal_decided", _("申诉处理")
    FILED = "filed", _("归档备案")


class NoticeMethod(models.TextChoices):
    IN_PERSON = "in_person", _("当面宣布")
    DELIVERED = "delivered", _("送达决定书")
    MEETING = "meeting", _("在会议上宣布")


class AppealResult(models.TextChoices):
    UPHELD = "upheld", _("维持原决定")
    CHANGED = "changed", _("变更原决定")
    REVOKED = "revoked", _("撤销原决定")


class CommendationKind(models.TextChoices):
    COLLECTIVE = "collective", _("先进集体")
    INDIVIDUAL = "individual", _("先进个人")


class CommendationState(models.TextChoices):
    NOMINATED = "nominated", _("提名")
    IN_NOTICE = "in_notice", _("公示中")
    CONFIRMED = "confirmed", _("确认表彰")
    WITHDRAWN = "withdrawn", _("撤回")


# The editable category list starts with the five groups of notice §2.
DEFAULT_CATEGORIES = [
    ("乡镇（街道）领导班子成员", CheckpointSet.TEAM, 1),
    ("党政主要负责同志", CheckpointSet.PRINCIPAL, 2),
    ("分管领导", CheckpointSet.DEPUTY, 3),
    ("疫情防控职能部门负责人", CheckpointSet.DEPUTY, 4),
    ("优秀年轻干部", CheckpointSet.YOUNG, 5),
]
