"""Reads for the cadres app, always starting from the user's scope."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from organizations.choices import TOWNSHIP_KINDS
from organizations.models import Organization
from organizations.policy import Action, may, refusal

from .choices import (
    CheckpointSet,
    CommendationState,
    DecidingBody,
    Dimension,
    Measure,
    OutcomeKind,
    OutcomeState,
    Polarity,
    StepKind,
)
from .models import Cadre, Commendation, FrontlineRecord, Outcome
from .services import (
    allowed_steps,
    appeal_answer_due,
    appeal_deadline,
    confirm_refusal,
    deciding_body,
    step_action,
    steps_taken,
)


def subject_search(*, user, query: str = "", limit: int = 30) -> list[dict]:
    """Cadres and leadership teams whose name contains `query`, as picker options."""
    # The query comes straight from the address; PostgreSQL refuses a NUL in any string.
    query = query.replace("\x00", "")
    teams = Organization.objects.visible_to(user).filter(kind__in=TOWNSHIP_KINDS)
    cadres = (
        Cadre.objects.visible_to(user)
        .filter(is_active=True)
        .select_related("category", "organization")
    )
    if query:
        teams = teams.filter(name__icontains=query)
        cadres = cadres.filter(name__icontains=query) | cadres.filter(
            organization__name__icontains=query
        )
    options = [
        {"value": f"t{team.pk}", "label": f"{team.name}领导班子", "set": CheckpointSet.TEAM.value}
        for team in teams[:5]
    ]
    options += [
        {
            "value": f"c{cadre.pk}",
            "label": f"{cadre.name} · {cadre.organization.name}{cadre.post_title}",
            "set": cadre.category.checkpoint_set,
        }
        for cadre in cadres.order_by("name")[: limit - len(options)]
    ]
    return options


def subject_from_value(*, user, value: str):
    """The cadre ("c12") or leadership team ("t3") a picker value names, if in scope."""
    number = (value or "")[1:]
    # Only ASCII digits: str.isdigit() also admits "²" and "١", which int() refuses or reads;
    # and no more than a key can hold (int() refuses 4,300 digits with a ValueError).
    if not (number.isascii() and number.isdigit() and len(number) <= 18):
        return None
    pk = int(number)
    if value[0] == "c":
        return Cadre.objects.visible_to(user).select_related("category").filter(pk=pk).first()
    if value[0] == "t":
        return Organization.objects.visible_to(user).filter(kind__in=TOWNSHIP_KINDS, pk=pk).first()
    return None


def file_summary(records) -> list[dict]:
    """Counts by polarity and dimension for a subject's records: one grouped query."""
    dimension_counts = {
        dimension.value: Count("pk", filter=Q(dimensions__contains=dimension.value))
        for dimension in Dimension
    }
    rows = {
        row["polarity"]: row
        for row in records.order_by()
        .values("polarity")
        .annotate(total=Count("pk"), **dimension_counts)
    }
    return [
        {
            "polarity": polarity.label,
            "total": rows.get(polarity.value, {}).get("total", 0),
            "dimensions": [rows.get(polarity.value, {}).get(d.value, 0) for d in Dimension],
        }
        for polarity in Polarity
    ]


# The file's one order, on screen and in print: newest first.
FILE_ORDER = ("-occurred_on", "-pk")
SCREEN_LIMIT = 200


def records_of(subject, *, reviewed_only: bool = False):
    """A subject's records with what the timeline shows, newest first.

    The order is stated here rather than left to Meta.ordering: Django drops a model's
    default ordering from a grouped query (the evidence count groups), and the file then
    came out in whatever order the database chose.
    """
    records = FrontlineRecord.objects.select_related("recorded_by").annotate(
        evidence_count=Count("evidence")
    )
    if isinstance(subject, Cadre):
        records = records.filter(cadre=subject)
    else:
        records = records.filter(team=subject)
    if reviewed_only:
        records = records.filter(reviewed_at__isnull=False)
    return records.order_by(*FILE_ORDER)


def subject_file(subject, *, printed: bool) -> dict:
    """What a 一线表现档案 shows: on screen every record (a proposal marked 待审核), in
    print only the reviewed ones, with the number left out said on the sheet."""
    is_team = not isinstance(subject, Cadre)
    key = "team" if is_team else "cadre"
    counts = FrontlineRecord.objects.filter(**{key: subject}).aggregate(
        reviewed=Count("pk", filter=Q(reviewed_at__isnull=False)),
        pending=Count("pk", filter=Q(reviewed_at__isnull=True)),
    )
    records = records_of(subject, reviewed_only=printed)
    shown = counts["reviewed"] + (0 if printed else counts["pending"])
    return {
        "subject": subject,
        "is_team": is_team,
        "printed": printed,
        "records": records if printed else records[:SCREEN_LIMIT],
        "records_total": shown,
        "records_cut": not printed and shown > SCREEN_LIMIT,
        "screen_limit": SCREEN_LIMIT,
        "reviewed_count": counts["reviewed"],
        "pending_count": counts["pending"],
        "summary": file_summary(records),
        "dimensions": [dimension.label for dimension in Dimension],
        **_outcomes_and_commendations(subject, is_team=is_team, printed=printed),
    }


