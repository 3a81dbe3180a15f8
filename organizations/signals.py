"""What other apps say when an organization stops working, without this app importing them.

`organizations` depends on nothing of ours (docs: dependency direction), yet closing a
temporary branch or deactivating an organization touches posts, rosters and money kept by
other apps. They answer these signals from their own `receivers.py`.
"""

import datetime
from dataclasses import dataclass

from django.dispatch import Signal

# Asked before an organization stops working (a confirmation page, the admin): receivers
# get `organization` and `closed_on` and return a list of `ClosingNote`. Nothing is written.
organization_closing = Signal()

# Sent inside the closing transaction once a temporary branch is dissolved: receivers get
# `organization`, `closed_on` and `user`, and end what hangs on it (posts, rosters).
organization_closed = Signal()


@dataclass(frozen=True)
class ClosingNote:
    """One consequence of closing, as a sentence; `warning` for what needs a decision
    (money still unspent), not only information."""

    text: str
    warning: bool = False


def closing_notes(*, organization, closed_on: datetime.date) -> list[ClosingNote]:
    """Every app's answer to "what happens if this organization stops working now?"."""
    notes = []
    for _receiver, answer in organization_closing.send(
        sender=type(organization), organization=organization, closed_on=closed_on
    ):
        notes.extend(answer or [])
    return notes
