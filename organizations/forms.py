from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .autocomplete import autocomplete
from .choices import Sector
from .models import Organization


class DateInput(forms.DateInput):
    """A browser date picker; it needs ISO dates whatever the language's date format."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# The largest id a BigAutoField column holds.
LARGEST_ID = 2**63 - 1


class ModelCheckboxesField(forms.ModelMultipleChoiceField):
    """Several objects picked by id, where an id no table could hold is simply not a choice.

    Django guards a single lookup against such numbers but not `pk__in`, which SQLite
    answers with OverflowError: a hand-made POST of "99999999999999999999" was a 500.
    """

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(str(pk))
            except ValueError:
                continue  # Django refuses it itself
            if abs(number) > LARGEST_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class OrganizationSearchForm(forms.Form):
    q = forms.CharField(label=_("名称或编码"), required=False, max_length=50)
    kind = forms.ChoiceField(label=_("组织类别"), required=False)
    sector = forms.ChoiceField(label=_("所属领域"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind_field = Organization._meta.get_field("kind")
        self.fields["kind"].choices = [("", _("全部类别")), *kind_field.choices]
        self.fields["sector"].choices = [("", _("全部领域")), *Sector.choices]

    @property
    def is_searching(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


class OrganizationContactForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["secretary_name", "contact_phone", "households_covered"]
        help_texts = {"households_covered": _("本组织直接负责覆盖的群众户数。")}


class TemporaryBranchForm(forms.Form):
    """Opening a temporary branch: what it is, who approved it and whom that organization
    designated as its secretary (《中国共产党支部工作条例（试行）》, 临时党支部)."""

    name = forms.CharField(
        label=_("名称"),
        max_length=100,
        help_text=_("例如：高速路口疫情防控临时党支部"),
    )
    sector = forms.ChoiceField(label=_("所属领域"), choices=Sector.choices)
    approved_by = forms.ModelChoiceField(
        label=_("批准成立的党组织"),
        queryset=Organization.objects.none(),
        empty_label=None,
    )
    approved_on = forms.DateField(
        label=_("批准日期"),
        widget=DateInput(),
        required=False,
        help_text=_("不填即为成立日期。"),
    )
    approval_document = forms.CharField(
        label=_("批准文号"),
        max_length=50,
        required=False,
        help_text=_("有批准文件的填写，例如：丰组〔2026〕3号"),
    )
    designated_secretary = forms.ModelChoiceField(
        label=_("指定书记"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("（不在党员名册中，填写姓名）"),
        help_text=_("批准成立的党组织指定的书记，从本组织及下级组织的党员中选择。"),
    )
    secretary_name = forms.CharField(
        label=_("书记姓名"),
        max_length=50,
        required=False,
        help_text=_("指定书记不在党员名册中时填写。"),
    )
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    households_covered = forms.IntegerField(label=_("覆盖户数"), min_value=0, initial=0)
    established_on = forms.DateField(
        label=_("成立日期"),
        widget=DateInput(),
        initial=timezone.localdate,
    )

    def __init__(self, *args, approving, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = Organization.objects.filter(
            pk__in=[org.pk for org in approving]
        ).order_by("-depth")
        self.fields["designated_secretary"].queryset = members
        self.fields["designated_secretary"].label_from_instance = lambda member: (
            f"{member.name}（{member.organization.name}）"
        )
        autocomplete(self.fields["designated_secretary"], related=("organization",))

    def clean(self):
        data = super().clean()
        if not data.get("designated_secretary") and not data.get("secretary_name", "").strip():
            self.add_error(
                "designated_secretary",
                _("请指定临时党支部书记：从党员中选择，或填写书记姓名。"),
            )
        return data


class TemporaryBranchCloseForm(forms.Form):
    closed_on = forms.DateField(
        label=_("撤销日期"),
        widget=DateInput(),
        initial=timezone.localdate,
    )


class ScopedModelForm(forms.ModelForm):
    """A model form whose organization choices are cut to the user's scope."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field.widget, forms.DateInput):
                field.widget = DateInput()
