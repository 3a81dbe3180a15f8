"""Vocabulary of party members on the front line (notice §4, §5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("研究生")
    BACHELOR = "bachelor", _("大学本科")
    COLLEGE = "college", _("大学专科")
    SECONDARY_VOCATIONAL = "secondary_vocational", _("中专")
    HIGH_SCHOOL = "high_school", _("高中")
    JUNIOR_OR_BELOW = "junior_or_below", _("初中及以下")


ETHNICITIES = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]
ETHNICITY_CHOICES = [(name, name) for name in ETHNICITIES]


class MemberStatus(models.TextChoices):
    FULL = "full", _("正式党员")
    PROBATIONARY = "probationary", _("预备党员")


class MemberCategory(models.TextChoices):
    EMPLOYED = "employed", _("在职")
    RETIRED = "retired", _("离退休")
    MOBILE = "mobile", _("流动")
    COUNTY_ORGAN = "county_organ", _("县直机关")


class PostKind(models.TextChoices):
    VANGUARD = "vanguard", _("党员先锋岗")
    MODEL = "model", _("党员示范岗")
    ZONE = "zone", _("党员责任区")


class RegistrationRole(models.TextChoices):
    SCREENER = "screener", _("入户排查员")
    PUBLICITY = "publicity", _("疫情防控宣传员")
    QUARANTINE_SERVICE = "quarantine_service", _("居家隔离服务员")


class Stage(models.TextChoices):
    """The official steps of joining the party, in order."""

    APPLICANT = "applicant", _("入党申请人")
    ACTIVIST = "activist", _("入党积极分子")
    CANDIDATE = "candidate", _("发展对象")
    PROBATIONARY = "probationary", _("预备党员")
    FULL = "full", _("正式党员")


STAGE_ORDER = list(Stage)


class StepKind(models.TextChoices):
    """What a pipeline records besides its stages (《发展党员工作细则》 chapters 二 to 五)."""

    SHORTENING = "shortening", _("缩短培养期（上级党委批准）")
    INTRODUCERS = "introducers", _("确定入党介绍人")
    POLITICAL_REVIEW = "political_review", _("政治审查")
    TRAINING = "training", _("集中培训")
    PUBLIC_NOTICE = "public_notice", _("公示")
    PRE_REVIEW = "pre_review", _("上级党委预审")
    BRANCH_MEETING = "branch_meeting", _("支部大会讨论")
    APPROVAL = "approval", _("上级党委审批")
    OATH = "oath", _("入党宣誓")
    EXTENSION = "extension", _("延长预备期")
    ENDED = "ended", _("终止发展")


# The 发展对象 steps in the order they are taken; the approval makes a 预备党员.
CANDIDATE_STEPS = [
    StepKind.INTRODUCERS,
    StepKind.POLITICAL_REVIEW,
    StepKind.TRAINING,
    StepKind.PUBLIC_NOTICE,
    StepKind.PRE_REVIEW,
    StepKind.BRANCH_MEETING,
    StepKind.APPROVAL,
]


class PipelineEnd(models.TextChoices):
    """How a pipeline ends early; which one follows from the stage it ends at."""

    DISQUALIFIED = "disqualified", _("取消入党积极分子资格")
    NOT_CANDIDATE = "not_candidate", _("不再列为发展对象")
    PROBATION_CANCELLED = "probation_cancelled", _("取消预备党员资格")


class DisciplineReason(models.TextChoices):
    DISOBEYED = "disobeyed", _("不服从组织安排")
    OBSTRUCTED = "obstructed", _("影响防控措施落实")
    RETREATED = "retreated", _("畏惧退缩")
    OTHER = "other", _("其他")


class DisciplineKind(models.TextChoices):
    """Chosen first: a 党纪处分 and the 组织处理 of a member are different cases with
    different measures (《中国共产党纪律处分条例》第八条; 党章 第九条). 诫勉 and 谈话 are
    measures on cadres and are recorded with the cadres' outcomes, not here."""

    SANCTION = "sanction", _("党纪处分")
    HANDLING = "handling", _("组织处理")


class DisciplineDecision(models.TextChoices):
    """The measures of both kinds; which are offered depends on the kind and on whether the
    member is full or probationary (DISCIPLINE_MEASURES below)."""

    WARNING = "warning", _("警告")
    SERIOUS_WARNING = "serious_warning", _("严重警告")
    REMOVAL_FROM_POST = "removal_from_post", _("撤销党内职务")
    PROBATION = "probation", _("留党察看")
    EXPULSION = "expulsion", _("开除党籍")
    CRITICISM = "criticism", _("批评教育")
    RECTIFICATION = "rectification", _("限期改正")
    PERSUADED_TO_LEAVE = "persuaded_to_leave", _("劝退")
    STRUCK_OFF = "struck_off", _("除名")
    EXTEND_PROBATION = "extend_probation", _("延长预备期")
    CANCEL_PROBATIONARY = "cancel_probationary", _("取消预备党员资格")


class DisciplineStatus(models.TextChoices):
    PROPOSED = "proposed", _("待上级党委批准")
    IN_EFFECT = "in_effect", _("已生效")


_D = DisciplineDecision
# 《中国共产党纪律处分条例》第八条: the five 党纪处分.
SANCTION_MEASURES = (
    _D.WARNING,
    _D.SERIOUS_WARNING,
    _D.REMOVAL_FROM_POST,
    _D.PROBATION,
    _D.EXPULSION,
)
# 党章 第九条: education, 限期改正, 劝退, 除名 of a member who falls short.
HANDLING_MEASURES = (_D.CRITICISM, _D.RECTIFICATION, _D.PERSUADED_TO_LEAVE, _D.STRUCK_OFF)
# 党章 第七条 and 《发展党员工作细则》第五章: a probationary member is educated, has the
# probation extended, or loses it; never a 党纪处分.
PROBATIONARY_MEASURES = (_D.CRITICISM, _D.EXTEND_PROBATION, _D.CANCEL_PROBATIONARY)

# (kind, probationary?) → the measures that may be chosen.
DISCIPLINE_MEASURES = {
    (DisciplineKind.SANCTION, False): SANCTION_MEASURES,
    (DisciplineKind.SANCTION, True): (),
    (DisciplineKind.HANDLING, False): HANDLING_MEASURES,
    (DisciplineKind.HANDLING, True): PROBATIONARY_MEASURES,
}

# Taking effect only once the upper party committee's approval is recorded: 留党察看 and
# 开除党籍 (党章 第七章 党的纪律); 劝退 and 除名 (党章 第九条: 报上级党组织批准); 延长预备期 and
# 取消预备党员资格 (《发展党员工作细则》第五章: 支部大会讨论通过和上级党委批准).
NEEDS_APPROVAL = frozenset(
    {
        _D.PROBATION,
        _D.EXPULSION,
        _D.PERSUADED_TO_LEAVE,
        _D.STRUCK_OFF,
        _D.EXTEND_PROBATION,
        _D.CANCEL_PROBATIONARY,
    }
)
# Taking effect ends the membership: the member leaves the register (is_active False).
ENDS_MEMBERSHIP = frozenset({_D.EXPULSION, _D.STRUCK_OFF, _D.CANCEL_PROBATIONARY})
