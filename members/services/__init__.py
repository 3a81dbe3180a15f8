"""Every change to members, posts, 报到, activists, discipline and care goes through here."""

from .activists import (
    MINIMUM_DAYS,
    activist_advance,
    activist_advance_check,
    activist_create,
    stage_interval_shortfall,
)
from .care import (
    care_record,
    care_resolve,
    care_resolve_check,
    discipline_check,
    discipline_record,
)
from .importing import (
    CREATED,
    IMPORT_CHUNK,
    UPDATED,
    members_import,
)
from .posts import (
    assignments_end,
    open_assignments,
    open_posts,
    post_assign,
    post_create,
    post_end,
    post_unassign,
    post_update,
    posts_close,
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
from .rosters import (
    roster_add,
    roster_close,
    roster_remove,
)

__all__ = [
    "CREATED",
    "IMPORT_CHUNK",
    "MINIMUM_DAYS",
    "UPDATED",
    "activist_advance",
    "activist_advance_check",
    "activist_create",
    "assignments_end",
    "care_record",
    "care_resolve",
    "care_resolve_check",
    "discipline_check",
    "discipline_record",
    "member_create",
    "member_update",
    "members_import",
    "open_assignments",
    "open_posts",
    "personal_data_reveal",
    "post_assign",
    "post_create",
    "post_end",
    "post_unassign",
    "post_update",
    "posts_close",
    "registration_confirm",
    "registration_create",
    "roster_add",
    "roster_close",
    "roster_remove",
    "stage_interval_shortfall",
]
