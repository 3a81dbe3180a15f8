"""Four eyes (issue #16 §2): nobody reviews their own front-line record, and an outcome is
proposed, reviewed and decided in three steps, never reviewed or decided by its proposer.
Each refusal changes nothing and says why in Chinese; the pages offer a step exactly when
the policy allows it and say who may take it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cadres.choices import Checkpoint, OutcomeState
from cadres.models import FrontlineRecord, Outcome, OutcomeStep
from cadres.services import outcome_advance, outcome_propose, record_review
from tests.web import form_with

from .conftest import DECISION, observe

OWN_RECORD = "待他人审核：记录人不能审核自己的记录。"
OWN_REVIEW = "待他人审核：提出人不能审核。"
OWN_DECISION = "待他人决定：提出人不能决定自己的提议。"


def _record_state(record):
    record = FrontlineRecord.objects.get(pk=record.pk)
    return record.reviewed_by_id, record.reviewed_at, record.history.count()


def _outcome_state(outcome):
    outcome = Outcome.objects.get(pk=outcome.pk)
    steps = list(OutcomeStep.objects.filter(outcome=outcome).values_list("state", "acted_by"))
    return outcome.state, steps, outcome.history.count(), OutcomeStep.history.count()


@pytest.fixture
def own_record(cadres, personas):
    return observe(cadres.principal_a, personas.county_staff, Checkpoint.KNOWS, description="自记")


@pytest.fixture
def proposal(cadres, personas):
    return outcome_propose(
        user=personas.county_staff,
        subject=cadres.principal_b,
        kind="accountability",
        measures=["admonition"],
        reason="擅离岗位",
        records=[cadres.record_b],
    )


class TestRecords:
    def test_county_staffs_own_record_waits_for_someone_else(self, cadres, personas, own_record):
        assert not own_record.is_reviewed and own_record.reviewed_by is None
        before = _record_state(own_record)
        with pytest.raises(PermissionDenied, match=OWN_RECORD):
            record_review(record=own_record, user=personas.county_staff)
        assert _record_state(own_record) == before
        record_review(record=own_record, user=cadres.colleague)
        assert FrontlineRecord.objects.get(pk=own_record.pk).reviewed_by == cadres.colleague

    def test_not_even_the_administrator_reviews_his_own(self, cadres, personas):
        record = observe(cadres.principal_a, personas.admin, Checkpoint.KNOWS)
        with pytest.raises(PermissionDenied, match=OWN_RECORD):
            record_review(record=record, user=personas.admin)
        assert not FrontlineRecord.objects.get(pk=record.pk).is_reviewed

    def test_the_author_is_told_why_and_offered_no_review(self, web, own_record):
        page = web("county_staff").get(own_record.get_absolute_url())
        assert OWN_RECORD in page.text and "审核通过…" not in page.text
        page = web("county_colleague").get(own_record.get_absolute_url())
        assert OWN_RECORD not in page.text and "审核通过…" in page.text
        page = web("leader").get(own_record.get_absolute_url())
        assert OWN_RECORD not in page.text and "审核通过…" not in page.text

    def test_the_authors_own_review_by_address_is_refused_and_changes_nothing(
        self, web, client_as, own_record
    ):
        before = _record_state(own_record)
        confirm = reverse("cadres:record_review_confirm", args=[own_record.pk])
        assert OWN_RECORD in web("county_staff").get(confirm, status=403).text
        response = client_as("county_staff").post(
            reverse("cadres:record_review", args=[own_record.pk])
        )
        assert response.status_code == 403 and OWN_RECORD in response.content.decode()
        assert _record_state(own_record) == before


class TestOutcomes:
    def test_the_proposer_neither_reviews_nor_decides(self, cadres, personas, proposal):
        staff, colleague = personas.county_staff, cadres.colleague
        before = _outcome_state(proposal)
        with pytest.raises(PermissionDenied, match=OWN_REVIEW):
            outcome_advance(outcome=proposal, user=staff, state="reviewed", reason="同意")
        assert _outcome_state(proposal) == before

        outcome_advance(outcome=proposal, user=colleague, state="reviewed", reason="事实清楚")
        before = _outcome_state(proposal)
        with pytest.raises(PermissionDenied, match=OWN_DECISION):
            outcome_advance(
                outcome=proposal, user=staff, state="decided", reason="同意", **DECISION
            )
        assert _outcome_state(proposal) == before

        outcome_advance(
            outcome=proposal, user=colleague, state="decided", reason="研究同意", **DECISION
        )
        assert _outcome_state(proposal)[:2] == (
            OutcomeState.DECIDED,
            [
                ("proposed", staff.pk),
                ("reviewed", colleague.pk),
                ("decided", colleague.pk),
            ],
        )

    def test_the_page_says_what_is_next_and_who_may_take_it(self, web, cadres, proposal):
        proposer = web("county_staff").get(proposal.get_absolute_url())
        assert OWN_REVIEW in proposer.text
        assert "可办理：县委组织部工作人员（提出人以外）" in proposer.text
        assert "审核…" not in proposer.text and "撤回…" in proposer.text
        other = web("county_colleague").get(proposal.get_absolute_url())
        assert OWN_REVIEW not in other.text and "审核…" in other.text
        leader = web("leader").get(proposal.get_absolute_url())
        assert "审核…" not in leader.text and "撤回…" not in leader.text
        assert "可办理：县委组织部工作人员（提出人以外）" in leader.text

        outcome_advance(outcome=proposal, user=cadres.colleague, state="reviewed", reason="清楚")
        proposer = web("county_staff").get(proposal.get_absolute_url())
        assert OWN_DECISION in proposer.text and "决定…" not in proposer.text
        other = web("county_colleague").get(proposal.get_absolute_url())
        assert "决定…" in other.text
        # The history names who did each step.
        steps = other.html.select("#steps tbody tr")
        assert [row.select("td")[2].text for row in steps] == [
            web_name(proposal, "proposed"),
            web_name(proposal, "reviewed"),
        ]

    def test_the_proposers_review_by_address_is_refused_and_changes_nothing(
        self, web, client_as, proposal
    ):
        before = _outcome_state(proposal)
        url = reverse("cadres:outcome_step_confirm", args=[proposal.pk])
        assert OWN_REVIEW in web("county_staff").get(url, {"state": "reviewed"}, status=403).text
        response = client_as("county_staff").post(
            reverse("cadres:outcome_step", args=[proposal.pk]),
            {"state": "reviewed", "reason": "同意", "acted_on": proposal.created_at.date()},
        )
        assert response.status_code == 403 and OWN_REVIEW in response.content.decode()
        assert _outcome_state(proposal) == before

    def test_a_decision_read_first_names_the_cadre_the_measure_and_the_records(
        self, web, cadres, proposal
    ):
        outcome_advance(outcome=proposal, user=cadres.colleague, state="reviewed", reason="清楚")
        detail = web("county_colleague").get(proposal.get_absolute_url())
        confirm = detail.click(description="决定…")
        assert "乙书记（党委书记）" in confirm.text and "诫勉" in confirm.text
        assert cadres.record_b.description in confirm.text
        assert "决定后不能更改或撤回" in confirm.text
        assert "县委组织部" in confirm.text  # 诫勉 is the department's own decision
        form = form_with(confirm, "reason")
        form["reason"] = "部务会研究决定"
        refused = form.submit()
        assert "请填写县委组织部决定的文号。" in refused.text
        assert Outcome.objects.get(pk=proposal.pk).state == OutcomeState.REVIEWED
        form = form_with(refused, "reason")
        form["document_number"] = "县组干〔2026〕7 号"
        page = form.submit().follow()
        assert "已决定" in page.text
        outcome = Outcome.objects.get(pk=proposal.pk)
        assert outcome.state == OutcomeState.DECIDED
        step = outcome.steps.get(state="decided")
        assert (step.acted_by, step.body, step.document_number, step.meeting) == (
            cadres.colleague,
            "department",
            "县组干〔2026〕7 号",
            "",
        )


def web_name(outcome, state):
    return outcome.steps.get(state=state).acted_by.display_name
