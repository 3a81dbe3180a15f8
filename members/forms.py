from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.autocomplete import BY_NAME_OR_CODE, autocomplete
from organizations.choices import OrganizationKind, Sector
from organizations.forms import DateInput, ScopedModelForm
from organizations.models import Organization
from organizations.money import yuan
from organizations.personal import validate_id_number
from organizations.selectors import is_in_county_organ

from .choices import (
    DisciplineDecision,
    MemberCategory,
    MemberStatus,
    RegistrationRole,
    Stage,
    StepKind,
)
from .models import Activist, CareRecord, DevelopmentStep, DisciplineCase, Member, Post
from .services import measures_for
from .services.activists import OPTIONAL_FIELDS, STEP_FIELDS, upper_committees


def _working(user, keep=None):
    """The working organizations in `user`'s scope, and the one a record already names
    (`keep`) so editing a record of a since deactivated organization can still be saved."""
    working = Organization.objects.visible_to(user).working()
    if keep is None:
        return working
    return working | Organization.objects.visible_to(user).filter(pk=keep)


def _branches(user, keep=None):
    return _working(user, keep).filter(kind=OrganizationKind.BRANCH)


def _scope_holds_county_organs(user) -> bool:
    """A township's or a village's scope never holds a county organ's branch."""
    organization = getattr(user, "organization", None)
    return user.sees_whole_county or (organization is not None and is_in_county_organ(organization))


