"""A 延长预备期 or 取消预备党员资格 decided as discipline is the same fact as in the member's
development pipeline (issue #16 §5, §6; 党章 第七条): the pipeline's 转正 date moves with the
extension, a probation is extended once only, and a cancelled probation ends the pipeline."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from members.choices import DisciplineDecision, DisciplineKind, Stage, StepKind
from members.models import Activist, DevelopmentStep, DisciplineCase
from members.services import activist_advance, development_step_record
from members.services.activists import probation_ends_on

from .pipeline import applicant, walk
from .test_discipline import _approve, _case

D = datetime.date


@pytest.fixture
def probationer(tree, personas):
    """A 火线入党 member on probation since the branch meeting of 2023-07-01, sworn in."""
    return walk(applicant(tree, personas.township_a), tree, personas.township_a, Stage.FULL)


def _propose_extension(activist, tree, personas, months=6):
    return _case(
        activist.member,
        personas.branch,
        tree.village_a,
        DisciplineKind.HANDLING,
        DisciplineDecision.EXTEND_PROBATION,
        decided_on=D(2024, 6, 1),
        extension_months=months,
    )


def _extend(activist, tree, personas, months=6):
    case = _propose_extension(activist, tree, personas, months)
    return _approve(case, personas.township_a, tree.township_a, approved_on=D(2024, 6, 10))


def _extend_in_the_pipeline(activist, tree, personas):
    development_step_record(
        activist=activist,
        user=personas.township_a,
        kind=StepKind.EXTENSION,
        happened_on=D(2024, 6, 5),
        months=6,
        organization=tree.township_a,
        document_number="甲党发〔2024〕8号",
        note="预备期表现需继续考察",
    )


def test_an_extension_decided_as_discipline_moves_the_full_membership_date(
    tree, personas, probationer
):
    assert probation_ends_on(probationer) == D(2024, 7, 1)
    _extend(probationer, tree, personas)
    step = DevelopmentStep.objects.get(activist=probationer, kind=StepKind.EXTENSION)
    assert (step.months, step.organization, step.document_number, step.happened_on) == (
        6,
        tree.township_a,
        "甲组〔2026〕3号",
        D(2024, 6, 10),
    )
    assert step.recorded_by == personas.township_a
    probationer = Activist.objects.get(pk=probationer.pk)
    assert probation_ends_on(probationer) == D(2025, 1, 1)
    with pytest.raises(ValidationError):
        activist_advance(
            activist=probationer,
            user=personas.township_a,
            stage=Stage.FULL,
            happened_on=D(2024, 7, 1),
            performance="表现良好",
        )
    assert Activist.objects.get(pk=probationer.pk).stage == Stage.PROBATIONARY


def test_a_probation_is_extended_once_only(tree, personas, probationer):
    """Proposed before the pipeline recorded its own extension, refused at approval."""
    case = _propose_extension(probationer, tree, personas)
    _extend_in_the_pipeline(probationer, tree, personas)
    with pytest.raises(ValidationError, match="预备期只能延长一次"):
        _approve(case, personas.township_a, tree.township_a, approved_on=D(2024, 6, 10))
    case = DisciplineCase.objects.get(member=probationer.member)
    assert (case.status, case.approved_on) == ("proposed", None)
    assert DevelopmentStep.objects.filter(kind=StepKind.EXTENSION).count() == 1


def test_a_second_extension_is_refused_when_proposed(tree, personas, probationer):
    _extend_in_the_pipeline(probationer, tree, personas)
    with pytest.raises(ValidationError, match="预备期只能延长一次"):
        _propose_extension(probationer, tree, personas)
    assert not DisciplineCase.objects.filter(member=probationer.member).exists()


def test_a_cancelled_probation_ends_the_pipeline_and_the_membership(tree, personas, probationer):
    case = _case(
        probationer.member,
        personas.branch,
        tree.village_a,
        DisciplineKind.HANDLING,
        DisciplineDecision.CANCEL_PROBATIONARY,
        decided_on=D(2024, 6, 1),
    )
    _approve(case, personas.township_a, tree.township_a, approved_on=D(2024, 6, 10))
    probationer = Activist.objects.get(pk=probationer.pk)
    assert probationer.ended_on == D(2024, 6, 10)
    ended = probationer.steps.get(kind=StepKind.ENDED)
    assert "党员处理决定" in ended.note and ended.end_kind == "probation_cancelled"
    assert not probationer.member.is_active
    assert probationer.member.history.count() == 2  # registered on admission, taken off once
