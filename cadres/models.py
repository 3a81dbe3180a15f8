"""Front-line evaluation of leadership teams and cadres (notice §2) and what follows (§5)."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.codes import code_labels, split_codes
from organizations.models import Organization, TownshipCopyModel
from organizations.personal import MaskedPersonalData, mobile_validator
from organizations.querysets import TownshipScopedQuerySet

from .choices import (
    AppealResult,
    Checkpoint,
    CheckpointSet,
    CommendationKind,
    CommendationState,
    DecidingBody,
    Dimension,
    Management,
    Measure,
    NoticeMethod,
    OutcomeKind,
    OutcomeState,
    Polarity,
    Source,
    StepKind,
)


class SubjectQuerySet(TownshipScopedQuerySet):
    # A team is a township, above any branch: only cadres' rows reach a branch's scope.
    organization_field = "cadre__organization"


class CommendationQuerySet(TownshipScopedQuerySet):
    organization_field = ("organization", "cadre__organization", "member__organization")


class CadreCategory(models.Model):
    """An editable list of cadre categories, each judged on one §2 checkpoint set."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    checkpoint_set = models.CharField(_("考察要点"), max_length=12, choices=CheckpointSet.choices)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("干部类别")
        verbose_name_plural = _("干部类别")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Cadre(MaskedPersonalData, TownshipCopyModel):
    """A leading cadre observed on the front line."""

    name = models.CharField(_("姓名"), max_length=50)
    organization = models.ForeignKey(
        Organization, verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="cadres"
    )
    post_title = models.CharField(_("职务"), max_length=100)
    category = models.ForeignKey(
        CadreCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="cadres"
    )
    phone = models.CharField(
        _("手机号码"), max_length=11, blank=True, validators=[mobile_validator]
    )
    birth_year = models.PositiveSmallIntegerField(
        _("出生年份"), validators=[MinValueValidator(1940), MaxValueValidator(2010)]
    )
    management = models.CharField(
        _("管理权限"),
        max_length=10,
        choices=Management.choices,
        default=Management.COUNTY,
        help_text=_("按干部管理权限提议和决定运用结果：县管由县委组织部，乡管由所在乡镇（街道）。"),
    )
    is_active = models.BooleanField(_("在职"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = TownshipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("干部")
        verbose_name_plural = _("干部")
        ordering = ["organization__path", "name"]
        indexes = [models.Index(fields=["township", "category"], name="cadre_township_category")]

    def __str__(self):
        return f"{self.name}（{self.post_title}）"

    def get_absolute_url(self):
        return reverse("cadres:cadre_detail", args=[self.pk])


class SubjectModel(TownshipCopyModel):
    """Something said about a cadre or about a township's leadership team as a whole."""

    township_source = "cadre.organization"

    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("干部"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",
    )
    team = models.ForeignKey(
        Organization,
        verbose_name=_("领导班子"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_%(class)ss",
    )

    class Meta:
        abstract = True

    def source_organization(self) -> Organization:
        return self.team if self.team_id else self.cadre.organization

    @property
    def subject(self):
        return self.team if self.team_id else self.cadre

    @property
    def subject_name(self) -> str:
        return f"{self.team.name}领导班子" if self.team_id else str(self.cadre)

    @property
    def checkpoint_set(self) -> str:
        return CheckpointSet.TEAM if self.team_id else self.cadre.category.checkpoint_set


def _one_subject(name):
    return models.CheckConstraint(
        condition=Q(cadre__isnull=False, team__isnull=True)
        | Q(cadre__isnull=True, team__isnull=False),
        name=name,
        violation_error_message=_("对象必须是一名干部或一个领导班子。"),
    )


class FrontlineRecord(SubjectModel):
    """一线表现记录: one observed instance, kept on file "简便易行"."""

    occurred_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100)
    description = models.TextField(_("具体事例"), max_length=2000)
    polarity = models.CharField(_("评价"), max_length=12, choices=Polarity.choices)
    dimensions = models.CharField(
        _("识别评价维度"), max_length=60, help_text=_("政治素质、宗旨意识等，逗号分隔的代码。")
    )
    checkpoint = models.CharField(_("考察要点"), max_length=20, choices=Checkpoint.choices)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = SubjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("一线表现记录")
        verbose_name_plural = _("一线表现记录")
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            _one_subject("record_one_subject"),
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True, reviewed_at__isnull=True)
                | Q(reviewed_by__isnull=False, reviewed_at__isnull=False),
                name="record_reviewed_by_someone",
                violation_error_message=_("审核时间和审核人必须同时记录。"),
            ),
        ]
        indexes = [
            models.Index(fields=["township", "occurred_on"], name="record_township_date"),
            models.Index(fields=["cadre", "occurred_on"], name="record_cadre_date"),
            models.Index(fields=["team", "occurred_on"], name="record_team_date"),
            models.Index(fields=["-occurred_on", "-id"], name="record_recent_first"),
        ]

    def __str__(self):
        return f"{self.subject_name} {self.occurred_on} {self.get_polarity_display()}"

    def get_absolute_url(self):
        return reverse("cadres:record_detail", args=[self.pk])

    @property
    def dimension_labels(self) -> list[str]:
        return code_labels(self.dimensions, Dimension)

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None


