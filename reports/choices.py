"""Vocabulary of status reports and directives (closing paragraph, §1, §6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CadenceKind(models.TextChoices):
    DAILY = "daily", _("每日")
    EVERY_N_DAYS = "every_n_days", _("每若干日")
    WEEKLY = "weekly", _("每周")


class Risk(models.TextChoices):
    CALM = "calm", _("平稳")
    WATCH = "watch", _("关注")
    TENSE = "tense", _("紧张")


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", _("按时")
    LATE = "late", _("逾期")
    MISSING = "missing", _("未报")
    ACTIVE_NO_REPORT = "active_no_report", _("有工作记录，未报送")
    NOT_DUE = "not_due", _("未到期")


class Evidence(models.TextChoices):
    """Which records already show a directive item being carried out."""

    NONE = "", _("（无对应记录）")
    POSTS = "posts", _("党员岗区")
    REGISTRATIONS = "registrations", _("到属地报到")
    ACTIVISTS = "activists", _("火线发展")
    CARE = "care", _("关心关爱")
    CADRE_RECORDS = "cadre_records", _("一线表现记录")
    SPENDING = "spending", _("专项党费支出")
    REPORTS = "reports", _("情况报送")


# The six points of the county notice, seeded as the first directive.
NOTICE_ITEMS = [
    ("切实把保障打赢疫情防控阻击战作为各级党组织重大政治任务", Evidence.POSTS),
    ("注重在疫情防控一线考察识别领导班子和领导干部", Evidence.CADRE_RECORDS),
    ("充分发挥各领域基层党组织战斗堡垒作用", Evidence.REGISTRATIONS),
    ("充分发挥广大党员先锋模范作用", Evidence.ACTIVISTS),
    ("激励引导广大党员干部敢于担当、主动作为", Evidence.SPENDING),
    ("力戒形式主义、官僚主义", Evidence.REPORTS),
]
NOTICE_TITLE = "关于发挥党组织战斗堡垒作用 坚决打赢疫情防控阻击战的通知"
