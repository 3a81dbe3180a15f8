"""Every change to members, posts, 报到, activists, discipline and care goes through here."""

from .activists import (
    MINIMUM_DAYS,
    activist_advance,
    activist_create,
    stage_interval_shortfall,
)
from .care import (
    care_record,
    care_resolve,
    discipline_record,
)
from .importing import (
    CREATED,
    IMPORT_CHUNK,
    UPDATED,
    members_import,
)
from .posts import (
    post_assign,
    post_create,
    post_unassign,
    post_update,
)
from .registrations import (
    registration_confirm,
    registration_create,
)
from .registry import (
    member_create,
    member_update,
    personal_data_reveal,
)

__all__ = [
    "CREATED",
    "IMPORT_CHUNK",
    "MINIMUM_DAYS",
    "UPDATED",
    "activist_advance",
    "activist_create",
    "care_record",
    "care_resolve",
    "discipline_record",
    "member_create",
    "member_update",
    "members_import",
    "personal_data_reveal",
    "post_assign",
    "post_create",
    "post_unassign",
    "post_update",
    "registration_confirm",
    "registration_create",
    "stage_interval_shortfall",
]
