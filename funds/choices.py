"""Vocabulary of special party fees (notice §5: 专项党费，专款专用)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    HIGHER = "higher", _("上级下拨")
    COUNTY = "county", _("县级配套")


class Use(models.TextChoices):
    """The earmarked uses of the 2020 central allocation for epidemic prevention."""

    CONDOLENCE = "condolence", _("慰问奋战在一线的医务工作者和基层党员、干部")
    SUPPLIES = "supplies", _("支持基层党组织开展防控工作（购买防控药品、物资等）")
    HARDSHIP = "hardship", _("补助因患病遇到困难的党员和群众")


USE_SHORT_LABELS = {
    Use.CONDOLENCE: _("慰问一线党员干部"),
    Use.SUPPLIES: _("购买防控物资"),
    Use.HARDSHIP: _("补助困难党员群众"),
}

# Uses whose beneficiaries are people, named on a posted notice by surname only; the
# items bought for 防控 are things, shown as written.
PEOPLE_USES = frozenset({Use.CONDOLENCE, Use.HARDSHIP})


class RequestState(models.TextChoices):
    """A step that moves money above the threshold, or takes an entry back, waits for a
    second person (四眼原则): requested by one, approved or sent back by another."""

    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已退回")
