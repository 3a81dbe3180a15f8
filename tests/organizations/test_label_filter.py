"""The lists' `label` filter says what `get_<field>_display()` says, for every choice of the
fields the lists show it for, and for a value that is no choice (shown as it is)."""

import pytest

from cadres.models import FrontlineRecord
from funds.models import Expenditure
from members.models import Activist, Member, Post, Registration
from organizations.models import Organization
from organizations.templatetags.formatting import label

FIELDS = [
    (Member, "gender"),
    (Member, "status"),
    (Member, "category"),
    (FrontlineRecord, "polarity"),
    (FrontlineRecord, "checkpoint"),
    (Registration, "role"),
    (Post, "kind"),
    (Expenditure, "use"),
    (Activist, "stage"),
    (Organization, "kind"),
    (Organization, "sector"),
]


@pytest.mark.parametrize(("model", "field"), FIELDS, ids=lambda x: getattr(x, "__name__", x))
def test_the_label_is_the_models_own_display(model, field):
    values = [value for value, _text in model._meta.get_field(field).flatchoices]
    assert values, "a field with choices"
    for value in [*values, "no-such-choice"]:
        row = model(**{field: value})
        assert label(row, field) == getattr(row, f"get_{field}_display")()
