from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.autocomplete import BY_NAME_OR_CODE, autocomplete
from organizations.forms import DateInput
from organizations.money import MoneyFormatError, parse_yuan

from .choices import Source, Use


class MoneyField(forms.DecimalField):
    """An amount as a clerk types it (organizations.money.parse_yuan), in a text box:
    a number box would drop "1,234.50" or "¥300" before the form ever saw it."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_yuan(value)
        except MoneyFormatError as error:
            raise ValidationError(self.error_messages[error.code], code=error.code) from None


def money_field(label):
    """Yuan with at most two decimal places, more than zero, with the services' wording.
    Every money input of the app is this field."""
    return MoneyField(
        label=label,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text=_("如 1234.50、1,234.50 或 ¥1,234.50"),
        error_messages={
            "required": _("请填写金额。"),
            "min_value": _("金额必须大于零。"),
            "max_decimal_places": _("金额以元为单位，最多两位小数。"),
            "max_digits": _("金额过大。"),
            "max_whole_digits": _("金额过大。"),
            "invalid": _("请填写金额数字，如 1234.50 或 1,234.50（可带 ¥ 或 元）。"),
        },
    )


class AppropriationForm(forms.Form):
    source = forms.ChoiceField(label=_("来源"), choices=Source.choices)
    document_number = forms.CharField(
        label=_("文号"), max_length=60, help_text=_("如：丰组〔2026〕3号")
    )
    issued_on = forms.DateField(label=_("下拨日期"), widget=DateInput(), initial=timezone.localdate)
    amount = money_field(_("金额（元）"))
    allowed_uses = forms.MultipleChoiceField(
        label=_("允许用途"),
        choices=Use.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=Use.values,
    )
    note = forms.CharField(
        label=_("备注"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AllocationForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("接收组织"), queryset=None)
    amount = money_field(_("金额（元）"))
    allocated_on = forms.DateField(
        label=_("下拨日期"), widget=DateInput(), initial=timezone.localdate
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        autocomplete(self.fields["organization"], search=BY_NAME_OR_CODE)


class ExpenditureForm(forms.Form):
    amount = money_field(_("金额（元）"))
    spent_on = forms.DateField(label=_("支出日期"), widget=DateInput(), initial=timezone.localdate)
    use = forms.ChoiceField(label=_("用途"), choices=())
    beneficiaries = forms.CharField(
        label=_("受益对象或物品"),
        max_length=300,
        help_text=_("如：慰问一线医务人员 8 人；口罩 2000 只。公示时姓名只显示姓氏。"),
    )
    beneficiary_count = forms.IntegerField(label=_("人数或数量"), min_value=0, initial=0)
    payee = forms.CharField(label=_("收款方"), max_length=100)
    voucher = forms.FileField(
        label=_("凭证（图片或 PDF）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )

    def __init__(self, *args, allocation, **kwargs):
        super().__init__(*args, **kwargs)
        appropriation = allocation.appropriation
        self.fields["use"].choices = [(code, Use(code).label) for code in appropriation.use_list]


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("冲销原因"), max_length=300)
    reversed_on = forms.DateField(
        label=_("冲销日期"), widget=DateInput(), initial=timezone.localdate
    )
