"""Status reports that ask only what is new, needs followed to the end, and directives
acknowledged in one click (closing paragraph, §1, §5, §6)."""

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.choices import TOWNSHIP_KINDS, OrganizationKind
from organizations.models import Organization, TownshipCopyModel
from organizations.querysets import TownshipScopedQuerySet

from .choices import CadenceKind, Evidence, Risk


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    deadline: datetime.datetime

    def __str__(self):
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} 至 {self.end.isoformat()}"


class ReportingCadence(models.Model):
    """How often organizations report and how long after a period's end counts as on time.

    The newest row is in force; older rows stay as history of the county's choices.
    """

    kind = models.CharField(
        _("周期"), max_length=16, choices=CadenceKind.choices, default=CadenceKind.DAILY
    )
    every_days = models.PositiveSmallIntegerField(
        _("间隔天数"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("周期为“每若干日”时填写。"),
    )
    anchor = models.DateField(
        _("起算日期"), help_text=_("第一个周期开始的日期；每周报送从这一天的星期算起。")
    )
    grace_hours = models.PositiveSmallIntegerField(
        _("宽限小时数"),
        default=12,
        validators=[MaxValueValidator(72)],
        help_text=_("周期结束后这么多小时内报送算按时。"),
    )
    include_branches = models.BooleanField(
        _("村（社区）党支部也报送"),
        default=False,
        help_text=_("默认只由乡镇（街道）报送。"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("报送周期")
        verbose_name_plural = _("报送周期")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}（{self.length} 天）"

    @classmethod
    def current(cls) -> "ReportingCadence":
        cadence = cls.objects.first()
        if cadence is None:
            cadence = cls(kind=CadenceKind.DAILY, anchor=datetime.date(2026, 1, 25))
        return cadence

    @classmethod
    def reports(cls, organization) -> bool:
        """Whether an organization files reports under the current cadence: townships
        always, branches when the county says so (asked by the policy table,
        organizations/policy.py); the cadence is read only for a branch."""
        if organization.kind in TOWNSHIP_KINDS:
            return True
        return organization.kind == OrganizationKind.BRANCH and cls.current().include_branches

    @property
    def length(self) -> int:
        return {CadenceKind.DAILY: 1, CadenceKind.WEEKLY: 7}.get(self.kind, self.every_days)

    def period_for(self, day: datetime.date) -> Period:
        offset = (day - self.anchor).days // self.length * self.length
        start = self.anchor + datetime.timedelta(days=offset)
        end = start + datetime.timedelta(days=self.length - 1)
        after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time())
        deadline = timezone.make_aware(after) + datetime.timedelta(hours=self.grace_hours)
        return Period(start, end, deadline)

    def previous(self, period: Period) -> Period:
        return self.period_for(period.start - datetime.timedelta(days=1))


def photo_path(instance, filename: str) -> str:
    return f"report-photos/{uuid.uuid4().hex}.img"


class StatusReport(TownshipCopyModel):
    """情况报送 of one organization for one period: the figures the records gave at the
    time, plus the few things only the secretary knows."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("报送组织"), on_delete=models.PROTECT, related_name="reports"
    )
    period_start = models.DateField(_("周期开始"))
    period_end = models.DateField(_("周期结束"))
    figures = models.JSONField(_("系统汇总数字"), default=dict, editable=False)
    highlights = models.TextField(_("典型事迹"), max_length=2000, blank=True)
    risk = models.CharField(_("风险等级"), max_length=8, choices=Risk.choices, default=Risk.CALM)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    submitted_at = models.DateTimeField(_("首次报送时间"), editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = TownshipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("情况报送")
        verbose_name_plural = _("情况报送")
        ordering = ["-period_start", "organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "period_start"],
                name="report_once_per_period",
                violation_error_message=_("该组织本周期已报送。"),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_in_order",
                violation_error_message=_("周期结束不能早于开始。"),
            ),
        ]
        indexes = [models.Index(fields=["township", "period_start"], name="report_township_period")]

    def __str__(self):
        return f"{self.organization.name} {self.period_start}"

    def get_absolute_url(self):
        return reverse("reports:report_detail", args=[self.pk])


class ReportPhoto(models.Model):
    report = models.ForeignKey(StatusReport, on_delete=models.PROTECT, related_name="photos")
    file = models.FileField(upload_to=photo_path)
    content_type = models.CharField(max_length=40)
    original_name = models.CharField(max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("报送照片")
        verbose_name_plural = _("报送照片")

    def __str__(self):
        return self.original_name


class NeedQuerySet(TownshipScopedQuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)


class Need(TownshipCopyModel):
    """困难和需求 raised in a report; the county answers it and closes it."""

    report = models.ForeignKey(StatusReport, on_delete=models.PROTECT, related_name="needs")
    organization = models.ForeignKey(
        Organization, verbose_name=_("提出组织"), on_delete=models.PROTECT, related_name="needs"
    )
    text = models.CharField(_("困难和需求"), max_length=500)
    raised_on = models.DateField(_("提出日期"))
    handler = models.CharField(_("承办单位或人员"), max_length=100, blank=True)
    answer = models.TextField(_("办理情况"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True, editable=False)

    objects = NeedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("困难和需求")
        verbose_name_plural = _("困难和需求")
        ordering = ["closed_at", "raised_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(answer=""),
                name="need_closed_with_answer",
                violation_error_message=_("办结前必须写明办理情况。"),
            ),
        ]
        indexes = [models.Index(fields=["township", "closed_at"], name="need_township_open")]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse("reports:need_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def age_days(self) -> int:
        return (timezone.localdate() - self.raised_on).days


class Directive(models.Model):
    """部署: numbered items every township acknowledges (逐项明确任务、逐条对照落实)."""

    title = models.CharField(_("标题"), max_length=200)
    issued_on = models.DateField(_("发布日期"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("部署")
        verbose_name_plural = _("部署")
        ordering = ["-issued_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:directive_detail", args=[self.pk])


class DirectiveItem(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("序号"))
    text = models.CharField(_("内容"), max_length=300)
    evidence = models.CharField(
        _("对应工作记录"), max_length=20, choices=Evidence.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("部署事项")
        verbose_name_plural = _("部署事项")
        ordering = ["directive", "number"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "number"], name="directive_item_number"),
        ]

    def __str__(self):
        return f"{self.number}. {self.text}"


class Acknowledgement(TownshipCopyModel):
    """A township (or branch) has read a directive: one click, 保证信息畅通."""

    directive = models.ForeignKey(
        Directive, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    objects = TownshipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("签收")
        verbose_name_plural = _("签收")
        constraints = [
            models.UniqueConstraint(fields=["directive", "organization"], name="acknowledge_once"),
        ]

    def __str__(self):
        return f"{self.organization} {self.directive}"
