"""The county's party organizations as one tree, and the people who act for them."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from .choices import (
    SECTOR_DUTIES,
    TOWNSHIP_DUTY,
    TOWNSHIP_KINDS,
    OrganizationKind,
    RevealReason,
    Role,
    Sector,
)
from .querysets import ScopedQuerySet

code_validator = RegexValidator(
    r"^[0-9A-Za-z-]{2,32}$", _("编码只能由 2 至 32 位字母、数字或连字符组成")
)
# ASCII digits only (see organizations.personal.ID_PATTERN).
phone_validator = RegexValidator(
    r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})\Z",
    _("请填写 11 位手机号码或带区号的固定电话（如 0373-1234567）"),
)


class OrganizationQuerySet(ScopedQuerySet, MP_NodeQuerySet):
    organization_field = ""
    township_field = "township"

    def children_of(self, node):
        """Direct children read from the paths, never from a possibly stale `numchild`."""
        return self.filter(path__startswith=node.path, depth=node.depth + 1)

    def working(self):
        """Organizations that can take new work (posts, allocations, registrations, rosters):
        running (`is_active`) and, for a temporary branch, not yet dissolved. The one
        definition every form choice uses."""
        return self.filter(is_active=True, closed_on__isnull=True)


class OrganizationManager(MP_NodeManager):
    def get_queryset(self):
        return OrganizationQuerySet(self.model, using=self._db).order_by("path")

    def visible_to(self, user):
        return self.get_queryset().visible_to(user)

    def children_of(self, node):
        return self.get_queryset().children_of(node)

    def working(self):
        return self.get_queryset().working()


class Organization(MP_Node):
    """A party organization, from the county committee down to a front-line branch.

    The township is copied from the tree onto each row so that "this township's
    organizations" is one indexed equality instead of a walk up the tree.
    """

    name = models.CharField(_("名称"), max_length=100)
    code = models.CharField(_("组织编码"), max_length=32, validators=[code_validator])
    kind = models.CharField(_("组织类别"), max_length=20, choices=OrganizationKind.choices)
    sector = models.CharField(_("所属领域"), max_length=20, choices=Sector.choices)
    township = models.ForeignKey(
        "self",
        verbose_name=_("所属乡镇（街道）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="township_organizations",
    )
    secretary_name = models.CharField(_("书记"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("联系电话"), max_length=20, blank=True, validators=[phone_validator]
    )
    households_covered = models.PositiveIntegerField(_("覆盖户数"), default=0)
    is_active = models.BooleanField(_("正常运行"), default=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    established_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("组建人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    closed_on = models.DateField(_("撤销日期"), null=True, blank=True)
    # A temporary branch is set up with the approval of a party organization above it,
    # which designates its secretary (《中国共产党支部工作条例（试行）》, 临时党支部).
    approved_by = models.ForeignKey(
        "self",
        verbose_name=_("批准成立的党组织"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    approved_on = models.DateField(_("批准日期"), null=True, blank=True, editable=False)
    approval_document = models.CharField(_("批准文号"), max_length=50, blank=True, editable=False)
    designated_secretary = models.ForeignKey(
        "members.Member",
        verbose_name=_("指定书记"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = OrganizationManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        constraints = [
            models.UniqueConstraint(fields=["code"], name="organization_code_unique"),
            models.CheckConstraint(
                condition=Q(kind=OrganizationKind.TEMPORARY_BRANCH)
                | Q(established_by__isnull=True, closed_on__isnull=True),
                name="organization_only_temporary_branch_closes",
                violation_error_message=_("只有临时党支部记录组建人和撤销日期。"),
            ),
            models.CheckConstraint(
                condition=Q(kind=OrganizationKind.TEMPORARY_BRANCH)
                | Q(
                    approved_by__isnull=True,
                    approved_on__isnull=True,
                    approval_document="",
                    designated_secretary__isnull=True,
                ),
                name="organization_only_temporary_branch_approved",
                violation_error_message=_("只有临时党支部记录批准成立的党组织和指定书记。"),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("established_on")),
                name="organization_closes_after_established",
                violation_error_message=_("撤销日期不能早于成立日期。"),
            ),
        ]
        indexes = [models.Index(fields=["township", "kind"], name="organization_township_kind")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organizations:organization_detail", args=[self.pk])

    @property
    def is_township(self) -> bool:
        return self.kind in TOWNSHIP_KINDS

    @property
    def is_temporary(self) -> bool:
        return self.kind == OrganizationKind.TEMPORARY_BRANCH

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def is_working(self) -> bool:
        """Takes new work: the row-level twin of `Organization.objects.working()`."""
        return self.is_active and self.closed_on is None

    @property
    def duty(self) -> str:
        """What notice §3 asks of this organization."""
        if self.is_township:
            return TOWNSHIP_DUTY
        return SECTOR_DUTIES[self.sector]


class TownshipCopyModel(models.Model):
    """A business record hanging under an organization, with its township copied onto it.

    `township_source` names the organization the record belongs to (a dotted attribute
    path); `save()` copies that organization's township, so "this township's records" is
    one indexed equality and can never disagree with the tree.
    """

    township_source = "organization"

    township = models.ForeignKey(
        Organization,
        verbose_name=_("所属乡镇（街道）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.township_id = self.source_organization().township_id
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "township"}
        super().save(*args, **kwargs)

    def source_organization(self) -> Organization:
        value = self
        for part in self.township_source.split("."):
            value = getattr(value, part)
        return value


class PersonalDataReveal(models.Model):
    """A record that someone saw a person's full ID number or phone (audit of personal data).

    The reason is what an auditor asks first: a person gives it on the reveal button, pages
    that reveal by themselves (the edit form, an ID-number search, the full export) give
    their own. Records from before reasons were asked keep a blank one.
    """

    user = models.ForeignKey(
        "User", verbose_name=_("查看人"), on_delete=models.PROTECT, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    fields = models.CharField(_("查看的信息"), max_length=100)
    revealed_at = models.DateTimeField(_("查看时间"), auto_now_add=True)
    reason = models.CharField(
        _("查看事由"), max_length=20, choices=RevealReason.choices, blank=True, default=""
    )
    note = models.CharField(_("事由说明"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("个人信息查看记录")
        verbose_name_plural = _("个人信息查看记录")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="reveal_subject"),
            models.Index(fields=["revealed_at"], name="reveal_revealed_at"),
        ]

    def __str__(self):
        return f"{self.user} {self.fields} {self.revealed_at:%Y-%m-%d %H:%M}"


class UserQuerySet(ScopedQuerySet):
    pass


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """An account; outside the admin site it acts for one organization in one role."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("所在组织"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, blank=True)

    objects = ScopedUserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=Q(role="", organization__isnull=True)
                | (~Q(role="") & Q(organization__isnull=False)),
                name="user_role_needs_organization",
                violation_error_message=_(
                    "有角色的用户必须指定所在组织，没有角色的用户不能指定所在组织。"
                ),
            ),
        ]

    def __str__(self):
        return self.display_name

    def clean(self):
        super().clean()
        if self.role and self.organization_id is None:
            raise ValidationError({"organization": _("有角色的用户必须指定所在组织")})
        if self.organization_id and not self.role:
            raise ValidationError({"role": _("指定了所在组织的用户必须选择角色")})
        if self.role == Role.TOWNSHIP_SECRETARY and not self.organization.is_township:
            raise ValidationError(
                {
                    "organization": _(
                        "乡镇（街道）书记的所在组织必须是乡镇党委、街道党工委或产业集聚区党工委"
                    )
                }
            )

    @property
    def display_name(self) -> str:
        return f"{self.last_name}{self.first_name}" or self.username

    @property
    def sees_whole_county(self) -> bool:
        return self.is_superuser or self.role in (Role.COUNTY_STAFF, Role.LEADER)

    @property
    def may_reveal(self) -> bool:
        """Who may see a person's full ID number and phone (each time recorded)."""
        return self.is_superuser or self.role in (
            Role.COUNTY_STAFF,
            Role.TOWNSHIP_SECRETARY,
            Role.BRANCH_SECRETARY,
        )

    @property
    def may_write(self) -> bool:
        """Leaders read; everyone else with a role writes within their scope."""
        return self.is_superuser or self.role in (
            Role.COUNTY_STAFF,
            Role.TOWNSHIP_SECRETARY,
            Role.BRANCH_SECRETARY,
        )


