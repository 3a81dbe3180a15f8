from django import forms
from django.utils.translation import gettext_lazy as _

from cadres.forms import MultipleFileField
from organizations.forms import DateInput

from .choices import Evidence, Risk
from .models import ReportingCadence


class ReportForm(forms.Form):
    """Only what the secretary knows and the system cannot: at most five typed fields."""

    highlights = forms.CharField(
        label=_("典型事迹"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    needs = forms.CharField(
        label=_("困难和需求"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("每行一条；没有可不填。已提出的不必重复。"),
    )
    risk = forms.ChoiceField(
        label=_("风险等级"), choices=Risk.choices, initial=Risk.CALM, widget=forms.RadioSelect
    )
    photos = MultipleFileField(label=_("照片"), required=False)

    def clean_needs(self):
        return [line.strip() for line in self.cleaned_data["needs"].splitlines() if line.strip()]


class NeedAnswerForm(forms.Form):
    handler = forms.CharField(label=_("承办单位或人员"), max_length=100)
    answer = forms.CharField(
        label=_("办理情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    close = forms.BooleanField(label=_("已办结"), required=False)


class NeedReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("重新办理的原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class DirectiveForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    items = forms.CharField(
        label=_("部署事项"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("每行一项，按顺序编号。"),
    )
    evidence = forms.ChoiceField(
        label=_("对应工作记录（用于各项）"), choices=Evidence.choices, required=False
    )

    def clean_items(self):
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


class CadenceForm(forms.ModelForm):
    class Meta:
        model = ReportingCadence
        fields = ["kind", "every_days", "anchor", "grace_hours", "include_branches"]
        widgets = {"anchor": DateInput()}
