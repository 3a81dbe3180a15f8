from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.choices import OrganizationKind, Sector
from organizations.forms import DateInput, ScopedModelForm
from organizations.models import Organization
from organizations.personal import validate_id_number
from organizations.selectors import is_in_county_organ

from .choices import MemberCategory, RegistrationRole, Stage
from .models import Activist, CareRecord, DisciplineCase, Member, Post


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
        self.fields["organization"].queryset = _branches(self.user)

    def _get_validation_exclusions(self):
        """Whether the ID number is free is the service's to say, as for members."""
        return {*super()._get_validation_exclusions(), "id_number"}


class ActivistAdvanceForm(forms.Form):
    stage = forms.ChoiceField(label=_("进入阶段"), choices=Stage.choices)
    happened_on = forms.DateField(label=_("日期"), widget=DateInput())
    performance = forms.CharField(
        label=_("一线表现"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    exception_note = forms.CharField(
        label=_("特殊情况说明"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("未满规定期限时必填：写明火线发展的依据和批准情况。"),
    )

    def __init__(self, *args, next_stage=None, **kwargs):
        super().__init__(*args, **kwargs)
        if next_stage is not None:
            # Only the one step that can be taken is offered; a page opened before someone
            # else took it still posts a known stage, and the service says what happened.
            self.fields["stage"].widget.choices = [(next_stage.value, next_stage.label)]


class DisciplineForm(ScopedModelForm):
    class Meta:
        model = DisciplineCase
        fields = ["deciding_organization", "reason", "facts", "decision", "decided_on"]
        widgets = {"facts": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        ancestors = Organization.objects.get_ancestors(member.organization)
        self.fields["deciding_organization"].queryset = _working(self.user).filter(
            pk__in=[member.organization_id, *[node.pk for node in ancestors]]
        )
        self.fields["decided_on"].initial = timezone.localdate


class CareForm(ScopedModelForm):
    class Meta:
        model = CareRecord
        fields = ["organization", "person_name", "difficulty", "reported_on"]
        widgets = {"difficulty": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _working(self.user)
        self.fields["person_name"].required = member is None


class CareResolveForm(forms.Form):
    action = forms.CharField(
        label=_("帮扶措施"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    resolved_on = forms.DateField(label=_("解决日期"), widget=DateInput())


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