class JobState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


JOB_STAGES = {
    "read": _("读取文件"),
    "check": _("逐行检查"),
    "write": _("写入"),
}


class Job(models.Model):
    """Long work a user asked for, done off the request (a Celery worker, or a thread where
    no broker is configured): what it is, how far it has got, and its result or why it failed.

    An export ends with a file to download; an import with its summary and the page of its
    result (`next_url`).

    A job belongs to its user alone: nobody else learns it exists (404). What it reads it
    reads as that user, through the same scoped views; the result file is kept
    `JOB_KEEP_HOURS` and then deleted with the row (`manage.py purge_jobs`).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    kind = models.CharField(_("类别"), max_length=20)
    title = models.CharField(_("名称"), max_length=100)
    path = models.CharField(_("页面"), max_length=200)
    query = models.CharField(_("条件"), max_length=2000, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    done = models.PositiveIntegerField(_("已完成"), default=0)
    total = models.PositiveIntegerField(_("总数"), default=0)
    result = models.FileField(_("结果"), upload_to="jobs/", blank=True)
    result_name = models.CharField(_("文件名"), max_length=200, blank=True)
    error = models.CharField(_("失败原因"), max_length=500, blank=True)
    stage = models.CharField(_("步骤"), max_length=20, blank=True)
    summary = models.CharField(_("结果摘要"), max_length=500, blank=True)
    next_url = models.CharField(_("结果页面"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")),
                name="job_done_within_total",
                violation_error_message=_("已完成数不能超过总数。"),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("organizations:job_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def stage_label(self) -> str:
        return str(JOB_STAGES.get(self.stage, ""))

    @property
    def percent(self) -> int:
        return 100 if self.state == JobState.DONE else int(100 * self.done / (self.total or 1))