def evidence_path(instance, filename: str) -> str:
    """A random name, so nothing about the file or its subject shows in the path."""
    suffix = ".pdf" if instance.content_type == "application/pdf" else ".img"
    return f"evidence/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A photo or PDF behind a record; served only through a view that checks scope."""

    record = models.ForeignKey(FrontlineRecord, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("文件"), upload_to=evidence_path)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self):
        return self.original_name


class Outcome(SubjectModel):
    """推荐, 调整 or 问责 resting on front-line records; decided outcomes never change, except
    that an appeal may revoke or change one (a changed one is followed by a new outcome)."""

    kind = models.CharField(_("类别"), max_length=16, choices=OutcomeKind.choices)
    measures = models.CharField(
        _("问责方式"),
        max_length=120,
        blank=True,
        help_text=_("可单独使用，也可合并使用；逗号分隔的代码。"),
    )
    reason = models.TextField(_("理由"), max_length=2000)
    records = models.ManyToManyField(
        FrontlineRecord, verbose_name=_("依据的一线表现记录"), related_name="outcomes"
    )
    state = models.CharField(_("状态"), max_length=12, choices=OutcomeState.choices, editable=False)
    follows = models.ForeignKey(
        "self",
        verbose_name=_("接续"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followed_by",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("提议时间"), auto_now_add=True)

    objects = SubjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("运用结果")
        verbose_name_plural = _("运用结果")
        ordering = ["-created_at", "-pk"]
        constraints = [
            _one_subject("outcome_one_subject"),
            models.CheckConstraint(
                condition=(Q(kind=OutcomeKind.ACCOUNTABILITY) & ~Q(measures=""))
                | (~Q(kind=OutcomeKind.ACCOUNTABILITY) & Q(measures="")),
                name="outcome_measures_only_for_accountability",
                violation_error_message=_("问责须选择问责方式；推荐和调整不选问责方式。"),
            ),
        ]
        indexes = [models.Index(fields=["township", "state"], name="outcome_township_state")]

    def __str__(self):
        return f"{self.subject_name} {self.title}"

    def get_absolute_url(self):
        return reverse("cadres:outcome_detail", args=[self.pk])

    @property
    def measure_list(self) -> list[str]:
        return split_codes(self.measures)

    @property
    def measure_labels(self) -> str:
        return "、".join(code_labels(self.measures, Measure))

    @property
    def title(self) -> str:
        """The outcome as every page names it: "问责（通报、诫勉）"."""
        measures = f"（{self.measure_labels}）" if self.measures else ""
        return f"{self.get_kind_display()}{measures}"


class OutcomeStep(models.Model):
    """One dated step on an outcome's file, by the user who recorded it, with its reason.

    A decision names the body that took it and, for a committee, the meeting; a decision,
    a transfer to the 纪委监委 and a 备案 carry their document number; a notification says
    how it was given; an appeal's handling says its result. Each step is taken once.
    """

    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="steps")
    state = models.CharField(_("步骤"), max_length=16, choices=StepKind.choices)
    acted_on = models.DateField(_("日期"))
    reason = models.TextField(_("理由"), max_length=1000, blank=True)
    body = models.CharField(_("决定机关"), max_length=24, choices=DecidingBody.choices, blank=True)
    meeting = models.CharField(_("会议"), max_length=100, blank=True)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    method = models.CharField(
        _("告知方式"), max_length=12, choices=NoticeMethod.choices, blank=True
    )
    result = models.CharField(
        _("申诉处理结果"), max_length=10, choices=AppealResult.choices, blank=True
    )
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("办理步骤")
        verbose_name_plural = _("办理步骤")
        ordering = ["acted_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "state"], name="outcome_step_once"),
        ]

    def __str__(self):
        return f"{self.get_state_display()} {self.acted_on}"

    @property
    def particulars(self) -> str:
        """The step as the file lists it: "县委 · 县委常委会第12次会议 · 县委干〔2026〕12 号"."""
        parts = [
            self.get_body_display() if self.body else "",
            self.meeting,
            self.document_number,
            self.get_method_display() if self.method else "",
            self.get_result_display() if self.result else "",
        ]
        return " · ".join(part for part in parts if part)


class Commendation(TownshipCopyModel):
    """表彰 of an advanced collective or individual, after a public-notice period (公示).

    An individual may be a cadre or a party member: this is the one place the cadres
    app reads the members app (one way, no cycle).
    """

    kind = models.CharField(_("类别"), max_length=12, choices=CommendationKind.choices)
    title = models.CharField(_("称号"), max_length=100)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("先进集体"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
    )
    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("干部"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("党员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
    )
    citation = models.TextField(_("主要事迹"), max_length=3000)
    records = models.ManyToManyField(
        FrontlineRecord,
        verbose_name=_("依据的一线表现记录"),
        blank=True,
        related_name="commendations",
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=CommendationState.choices, editable=False
    )
    notice_starts_on = models.DateField(_("公示开始"), null=True, blank=True)
    notice_ends_on = models.DateField(_("公示结束"), null=True, blank=True)
    decided_on = models.DateField(_("确认或撤回日期"), null=True, blank=True, editable=False)
    decision_note = models.CharField(_("说明"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("提名时间"), auto_now_add=True)

    objects = CommendationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("表彰")
        verbose_name_plural = _("表彰")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind=CommendationKind.COLLECTIVE,
                    organization__isnull=False,
                    cadre__isnull=True,
                    member__isnull=True,
                )
                | Q(
                    kind=CommendationKind.INDIVIDUAL,
                    organization__isnull=True,
                    cadre__isnull=False,
                    member__isnull=True,
                )
                | Q(
                    kind=CommendationKind.INDIVIDUAL,
                    organization__isnull=True,
                    cadre__isnull=True,
                    member__isnull=False,
                ),
                name="commendation_one_nominee",
                violation_error_message=_("先进集体须选一个组织，先进个人须选一名干部或党员。"),
            ),
            models.CheckConstraint(
                condition=Q(notice_ends_on__isnull=True)
                | Q(notice_ends_on__gte=models.F("notice_starts_on")),
                name="commendation_notice_ends_after_start",
                violation_error_message=_("公示结束日期不能早于开始日期。"),
            ),
        ]
        indexes = [models.Index(fields=["township", "state"], name="commendation_township")]

    def __str__(self):
        return f"{self.nominee_name}（{self.title}）"

    def get_absolute_url(self):
        return reverse("cadres:commendation_detail", args=[self.pk])

    def source_organization(self) -> Organization:
        if self.organization_id:
            return self.organization
        return (self.cadre or self.member).organization

    @property
    def nominee(self):
        return self.organization or self.cadre or self.member

    @property
    def nominee_name(self) -> str:
        return self.nominee.name


