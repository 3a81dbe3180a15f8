"""Funds' answer to `organizations.signals.organization_closing`: money still held there.

专项党费 is 专款专用 and should go where it is most urgent (notice §5); an organization that
stops working with money left would leave it idle, so whoever closes it is told first.
"""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from organizations.models import Organization
from organizations.money import yuan
from organizations.signals import ClosingNote, organization_closing

from .models import Allocation
from .selectors import with_balance


@receiver(organization_closing, sender=Organization)
def unspent_allocations(sender, *, organization, **kwargs) -> list[ClosingNote]:
    held = with_balance(Allocation.objects.filter(organization=organization)).select_related(
        "appropriation"
    )
    return [
        ClosingNote(
            _("专项党费“%(document)s”仍有余额 %(balance)s 未用完，请先转拨或按规定处理。")
            % {
                "document": allocation.appropriation.document_number,
                "balance": yuan(allocation.balance),
            },
            warning=True,
        )
        for allocation in held.order_by("allocated_on", "pk")
    ]
