"""A 火线入党 walked through the services on legal dates, to any point, for the tests.

Dates (all in the past): applied 2023-01-10, 入党积极分子 2023-02-01, shortening approved
2023-05-01 by the township (branch decided 2023-04-20), 发展对象 2023-05-10, introducers
05-15, 政审 05-25, training 06-01, 公示 06-05..06-12, 预审 06-20, 支部大会 2023-07-01,
approval 2023-08-01, oath 2023-08-05; a year's probation ends 2024-07-01.
"""

import datetime

from members.choices import Stage, StepKind
from members.services import (
    activist_advance,
    activist_create,
    development_step_record,
)
from tests.factories import MemberFactory, id_number

D = datetime.date
MEETING = D(2023, 7, 1)
BORN = D(1996, 8, 1)


def applicant(tree, user, organization=None, birth=BORN):
    return activist_create(
        user=user,
        name="刘洋",
        id_number=id_number(birth=birth),
        education="college",
        phone="13611112222",
        organization=organization or tree.village_a,
        applied_on=D(2023, 1, 10),
        performance="主动请缨值守卡口十余日",
    )


def introducers(tree):
    return (
        MemberFactory(organization=tree.village_a, name="介绍人甲"),
        MemberFactory(organization=tree.village_a, name="介绍人乙"),
    )


def steps(tree, people):
    """Every step in order: (what, arguments) for `take`."""
    return [
        (Stage.ACTIVIST, {"happened_on": D(2023, 2, 1)}),
        (
            StepKind.SHORTENING,
            {
                "happened_on": D(2023, 5, 1),
                "branch_decided_on": D(2023, 4, 20),
                "organization": tree.township_a,
                "document_number": "甲党发〔2023〕12号",
                "note": "连续值守卡口四十天",
            },
        ),
        (Stage.CANDIDATE, {"happened_on": D(2023, 5, 10)}),
        (
            StepKind.INTRODUCERS,
            {
                "happened_on": D(2023, 5, 15),
                "introducer_one": people[0],
                "introducer_two": people[1],
            },
        ),
        (StepKind.POLITICAL_REVIEW, {"happened_on": D(2023, 5, 25), "note": "政治审查合格"}),
        (StepKind.TRAINING, {"happened_on": D(2023, 6, 1), "training_days": 3}),
        (StepKind.PUBLIC_NOTICE, {"happened_on": D(2023, 6, 5), "ends_on": D(2023, 6, 12)}),
        (StepKind.PRE_REVIEW, {"happened_on": D(2023, 6, 20), "organization": tree.township_a}),
        (
            StepKind.BRANCH_MEETING,
            {"happened_on": MEETING, "voters_entitled": 20, "votes_for": 18},
        ),
        (
            StepKind.APPROVAL,
            {
                "happened_on": D(2023, 8, 1),
                "organization": tree.township_a,
                "document_number": "甲党发〔2023〕30号",
            },
        ),
        (StepKind.OATH, {"happened_on": D(2023, 8, 5)}),
        (Stage.FULL, {"happened_on": D(2024, 7, 1)}),
    ]


def take(activist, user, what, arguments):
    if what in Stage.values:
        return activist_advance(
            activist=activist, user=user, stage=what, performance="一线表现突出", **arguments
        )
    return development_step_record(activist=activist, user=user, kind=what, **arguments)


def walk(activist, tree, user, until, people=None, skip=()):
    """Take every step before `until` (a Stage or StepKind), leaving out `skip`."""
    people = people or introducers(tree)
    for what, arguments in steps(tree, people):
        if what == until:
            break
        if what not in skip:
            take(activist, user, what, arguments)
    activist.refresh_from_db()
    return activist