class CommendationObjection(models.Model):
    """异议: something said against a nominee during the 公示, and how it was settled.

    Who raised it is kept as text (a letter may be signed by a village, or anonymous); it is
    resolved by a county-staff user with a written finding: upheld withdraws the
    commendation, not upheld lets it go on to confirmation.
    """

    commendation = models.ForeignKey(
        Commendation, verbose_name=_("表彰"), on_delete=models.PROTECT, related_name="objections"
    )
    raised_by = models.CharField(_("反映人"), max_length=100)
    raised_on = models.DateField(_("反映日期"))
    content = models.TextField(_("异议内容"), max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    upheld = models.BooleanField(_("异议成立"), null=True, editable=False)
    resolution = models.TextField(_("核实处理意见"), max_length=2000, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    resolved_on = models.DateField(_("处理日期"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["raised_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(upheld__isnull=True, resolved_by__isnull=True, resolved_on__isnull=True)
                | Q(upheld__isnull=False, resolved_by__isnull=False, resolved_on__isnull=False),
                name="objection_resolved_whole",
                violation_error_message=_("异议的处理结论、处理人和处理日期必须同时记录。"),
            ),
        ]

    def __str__(self):
        return f"{self.raised_by} {self.raised_on}"

    def get_absolute_url(self):
        return self.commendation.get_absolute_url()

    @property
    def is_resolved(self) -> bool:
        return self.upheld is not None
