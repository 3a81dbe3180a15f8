"""Party members on the front line: the registry, posts, 报到, activists, discipline, care."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.models import Organization, TownshipCopyModel
from organizations.personal import MaskedPersonalData, mobile_validator, validate_id_number
from organizations.querysets import TownshipScopedQuerySet

from .choices import (
    ETHNICITY_CHOICES,
    HANDLING_MEASURES,
    NEEDS_APPROVAL,
    PROBATIONARY_MEASURES,
    SANCTION_MEASURES,
    DisciplineDecision,
    DisciplineKind,
    DisciplineReason,
    DisciplineStatus,
    Education,
    Gender,
    MemberCategory,
    MemberStatus,
    PipelineEnd,
    PostKind,
    RegistrationRole,
    Stage,
    StepKind,
)


class Member(MaskedPersonalData, TownshipCopyModel):
    """A party member, kept in the home branch. Never deleted: leaving is `is_active=False`.

    Gender and birth date are read from the ID number, and status from the
    full-membership date, so nobody types what the system already knows.
    """

    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号码"), max_length=18, validators=[validate_id_number])
    gender = models.CharField(_("性别"), max_length=6, choices=Gender.choices, editable=False)
    birth_date = models.DateField(_("出生日期"), editable=False)
    ethnicity = models.CharField(
        _("民族"), max_length=10, choices=ETHNICITY_CHOICES, default="汉族"
    )
    education = models.CharField(_("学历"), max_length=24, choices=Education.choices)
    phone = models.CharField(
        _("手机号码"), max_length=11, blank=True, validators=[mobile_validator]
    )
    joined_on = models.DateField(_("入党日期"))
    full_member_on = models.DateField(_("转正日期"), null=True, blank=True)
    status = models.CharField(
        _("党员状态"), max_length=16, choices=MemberStatus.choices, editable=False
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("所在党支部"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    category = models.CharField(_("党员类别"), max_length=16, choices=MemberCategory.choices)
    is_active = models.BooleanField(_("在册"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = TownshipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        ordering = ["organization__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["id_number"], name="member_id_number_unique"),
            models.CheckConstraint(
                condition=Q(status=MemberStatus.FULL, full_member_on__isnull=False)
                | Q(status=MemberStatus.PROBATIONARY, full_member_on__isnull=True),
                name="member_status_follows_full_membership",
                violation_error_message=_("党员状态与转正日期不一致。"),
            ),
            models.CheckConstraint(
                condition=Q(full_member_on__isnull=True) | Q(full_member_on__gt=F("joined_on")),
                name="member_full_after_joining",
                violation_error_message=_("转正日期必须晚于入党日期。"),
            ),
        ]
        indexes = [
            models.Index(fields=["township", "status"], name="member_township_status"),
            models.Index(fields=["organization", "is_active"], name="member_org_active"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:member_detail", args=[self.pk])


class Post(TownshipCopyModel):
    """A 先锋岗, 示范岗 or 责任区 where members show who they are (亮明身份)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("设岗组织"), on_delete=models.PROTECT, related_name="posts"
    )
    kind = models.CharField(_("岗区类别"), max_length=12, choices=PostKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    place = models.CharField(_("地点"), max_length=100)
    duty = models.TextField(_("职责"), max_length=500)
    households_covered = models.PositiveIntegerField(
        _("覆盖户数"), default=0, help_text=_("仅党员责任区填写。")
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    members = models.ManyToManyField(
        Member, through="PostAssignment", related_name="posts", verbose_name=_("在岗党员")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = TownshipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党员岗区")
        verbose_name_plural = _("党员岗区")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="post_ends_after_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(
                condition=Q(kind=PostKind.ZONE) | Q(households_covered=0),
                name="post_households_only_for_zones",
                violation_error_message=_("只有党员责任区填写覆盖户数。"),
            ),
        ]
        indexes = [models.Index(fields=["township", "kind"], name="post_township_kind")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:post_detail", args=[self.pk])


class PostAssignment(models.Model):
    """A member on a post for a period inside the post's own."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="assignments")
    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="assignments"
    )
    starts_on = models.DateField(_("上岗日期"))
    ends_on = models.DateField(_("离岗日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("在岗党员")
        verbose_name_plural = _("在岗党员")
        constraints = [
            models.UniqueConstraint(fields=["post", "member"], name="assignment_once_per_post"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="assignment_ends_after_start",
                violation_error_message=_("离岗日期不能早于上岗日期。"),
            ),
        ]

    def __str__(self):
        return f"{self.member} @ {self.post}"


class RegistrationQuerySet(TownshipScopedQuerySet):
    """Both sides see a 报到: the receiving organization's scope and the member's."""

    def visible_to(self, user):
        receiving = super().visible_to(user)
        if getattr(user, "is_authenticated", False) and user.sees_whole_county:
            return receiving
        sending = Member.objects.visible_to(user).values("pk")
        return self.filter(Q(pk__in=receiving.values("pk")) | Q(member__in=sending))


class DisciplineQuerySet(TownshipScopedQuerySet):
    organization_field = "member__organization"


class Registration(TownshipCopyModel):
    """A county-organ member serving a village or community (到属地报到, notice §4)."""

    member = models.ForeignKey(
        Member, verbose_name=_("报到党员"), on_delete=models.PROTECT, related_name="registrations"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("报到组织"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    role = models.CharField(_("报到岗位"), max_length=20, choices=RegistrationRole.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = RegistrationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("报到")
        verbose_name_plural = _("报到")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="registration_ends_after_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True, confirmed_by__isnull=True)
                | Q(confirmed_at__isnull=False, confirmed_by__isnull=False),
                name="registration_confirmed_by_someone",
                violation_error_message=_("确认时间和确认人必须同时记录。"),
            ),
        ]
        indexes = [
            models.Index(fields=["township", "role"], name="registration_township_role"),
            # The list's order: its page is read off the index, not sorted after joining
            # every member (172 → 5 ms at scale 10).
            models.Index(fields=["-starts_on", "-id"], name="registration_recent_first"),
        ]

    def __str__(self):
        return f"{self.member} → {self.organization}（{self.get_role_display()}）"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Activist(MaskedPersonalData, TownshipCopyModel):
    """A person found on the front line and developed towards membership (火线入党).

    `stage` is never typed: the services set it from the latest event. `ended_on` is set
    when the pipeline ends early (an `ENDED` step says how and why); it then takes no steps.
    """

    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号码"), max_length=18, validators=[validate_id_number])
    gender = models.CharField(_("性别"), max_length=6, choices=Gender.choices, editable=False)
    birth_date = models.DateField(_("出生日期"), editable=False)
    ethnicity = models.CharField(
        _("民族"), max_length=10, choices=ETHNICITY_CHOICES, default="汉族"
    )
    education = models.CharField(_("学历"), max_length=24, choices=Education.choices)
    phone = models.CharField(
        _("手机号码"), max_length=11, blank=True, validators=[mobile_validator]
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("培养党支部"),
        on_delete=models.PROTECT,
        related_name="activists",
    )
    stage = models.CharField(_("当前阶段"), max_length=16, choices=Stage.choices, editable=False)
    member = models.OneToOneField(
        Member,
        verbose_name=_("党员档案"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="activist",
    )
    ended_on = models.DateField(_("终止日期"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = TownshipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("火线发展对象")
        verbose_name_plural = _("火线发展对象")
        ordering = ["organization__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["id_number"], name="activist_id_number_unique"),
        ]
        indexes = [models.Index(fields=["township", "stage"], name="activist_township_stage")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:activist_detail", args=[self.pk])


class ActivistEvent(models.Model):
    """One step of the way, with the front-line performance that justified it."""

    activist = models.ForeignKey(Activist, on_delete=models.PROTECT, related_name="events")
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices)
    happened_on = models.DateField(_("日期"))
    performance = models.TextField(_("一线表现"), max_length=1000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("发展记录")
        verbose_name_plural = _("发展记录")
        ordering = ["happened_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activist", "stage"], name="activist_event_stage_once"),
        ]

    def __str__(self):
        return f"{self.activist} {self.get_stage_display()} {self.happened_on}"


class DevelopmentStep(models.Model):
    """One dated step of the procedure between the stages, with who recorded it.

    Each kind fills the fields it needs (services/activists.py `STEP_FIELDS`); each kind
    happens at most once per pipeline, so a probation is extended once and ends once.
    """

    activist = models.ForeignKey(Activist, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("程序"), max_length=20, choices=StepKind.choices)
    happened_on = models.DateField(_("日期"))
    ends_on = models.DateField(_("公示结束日期"), null=True, blank=True)
    branch_decided_on = models.DateField(_("党支部研究决定日期"), null=True, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("决定或批准的组织"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    document_number = models.CharField(_("文件编号"), max_length=60, blank=True)
    introducer_one = models.ForeignKey(
        Member,
        verbose_name=_("入党介绍人（一）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    introducer_two = models.ForeignKey(
        Member,
        verbose_name=_("入党介绍人（二）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    training_days = models.PositiveSmallIntegerField(_("培训天数"), null=True, blank=True)
    training_hours = models.PositiveSmallIntegerField(_("培训学时"), null=True, blank=True)
    voters_entitled = models.PositiveSmallIntegerField(
        _("应到会有表决权的正式党员人数"), null=True, blank=True
    )
    votes_for = models.PositiveSmallIntegerField(_("赞成票数"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("延长月数"), null=True, blank=True)
    end_kind = models.CharField(
        _("终止方式"), max_length=20, choices=PipelineEnd.choices, blank=True
    )
    note = models.TextField(_("情况说明"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("发展程序")
        verbose_name_plural = _("发展程序")
        ordering = ["happened_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activist", "kind"], name="development_step_once"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("happened_on")),
                name="development_step_ends_after_start",
                violation_error_message=_("公示结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(
                condition=Q(months__isnull=True) | Q(months__gte=6, months__lte=12),
                name="development_step_extension_6_to_12_months",
                violation_error_message=_("延长预备期不能少于半年，最长不超过一年。"),
            ),
            models.CheckConstraint(
                condition=Q(introducer_one__isnull=True) | ~Q(introducer_one=F("introducer_two")),
                name="development_step_two_introducers",
                violation_error_message=_("两名入党介绍人必须是不同的人。"),
            ),
        ]

    def __str__(self):
        return f"{self.activist} {self.get_kind_display()} {self.happened_on}"

    @property
    def last_day(self):
        """The day the step is over: a 公示 lasts until its end."""
        return self.ends_on or self.happened_on


class DisciplineCase(TownshipCopyModel):
    """严肃处理 (notice §4): a member who disobeyed, obstructed or retreated.

    A case is a 党纪处分 or a 组织处理 (`kind`, chosen first), each with its own measures
    (choices.DISCIPLINE_MEASURES). A measure in NEEDS_APPROVAL is proposed by the member's
    organization and takes effect only when the upper party committee's approval is
    recorded (who, date, document number); the others take effect when recorded. `status`
    is never typed: the services set it.
    """

    township_source = "member.organization"

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="discipline_cases"
    )
    kind = models.CharField(_("类别"), max_length=12, choices=DisciplineKind.choices)
    deciding_organization = models.ForeignKey(
        Organization,
        verbose_name=_("作出决定（提请）的组织"),
        on_delete=models.PROTECT,
        related_name="discipline_decisions",
    )
    reason = models.CharField(_("情形"), max_length=16, choices=DisciplineReason.choices)
    facts = models.TextField(_("主要事实"), max_length=2000)
    decision = models.CharField(_("处理决定"), max_length=20, choices=DisciplineDecision.choices)
    decided_on = models.DateField(_("决定日期"))
    probation_years = models.PositiveSmallIntegerField(
        _("留党察看期限（年）"), null=True, blank=True, choices=[(1, _("一年")), (2, _("二年"))]
    )
    extension_months = models.PositiveSmallIntegerField(
        _("延长预备期（月）"), null=True, blank=True, help_text=_("不少于6个月，最长不超过12个月。")
    )
    assignment = models.ForeignKey(
        PostAssignment,
        verbose_name=_("所涉岗区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discipline_cases",
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("所涉报到"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discipline_cases",
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=DisciplineStatus.choices, editable=False
    )
    approving_organization = models.ForeignKey(
        Organization,
        verbose_name=_("批准的上级党委"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="discipline_approvals",
    )
    approved_on = models.DateField(_("批准日期"), null=True, blank=True, editable=False)
    approval_document = models.CharField(_("批准文号"), max_length=100, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准记录人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = DisciplineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党员处理")
        verbose_name_plural = _("党员处理")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=DisciplineKind.SANCTION, decision__in=list(SANCTION_MEASURES))
                | Q(
                    kind=DisciplineKind.HANDLING,
                    decision__in=sorted({*HANDLING_MEASURES, *PROBATIONARY_MEASURES}),
                ),
                name="discipline_measure_of_its_kind",
                violation_error_message=_("处理决定与处理类别不符。"),
            ),
            models.CheckConstraint(
                condition=Q(probation_years__isnull=True)
                | Q(decision=DisciplineDecision.PROBATION, probation_years__in=[1, 2]),
                name="discipline_probation_one_or_two_years",
                violation_error_message=_("留党察看期限为一年或二年。"),
            ),
            models.CheckConstraint(
                condition=Q(extension_months__isnull=True)
                | Q(
                    decision=DisciplineDecision.EXTEND_PROBATION,
                    extension_months__gte=6,
                    extension_months__lte=12,
                ),
                name="discipline_extension_six_to_twelve_months",
                violation_error_message=_("延长预备期不能少于半年，最长不超过一年。"),
            ),
            models.CheckConstraint(
                condition=Q(
                    approving_organization__isnull=True,
                    approved_on__isnull=True,
                    approved_by__isnull=True,
                    approval_document="",
                )
                | (
                    Q(
                        approving_organization__isnull=False,
                        approved_on__isnull=False,
                        approved_by__isnull=False,
                    )
                    & ~Q(approval_document="")
                ),
                name="discipline_approval_complete",
                violation_error_message=_("批准的上级党委、批准日期和批准文号必须同时记录。"),
            ),
            models.CheckConstraint(
                condition=Q(status=DisciplineStatus.IN_EFFECT)
                & (~Q(decision__in=sorted(NEEDS_APPROVAL)) | Q(approved_on__isnull=False))
                | Q(
                    status=DisciplineStatus.PROPOSED,
                    decision__in=sorted(NEEDS_APPROVAL),
                    approved_on__isnull=True,
                ),
                name="discipline_in_effect_when_approved",
                violation_error_message=_("该处理须经上级党委批准后才能生效。"),
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.get_decision_display()}"

    def get_absolute_url(self):
        return reverse("members:discipline_detail", args=[self.pk])

    @property
    def needs_approval(self) -> bool:
        return self.decision in NEEDS_APPROVAL

    @property
    def in_effect(self) -> bool:
        return self.status == DisciplineStatus.IN_EFFECT


class CareRecord(TownshipCopyModel):
    """关心关爱 (notice §5): a front-line worker's difficulty and how it was solved."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("负责组织"), on_delete=models.PROTECT, related_name="care"
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("党员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_records",
        help_text=_("对象是党员时选择；干部等其他人员只填姓名。"),
    )
    person_name = models.CharField(_("姓名"), max_length=50)
    assignment = models.ForeignKey(
        PostAssignment,
        verbose_name=_("所在岗区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_records",
        help_text=_("困难因在岗值守而起时选择。"),
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("所在报到"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_records",
    )
    difficulty = models.TextField(_("困难"), max_length=1000)
    action = models.TextField(_("帮扶措施"), max_length=1000, blank=True)
    paid_by = models.ForeignKey(
        "funds.Expenditure",
        verbose_name=_("支付的专项党费支出"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_records",
        help_text=_("慰问或补助由专项党费支付时选择，专款专用可从钱追到人。"),
    )
    reported_on = models.DateField(_("登记日期"))
    resolved_on = models.DateField(_("解决日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = TownshipScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("关心关爱")
        verbose_name_plural = _("关心关爱")
        ordering = ["resolved_on", "-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=F("reported_on")),
                name="care_resolved_after_reported",
                violation_error_message=_("解决日期不能早于登记日期。"),
            ),
        ]
        indexes = [models.Index(fields=["township", "resolved_on"], name="care_township_open")]

    def __str__(self):
        return f"{self.person_name}：{self.difficulty[:20]}"

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None


class RosterEntryQuerySet(TownshipScopedQuerySet):
    def active(self):
        """Entries of people still serving (not yet removed from the roster)."""
        return self.filter(ends_on__isnull=True)


class RosterEntry(TownshipCopyModel):
    """A member serving in a temporary branch while keeping the home branch (组织关系).

    A temporary branch has no members of its own; its roster says who serves there, from
    which organization, and for which dates, and its posts choose their members from it.
    Leaving sets `ends_on`; the entry stays on file.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("临时党支部"),
        on_delete=models.PROTECT,
        related_name="roster",
    )
    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="roster_entries"
    )
    duty = models.CharField(_("分工"), max_length=100, blank=True)
    starts_on = models.DateField(_("加入日期"))
    ends_on = models.DateField(_("离开日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = RosterEntryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("临时党支部名册")
        verbose_name_plural = _("临时党支部名册")
        ordering = ["ends_on", "member__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="roster_ends_after_start",
                violation_error_message=_("离开日期不能早于加入日期。"),
            ),
            models.UniqueConstraint(
                fields=["organization", "member"],
                condition=Q(ends_on__isnull=True),
                name="roster_once_while_active",
                violation_error_message=_("该党员已在此临时党支部名册中。"),
            ),
        ]
        indexes = [models.Index(fields=["township", "ends_on"], name="roster_township_active")]

    def __str__(self):
        return f"{self.member} @ {self.organization}"

    @property
    def is_active(self) -> bool:
        return self.ends_on is None
