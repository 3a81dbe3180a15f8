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


class DisciplineReason(models.TextChoices):
    DISOBEYED = "disobeyed", _("不服从组织安排")
    OBSTRUCTED = "obstructed", _("影响防控措施落实")
    RETREATED = "retreated", _("畏惧退缩")
    OTHER = "other", _("其他")


class DisciplineDecision(models.TextChoices):
    CRITICISM = "criticism", _("批评教育")
    ADMONITION = "admonition", _("诫勉谈话")
    WARNING = "warning", _("警告")
    SERIOUS_WARNING = "serious_warning", _("严重警告")
    REMOVAL_FROM_POST = "removal_from_post", _("撤销党内职务")
    PROBATION = "probation", _("留党察看")
    EXPULSION = "expulsion", _("开除党籍")
