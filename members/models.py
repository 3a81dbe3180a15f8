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
    DisciplineDecision,
    DisciplineReason,
    Education,
    Gender,
    MemberCategory,
    MemberStatus,
    PostKind,
    RegistrationRole,
    Stage,
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
        indexes = [models.Index(fields=["township", "role"], name="registration_township_role")]

    def __str__(self):
        return f"{self.member} → {self.organization}（{self.get_role_display()}）"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Activist(MaskedPersonalData, TownshipCopyModel):
    """A person found on the front line and developed towards membership (火线入党).

    `stage` is never typed: the services set it from the latest event.
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
    exception_note = models.TextField(
        _("特殊情况说明"),
        max_length=1000,
        blank=True,
        help_text=_("未满规定期限时，写明火线发展的依据和批准情况。"),
    )
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


class DisciplineCase(TownshipCopyModel):
    """严肃处理 (notice §4): a member who disobeyed, obstructed or retreated."""

    township_source = "member.organization"

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="discipline_cases"
    )
    deciding_organization = models.ForeignKey(
        Organization,
        verbose_name=_("作出决定的组织"),
        on_delete=models.PROTECT,
        related_name="discipline_decisions",
    )
    reason = models.CharField(_("情形"), max_length=16, choices=DisciplineReason.choices)
    facts = models.TextField(_("主要事实"), max_length=2000)
    decision = models.CharField(_("处理决定"), max_length=20, choices=DisciplineDecision.choices)
    decided_on = models.DateField(_("决定日期"))
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

    def __str__(self):
        return f"{self.member} {self.get_decision_display()}"


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
    difficulty = models.TextField(_("困难"), max_length=1000)
    action = models.TextField(_("帮扶措施"), max_length=1000, blank=True)
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