class MemberForm(ScopedModelForm):
    class Meta:
        model = Member
        fields = [
            "name",
            "id_number",
            "phone",
            "ethnicity",
            "education",
            "organization",
            "category",
            "joined_on",
            "full_member_on",
        ]
        help_texts = {
            "id_number": _("性别和出生日期由身份证号码自动得出。"),
            "full_member_on": _("预备党员不填；填写后即为正式党员。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_number"].validators.append(validate_id_number)
        self.fields["organization"].queryset = _branches(
            self.user, keep=self.instance.organization_id if self.instance.pk else None
        )
        autocomplete(self.fields["organization"], search=BY_NAME_OR_CODE, user=self.user)
        if not _scope_holds_county_organs(self.user) and (
            self.instance.category != MemberCategory.COUNTY_ORGAN
        ):
            # 县直机关 members belong to county organs' branches: never offered where none is.
            self.fields["category"].choices = [
                choice
                for choice in self.fields["category"].choices
                if choice[0] != MemberCategory.COUNTY_ORGAN
            ]
        if self.instance.pk:
            self.fields["is_active"] = forms.BooleanField(
                label=_("在册"), required=False, initial=self.instance.is_active
            )

    def _get_validation_exclusions(self):
        """Whether the ID number is free is the service's to say: the model's unique check
        would tell a township that the person is a member elsewhere. Its format is checked
        by the field itself (above)."""
        return {*super()._get_validation_exclusions(), "id_number"}


class PostForm(ScopedModelForm):
    class Meta:
        model = Post
        fields = [
            "kind",
            "name",
            "organization",
            "place",
            "duty",
            "households_covered",
            "starts_on",
            "ends_on",
        ]
        widgets = {"duty": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.visible_to(self.user).working()
        autocomplete(self.fields["organization"], search=BY_NAME_OR_CODE, user=self.user)
        self.fields["starts_on"].initial = timezone.localdate


class PostAssignForm(forms.Form):
    member = forms.ModelChoiceField(label=_("党员"), queryset=Member.objects.none())
    starts_on = forms.DateField(label=_("上岗日期"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("离岗日期"), required=False, widget=DateInput())

    def __init__(self, *args, post, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda member: (
            f"{member.name}（{member.organization.name}）"
        )
        autocomplete(
            self.fields["member"],
            related=("organization",),
            url=reverse("members:post_assign", args=[post.pk]),
        )


class RegistrationForm(forms.Form):
    """The receiving side registers a county-organ member, identified by ID number and name."""

    id_number = forms.CharField(
        label=_("报到党员身份证号码"),
        max_length=18,
        help_text=_("按身份证核对，不浏览县直机关名册。"),
    )
    name = forms.CharField(label=_("报到党员姓名"), max_length=50)
    organization = forms.ModelChoiceField(label=_("报到组织"), queryset=Organization.objects.none())
    role = forms.ChoiceField(label=_("报到岗位"), choices=RegistrationRole.choices)
    starts_on = forms.DateField(label=_("开始日期"), widget=DateInput(), initial=timezone.localdate)
    ends_on = forms.DateField(label=_("结束日期"), required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            _working(user)
            .filter(sector__in=[Sector.RURAL, Sector.URBAN_COMMUNITY], township__isnull=False)
            .exclude(kind__in=[OrganizationKind.TOWNSHIP, OrganizationKind.STREET])
        )
        autocomplete(self.fields["organization"], search=BY_NAME_OR_CODE, user=user)

    def clean(self):
        cleaned = super().clean()
        number = (cleaned.get("id_number") or "").strip().upper()
        name = (cleaned.get("name") or "").strip()
        if number and name:
            member = Member.objects.filter(
                id_number=number, category=MemberCategory.COUNTY_ORGAN, is_active=True
            ).first()
            if member is None or member.name != name:
                raise forms.ValidationError(
                    _("没有找到身份证号码与姓名都相符的在册县直机关党员，请核对。")
                )
            cleaned["member"] = member
        return cleaned


class ActivistForm(ScopedModelForm):
    applied_on = forms.DateField(label=_("递交入党申请日期"), widget=DateInput())
    performance = forms.CharField(
        label=_("一线表现"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = Activist
        fields = ["name", "id_number", "phone", "ethnicity", "education", "organization"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A temporary branch educates and trains activists (教育培养) but develops nobody.
        self.fields["organization"].queryset = _working(self.user).filter(
            kind__in=[OrganizationKind.BRANCH, OrganizationKind.TEMPORARY_BRANCH]
        )
        autocomplete(self.fields["organization"], search=BY_NAME_OR_CODE, user=self.user)

    def _get_validation_exclusions(self):
        """Whether the ID number is free is the service's to say, as for members."""
        return {*super()._get_validation_exclusions(), "id_number"}


class ActivistAdvanceForm(forms.Form):
    stage = forms.ChoiceField(label=_("进入阶段"), choices=Stage.choices)
    happened_on = forms.DateField(label=_("日期"), widget=DateInput())
    performance = forms.CharField(
        label=_("一线表现"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, next_stage=None, **kwargs):
        super().__init__(*args, **kwargs)
        if next_stage is not None:
            # Only the one step that can be taken is offered; a page opened before someone
            # else took it still posts a known stage, and the service says what happened.
            self.fields["stage"].widget.choices = [(next_stage.value, next_stage.label)]


STEP_LABELS = {
    StepKind.SHORTENING: {
        "happened_on": _("上级党委批准日期"),
        "organization": _("批准的上级党委"),
        "document_number": _("批准文件编号"),
        "note": _("一线突出表现"),
    },
    StepKind.INTRODUCERS: {"happened_on": _("确定日期")},
    StepKind.POLITICAL_REVIEW: {"happened_on": _("审查日期"), "note": _("政审结论")},
    StepKind.TRAINING: {"happened_on": _("结业日期")},
    StepKind.PUBLIC_NOTICE: {"happened_on": _("公示开始日期")},
    StepKind.PRE_REVIEW: {"happened_on": _("预审日期"), "organization": _("预审的上级党委")},
    StepKind.BRANCH_MEETING: {"happened_on": _("支部大会日期")},
    StepKind.APPROVAL: {
        "happened_on": _("审批日期"),
        "organization": _("审批的上级党委"),
        "document_number": _("审批文件编号"),
    },
    StepKind.OATH: {"happened_on": _("宣誓日期")},
    StepKind.EXTENSION: {
        "happened_on": _("决定日期"),
        "organization": _("作出决定的组织"),
        "document_number": _("决定文件编号"),
        "note": _("延长原因"),
    },
    StepKind.ENDED: {"happened_on": _("终止日期"), "note": _("终止原因")},
}


class DevelopmentStepForm(forms.Form):
    """The fields one kind of step records (members/services/activists.py `STEP_FIELDS`)."""

    def __init__(self, *args, kind, activist, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            label=_("程序"), choices=StepKind.choices, initial=kind, widget=forms.HiddenInput
        )
        names = ["happened_on", *STEP_FIELDS[kind]]
        self.fields.update(
            forms.fields_for_model(
                DevelopmentStep,
                fields=names,
                labels=STEP_LABELS.get(kind, {}),
                widgets={
                    name: DateInput() for name in ("happened_on", "ends_on", "branch_decided_on")
                }
                | {"note": forms.Textarea(attrs={"rows": 2})},
            )
        )
        for name in names:
            self.fields[name].required = name not in OPTIONAL_FIELDS
        self.fields["happened_on"].initial = timezone.localdate
        if "organization" in self.fields:
            committees = upper_committees(activist)
            if kind == StepKind.EXTENSION:
                committees = committees | Organization.objects.filter(pk=activist.organization_id)
            self.fields["organization"].queryset = committees
        for name in ("introducer_one", "introducer_two"):
            if name in self.fields:
                self.fields[name].queryset = (
                    Member.objects.visible_to(user)
                    .filter(status=MemberStatus.FULL, is_active=True)
                    .exclude(id_number=activist.id_number)
                    .select_related("organization")
                )
                self.fields[name].label_from_instance = lambda member: (
                    f"{member.name}（{member.organization.name}）"
                )
        if kind == StepKind.TRAINING:
            self.fields["training_days"].help_text = _("不少于3天或24学时，填写其一即可。")
        if kind == StepKind.BRANCH_MEETING:
            self.fields["votes_for"].help_text = _("须超过应到会有表决权的正式党员的半数。")


class DisciplineForm(ScopedModelForm):
    """A case of the kind chosen first (in the URL): only that kind's measures for this
    member are offered; a probationary member's are 批评教育, 延长预备期, 取消预备党员资格."""

    class Meta:
        model = DisciplineCase
        fields = [
            "deciding_organization",
            "reason",
            "facts",
            "decision",
            "probation_years",
            "extension_months",
            "decided_on",
            "assignment",
            "registration",
        ]
        widgets = {"facts": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, member, kind, **kwargs):
        super().__init__(*args, **kwargs)
        ancestors = Organization.objects.get_ancestors(member.organization)
        self.fields["deciding_organization"].queryset = (
            _working(self.user)
            .filter(pk__in=[member.organization_id, *[node.pk for node in ancestors]])
            .exclude(kind=OrganizationKind.TEMPORARY_BRANCH)
        )
        measures = measures_for(member, kind)
        self.fields["decision"].choices = [(m.value, m.label) for m in measures]
        if DisciplineDecision.PROBATION not in measures:
            del self.fields["probation_years"]
        if DisciplineDecision.EXTEND_PROBATION not in measures:
            del self.fields["extension_months"]
        self.fields["decided_on"].initial = timezone.localdate
        self.fields["decided_on"].help_text = _(
            "须经上级党委批准的处理，填写提请日期；批准后生效。"
        )
        self.fields["assignment"].queryset = member.assignments.select_related("post")
        self.fields["assignment"].label_from_instance = lambda a: a.post.name
        self.fields["registration"].queryset = member.registrations.select_related("organization")
        self.fields["registration"].label_from_instance = lambda r: (
            f"{r.organization.name}（{r.get_role_display()}）"
        )
        self.instance.member = member
        self.instance.kind = kind

    def _get_validation_exclusions(self):
        """The service says which measures fit the kind and the member (with the reason)."""
        return {*super()._get_validation_exclusions(), "decision"}


class DisciplineApproveForm(forms.Form):
    """The upper committee's approval of a proposed case (who, date, document number)."""

    approving_organization = forms.ModelChoiceField(
        label=_("批准的上级党委"), queryset=Organization.objects.none()
    )
    approved_on = forms.DateField(label=_("批准日期"), widget=DateInput())
    approval_document = forms.CharField(label=_("批准文号"), max_length=100)

    def __init__(self, *args, user, case, **kwargs):
        super().__init__(*args, **kwargs)
        proposer = case.deciding_organization
        above = Organization.objects.get_ancestors(proposer)
        self.fields["approving_organization"].queryset = (
            _working(user)
            .filter(pk__in=[node.pk for node in above])
            .exclude(
                kind__in=[
                    OrganizationKind.BRANCH,
                    OrganizationKind.GENERAL_BRANCH,
                    OrganizationKind.TEMPORARY_BRANCH,
                ]
            )
        )
        self.fields["approved_on"].initial = timezone.localdate


class CareForm(ScopedModelForm):
    class Meta:
        model = CareRecord
        fields = [
            "organization",
            "person_name",
            "difficulty",
            "reported_on",
            "assignment",
            "registration",
        ]
        widgets = {"difficulty": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _working(self.user)
        autocomplete(self.fields["organization"], search=BY_NAME_OR_CODE, user=self.user)
        self.fields["person_name"].required = member is None
        if member is None:  # the front-line facts are a member's own
            del self.fields["assignment"]
            del self.fields["registration"]
            return
        self.fields["assignment"].queryset = member.assignments.select_related("post")
        self.fields["assignment"].label_from_instance = lambda a: a.post.name
        self.fields["registration"].queryset = member.registrations.select_related("organization")
        self.fields["registration"].label_from_instance = lambda r: (
            f"{r.organization.name}（{r.get_role_display()}）"
        )


class CareResolveForm(forms.Form):
    action = forms.CharField(
        label=_("帮扶措施"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    resolved_on = forms.DateField(label=_("解决日期"), widget=DateInput())
    paid_by = forms.ModelChoiceField(
        label=_("支付的专项党费支出"),
        queryset=None,
        required=False,
        empty_label=_("（未使用专项党费）"),
        help_text=_("慰问或补助由专项党费支付时选择，专款专用可从钱追到人。"),
    )

    def __init__(self, *args, spendings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_by"].queryset = spendings
        # The amount first: a phone's select shows only the start of an option.
        self.fields["paid_by"].label_from_instance = lambda spending: (
            f"{yuan(spending.amount)} · {spending.spent_on} · "
            f"{spending.allocation.organization.name} · {spending.beneficiaries or spending.payee}"
        )


class RosterAddForm(forms.Form):
    """Someone of the user's scope joins a temporary branch's roster."""

    member = forms.ModelChoiceField(label=_("党员"), queryset=Member.objects.none())
    duty = forms.CharField(label=_("分工"), max_length=100, required=False)
    starts_on = forms.DateField(label=_("加入日期"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda member: (
            f"{member.name}（{member.organization.name}）"
        )
