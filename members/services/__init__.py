"""Every change to members, posts, 报到, activists, discipline and care goes through here."""

from .activists import (
    activist_advance,
    activist_advance_check,
    activist_create,
    development_step_check,
    development_step_record,
)
from .care import (
    care_record,
    care_resolve,
    care_resolve_check,
    care_spendings,
)
from .discipline import (
    discipline_approve,
    discipline_approve_check,
    discipline_check,
    discipline_record,
    measures_for,
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
    "UPDATED",
    "activist_advance",
    "activist_advance_check",
    "activist_create",
    "assignments_end",
    "care_record",
    "care_resolve",
    "care_resolve_check",
    "care_spendings",
    "development_step_check",
    "development_step_record",
    "discipline_approve",
    "discipline_approve_check",
    "discipline_check",
    "discipline_record",
    "measures_for",
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
]
