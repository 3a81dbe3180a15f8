"""Every change to cadres, front-line records, outcomes and commendations goes through here.

Who may take each step is the policy table's (organizations/policy.py, the cadres section):
county staff keep cadres, whoever manages a cadre proposes what follows from the record (管理权限),
and nobody reviews their own record or reviews or decides their own proposal.
"""

from .commendations import (
    commendation_confirm,
    commendation_nominate,
    commendation_start_notice,
    commendation_withdraw,
    confirm_refusal,
    notice_working_days,
    objection_record,
    objection_resolve,
    working_days,
)
from .outcomes import (
    STATE_OF_STEP,
    STEP_RECORDS,
    allowed_steps,
    appeal_answer_due,
    appeal_deadline,
    deciding_body,
    needs_filing_report,
    one_month_after,
    outcome_advance,
    outcome_propose,
    step_action,
    steps_taken,
)
from .records import (
    cadre_create,
    cadre_update,
    checkpoint_set_of,
    default_categories_ensure,
    record_create,
    record_review,
)

__all__ = [
    "STATE_OF_STEP",
    "STEP_RECORDS",
    "allowed_steps",
    "appeal_answer_due",
    "appeal_deadline",
    "cadre_create",
    "cadre_update",
    "checkpoint_set_of",
    "commendation_confirm",
    "commendation_nominate",
    "commendation_start_notice",
    "commendation_withdraw",
    "confirm_refusal",
    "deciding_body",
    "default_categories_ensure",
    "needs_filing_report",
    "notice_working_days",
    "objection_record",
    "objection_resolve",
    "one_month_after",
    "outcome_advance",
    "outcome_propose",
    "record_create",
    "record_review",
    "step_action",
    "steps_taken",
    "working_days",
]
