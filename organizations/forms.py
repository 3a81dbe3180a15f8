from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    name = forms.CharField(
        label=_("名称"),
        max_length=100,
        help_text=_("例如：高速路口疫情防控临时党支部"),
    )
    sector = forms.ChoiceField(label=_("所属领域"), choices=Sector.choices)
    secretary_name = forms.CharField(label=_("书记"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    households_covered = forms.IntegerField(label=_("覆盖户数"), min_value=0, initial=0)
    established_on = forms.DateField(
        label=_("成立日期"),
        widget=DateInput(),
        initial=timezone.localdate,
    )


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
