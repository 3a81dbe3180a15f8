from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.autocomplete import BY_NAME_OR_CODE, autocomplete
from organizations.forms import DateInput, ModelCheckboxesField, ScopedModelForm
from organizations.models import Organization

from .choices import (
    CADRE_MEASURES,
    CHECKPOINTS,
    TEAM_MEASURES,
    AppealResult,
    Dimension,
    NoticeMethod,
    OutcomeKind,
    Polarity,
    Source,
    StepKind,
)
from .models import Cadre, CadreCategory
from .selectors import subject_from_value
from .services import STEP_RECORDS, allowed_steps


class CadreForm(ScopedModelForm):
    class Meta:
        model = Cadre
        fields = [
            "name",
            "organization",
            "post_title",
            "category",
            "phone",
            "birth_year",
            "management",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A cadre is registered to a unit that still works; one already kept on a unit
        # since closed keeps it offered, so an edit does not lose it.
        working = Organization.objects.visible_to(self.user).working()
        categories = CadreCategory.objects.filter(is_active=True)
        if self.instance.pk:
            kept = Organization.objects.visible_to(self.user).filter(
                pk=self.instance.organization_id
            )
            working = working | kept
            categories = categories | CadreCategory.objects.filter(pk=self.instance.category_id)
        self.fields["organization"].queryset = working
        autocomplete(self.fields["organization"], search=BY_NAME_OR_CODE, user=self.user)
        self.fields["category"].queryset = categories


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def checkpoint_choices():
    """Checkpoints grouped by the subjects they apply to (the browser shows one group)."""
    return [
        (group.label, [(c.value, c.label) for c in checkpoints])
        for group, checkpoints in CHECKPOINTS.items()
    ]


class RecordForm(forms.Form):
    """The quick entry form: one screen, today by default, only the subject's checkpoints."""

    subject = forms.CharField(label=_("对象"), widget=forms.Select)
    occurred_on = forms.DateField(label=_("日期"), widget=DateInput(), initial=timezone.localdate)
    polarity = forms.ChoiceField(
        label=_("评价"), choices=Polarity.choices, widget=forms.RadioSelect, initial="good"
    )
    checkpoint = forms.ChoiceField(label=_("考察要点"), choices=checkpoint_choices)
    dimensions = forms.MultipleChoiceField(
        label=_("识别评价维度"), choices=Dimension.choices, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(
        label=_("具体事例"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    place = forms.CharField(label=_("地点"), max_length=100)
    source = forms.ChoiceField(label=_("来源"), choices=Source.choices, initial="site_visit")
    evidence = MultipleFileField(label=_("佐证材料（图片或 PDF）"), required=False)

    def __init__(self, *args, user, subject_options, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["subject"].widget.choices = [
            ("", _("— 输入姓名查找后选择 —")),
            *[(option["value"], option["label"]) for option in subject_options],
        ]
        self.subject_sets = {option["value"]: option["set"] for option in subject_options}

    def clean_subject(self):
        subject = subject_from_value(user=self.user, value=self.cleaned_data["subject"])
        if subject is None:
            raise forms.ValidationError(_("请选择一名干部或一个领导班子。"))
        return subject


def _record_label(record) -> str:
    return f"{record.occurred_on} {record.get_polarity_display()}：{record.description[:40]}"


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=OutcomeKind.choices)
    measures = forms.MultipleChoiceField(
        label=_("问责方式"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("问责时选择，可单独使用，也可合并使用；推荐、调整不选。"),
    )
    reason = forms.CharField(
        label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    records = ModelCheckboxesField(
        label=_("依据的一线表现记录"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    follows = forms.ModelChoiceField(label=_("接续已决定的结果"), queryset=None, required=False)

    def __init__(self, *args, records, previous, is_team=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what the service accepts for this subject is offered: a leadership team is
        # held accountable only, and each kind of subject has its own measures.
        measures = TEAM_MEASURES if is_team else CADRE_MEASURES
        self.fields["measures"].choices = [(m.value, m.label) for m in measures]
        if is_team:
            self.fields["kind"].choices = [
                (OutcomeKind.ACCOUNTABILITY, OutcomeKind.ACCOUNTABILITY.label)
            ]
            self.fields["kind"].initial = OutcomeKind.ACCOUNTABILITY
            self.fields["measures"].help_text = _("可单独使用，也可合并使用。")
        self.fields["records"].queryset = records
        self.fields["records"].label_from_instance = _record_label
        if not records.exists():
            self.fields["records"].help_text = _(
                "该对象还没有已审核的一线表现记录：结果须依据已审核的记录，请先记录并审核。"
            )
        self.fields["follows"].queryset = previous


# What the reason is called on each step's form.
REASON_LABELS = {
    StepKind.REVIEWED: _("审核意见"),
    StepKind.TRANSFERRED: _("移送事由"),
    StepKind.DECIDED: _("决定内容"),
    StepKind.WITHDRAWN: _("撤回理由"),
    StepKind.NOTIFIED: _("说明（选填）"),
    StepKind.APPEALED: _("申诉理由"),
    StepKind.APPEAL_DECIDED: _("处理意见"),
    StepKind.FILED: _("说明（选填）"),
}


class OutcomeStepForm(forms.Form):
    """One step, chosen on the outcome's page; its confirmation page carries it hidden and
    shows only the fields that step records."""

    state = forms.ChoiceField(label=_("办理"), choices=(), widget=forms.HiddenInput)
    acted_on = forms.DateField(label=_("日期"), widget=DateInput(), initial=timezone.localdate)
    meeting = forms.CharField(
        label=_("会议"), max_length=100, help_text=_("如：县委常委会 2026 年第 12 次会议")
    )
    document_number = forms.CharField(label=_("文号"), max_length=60)
    method = forms.ChoiceField(label=_("告知方式"), choices=NoticeMethod.choices)
    result = forms.ChoiceField(
        label=_("处理结果"), choices=AppealResult.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, outcome, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome = outcome
        self.fields["state"].choices = next_steps(outcome)
        state = self.data.get("state") if self.is_bound else self.initial.get("state")
        # The fields the service keeps for this step, and no others (one definition).
        kept = STEP_RECORDS.get(state, ())
        for name in ("meeting", "document_number", "method", "result"):
            if name not in kept:
                del self.fields[name]
        self.fields["reason"].label = REASON_LABELS.get(state, _("理由"))
        # The service says what each step must carry (with the reason in Chinese).
        for field in self.fields.values():
            field.required = False
        self.fields["state"].required = True
        self.fields["acted_on"].required = True
        if "document_number" in self.fields:
            self.fields["document_number"].help_text = DOCUMENT_HELP.get(state, "")

    def clean(self):
        # A hidden field's error shows nowhere: say it above the form instead.
        if "state" in self.errors:
            del self.errors["state"]
            self.add_error(
                None,
                _("当前为“%(now)s”，不能这样办理；请回到结果页面重新选择。")
                % {"now": self.outcome.get_state_display()},
            )
        return super().clean()


DOCUMENT_HELP = {
    StepKind.TRANSFERRED: _("移送函的文号。"),
    StepKind.DECIDED: _("决定（问责决定书、任免或调整决定、处分决定）的文号。"),
    StepKind.APPEAL_DECIDED: _("申诉处理决定的文号。"),
    StepKind.FILED: _("报上一级组织部门备案的文号；问责决定必填。"),
}


def next_steps(outcome) -> list[tuple[str, str]]:
    """The steps an outcome may take next, as (state, label)."""
    return [(state, StepKind(state).label) for state in allowed_steps(outcome)]


class CommendationForm(forms.Form):
    title = forms.CharField(
        label=_("称号"), max_length=100, help_text=_("例如：抗击疫情先进个人、先进基层党组织")
    )
    citation = forms.CharField(
        label=_("主要事迹"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    records = ModelCheckboxesField(
        label=_("依据的一线表现记录"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["records"].queryset = records
        self.fields["records"].label_from_instance = lambda record: (
            f"{record.occurred_on} {record.get_polarity_display()}：{record.description[:40]}"
        )
        if not records.exists():
            del self.fields["records"]


class NoticeForm(forms.Form):
    notice_starts_on = forms.DateField(
        label=_("公示开始"), widget=DateInput(), initial=timezone.localdate
    )
    notice_ends_on = forms.DateField(label=_("公示结束"), widget=DateInput())


class DecisionForm(forms.Form):
    """Chosen on the commendation's page; its confirmation page carries the action hidden."""

    action = forms.ChoiceField(
        choices=[("confirm", _("确认表彰")), ("withdraw", _("撤回"))], widget=forms.HiddenInput
    )
    decision_note = forms.CharField(label=_("说明"), max_length=500, required=False)


class ObjectionForm(forms.Form):
    """异议 as it reached the county: who (as signed), when, what."""

    raised_by = forms.CharField(
        label=_("反映人"), max_length=100, help_text=_("姓名或单位；匿名反映的写“匿名”。")
    )
    raised_on = forms.DateField(label=_("反映日期"), widget=DateInput(), initial=timezone.localdate)
    content = forms.CharField(
        label=_("异议内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ObjectionResolveForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("核实结论"),
        choices=[("no", _("异议不成立，继续表彰程序")), ("yes", _("异议成立，撤回表彰提名"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    resolution = forms.CharField(
        label=_("核实处理意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    resolved_on = forms.DateField(
        label=_("处理日期"), widget=DateInput(), initial=timezone.localdate
    )