def _outcomes_and_commendations(subject, *, is_team: bool, printed: bool) -> dict:
    """On screen all of them with their state; in print only what is settled (decided,
    confirmed), with the number still in progress said on the sheet."""
    outcomes = Outcome.objects.filter(**{"team" if is_team else "cadre": subject})
    commendations = Commendation.objects.filter(**{"organization" if is_team else "cadre": subject})
    if not printed:
        return {"outcomes": outcomes, "commendations": commendations}
    # One query each: the sheet lists the settled ones and counts those in progress.
    outcomes, commendations = list(outcomes), list(commendations)
    in_progress = (OutcomeState.PROPOSED, OutcomeState.REVIEWED, OutcomeState.TRANSFERRED)
    nominated = (CommendationState.NOMINATED, CommendationState.IN_NOTICE)
    return {
        "outcomes": [o for o in outcomes if o.state == OutcomeState.DECIDED],
        "outcomes_pending": sum(o.state in in_progress for o in outcomes),
        "commendations": [c for c in commendations if c.state == CommendationState.CONFIRMED],
        "commendations_pending": sum(c.state in nominated for c in commendations),
    }


# Who may take each outcome step, as the page says it (the policy table decides).
_MANAGER = _("管理该干部的县委组织部或乡镇（街道）")
_OTHER_MANAGER = _("管理该干部的县委组织部或乡镇（街道），提出人以外")
OUTCOME_STEP_WHO = {
    StepKind.REVIEWED: _("县委组织部工作人员（提出人以外）"),
    StepKind.TRANSFERRED: _OTHER_MANAGER,
    StepKind.DECIDED: _OTHER_MANAGER,
    StepKind.WITHDRAWN: _MANAGER,
    StepKind.NOTIFIED: _MANAGER,
    StepKind.APPEALED: _MANAGER,
    StepKind.APPEAL_DECIDED: _OTHER_MANAGER,
    StepKind.FILED: _MANAGER,
}


def _four_eyes(user, action: Action, obj) -> str:
    """The reason a user who may take `action` in general may not take it on `obj`."""
    return refusal(user, action, obj) if may(user, action) else ""


def outcome_next_steps(outcome, user, taken: dict | None = None) -> list[dict]:
    """What the outcome may do next, who may do it and, for this user, why not (four eyes,
    管理权限); a decision says which body takes it."""
    taken = steps_taken(outcome) if taken is None else taken
    steps = []
    for state in allowed_steps(outcome, taken):
        action = step_action(state)
        label = StepKind(state).label
        if state == StepKind.DECIDED:
            label = _("记录%(body)s的决定") % {"body": DecidingBody(deciding_body(outcome)).label}
        steps.append(
            {
                "state": state,
                "label": label,
                "action": action.value,
                "who": OUTCOME_STEP_WHO[state],
                "four_eyes": _four_eyes(user, action, outcome),
            }
        )
    return steps


def deciding_body_label(outcome) -> str:
    """Who decides, as the page names it: "县委组织部", or with a 纪律处分 among other
    measures "县委组织部（纪律处分：县纪委监委）"."""
    body = DecidingBody(deciding_body(outcome))
    if body != DecidingBody.DISCIPLINE_COMMISSION and Measure.DISCIPLINARY in outcome.measure_list:
        return _("%(body)s（纪律处分：%(commission)s）") % {
            "body": body.label,
            "commission": DecidingBody.DISCIPLINE_COMMISSION.label,
        }
    return str(body.label)


def outcome_deadlines(outcome, taken: dict) -> list[tuple[str, object]]:
    """The dates the rules set once the decision is announced: the appeal may be lodged
    until one month after, and is answered within one month of being lodged."""
    deadlines = []
    if (
        StepKind.NOTIFIED in taken
        and StepKind.APPEALED not in taken
        and outcome.kind != OutcomeKind.RECOMMEND
    ):
        deadlines.append((_("申诉期限"), appeal_deadline(taken)))
    if StepKind.APPEALED in taken and StepKind.APPEAL_DECIDED not in taken:
        deadlines.append((_("申诉应在此日前处理"), appeal_answer_due(taken)))
    return deadlines


# A commendation's steps by state, each with its policy action.
COMMENDATION_STEPS = {
    "notice": (_("开始公示"), Action.COMMENDATION_NOTICE),
    "confirm": (_("公示期满，确认表彰"), Action.COMMENDATION_CONFIRM),
    "withdraw": (_("撤回"), Action.COMMENDATION_WITHDRAW),
}


def commendation_next_steps(commendation) -> list[dict]:
    """The steps the commendation's state allows now, with why confirmation must wait."""
    state = commendation.state
    names = []
    if state == CommendationState.NOMINATED:
        names.append("notice")
    if state == CommendationState.IN_NOTICE:
        names.append("confirm")
    if state in (CommendationState.NOMINATED, CommendationState.IN_NOTICE):
        names.append("withdraw")
    steps = []
    for name in names:
        label, action = COMMENDATION_STEPS[name]
        waiting = confirm_refusal(commendation) if name == "confirm" else ""
        steps.append({"name": name, "label": label, "action": action.value, "waiting": waiting})
    return steps
