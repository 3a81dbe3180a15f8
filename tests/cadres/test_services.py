"""Checkpoints by category, the outcome workflow, commendations and uploads."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from cadres.choices import Checkpoint, CommendationState, OutcomeState
from cadres.models import Commendation, Evidence, FrontlineRecord, Outcome, OutcomeStep
from cadres.services import (
    commendation_confirm,
    commendation_nominate,
    commendation_start_notice,
    commendation_withdraw,
    outcome_advance,
    outcome_propose,
    record_review,
)
from tests.factories import MemberFactory
from tests.files import PDF, PNG

from .conftest import DECISION, observe

D = datetime.date
NOT_ALLOWED = "不是 JPEG、PNG 图片或 PDF"


class TestCheckpoints:
    @pytest.mark.parametrize(
        ("subject", "good", "bad"),
        [
            ("principal_a", Checkpoint.IN_FRONT, Checkpoint.STEPS_FORWARD),
            ("young_a", Checkpoint.STEPS_FORWARD, Checkpoint.AT_POST),
            ("team", Checkpoint.CALM, Checkpoint.MONITORING),
        ],
    )
    def test_only_the_subjects_own_checkpoints(self, cadres, tree, personas, subject, good, bad):
        target = tree.township_a if subject == "team" else getattr(cadres, subject)
        before = FrontlineRecord.objects.count()
        with pytest.raises(ValidationError) as refused:
            observe(target, personas.county_staff, bad)
        assert "考察要点中没有这一项" in refused.value.message_dict["checkpoint"][0]
        assert FrontlineRecord.objects.count() == before
        record = observe(target, personas.county_staff, good)
        assert record.checkpoint == good

    def test_deputies_and_functional_departments_share_checkpoints(self, tree, personas):
        from tests.factories import CadreFactory, cadre_category

        head = CadreFactory(organization=tree.organ, name="科长", category=cadre_category("deputy"))
        assert observe(head, personas.county_staff, Checkpoint.SCREENING).township is None

    def test_a_record_in_the_future_is_refused(self, cadres, personas):
        with pytest.raises(ValidationError, match="日期不能晚于今天"):
            observe(
                cadres.principal_a,
                personas.county_staff,
                Checkpoint.ACTS,
                day=timezone.localdate() + datetime.timedelta(days=1),
            )

    def test_township_proposals_wait_for_county_review(self, cadres, personas):
        record = observe(cadres.principal_a, personas.township_a, Checkpoint.KNOWS)
        assert not record.is_reviewed
        with pytest.raises(PermissionDenied):
            record_review(record=record, user=personas.township_a)
        record_review(record=record, user=personas.county_staff)
        record.refresh_from_db()
        assert record.reviewed_by == personas.county_staff
        assert [r.history_type for r in record.history.order_by("history_date")] == ["+", "~"]

    @pytest.mark.parametrize("persona", ["leader", "branch"])
    def test_others_cannot_record(self, cadres, personas, persona):
        with pytest.raises(PermissionDenied):
            observe(cadres.principal_a, getattr(personas, persona), Checkpoint.KNOWS)


class TestEvidence:
    def test_images_and_pdfs_are_kept_under_random_names(self, cadres, personas):
        record = observe(
            cadres.principal_a,
            personas.county_staff,
            Checkpoint.ACTS,
            evidence_files=[
                SimpleUploadedFile("现场.png", PNG),
                SimpleUploadedFile("通报.pdf", PDF),
            ],
        )
        kinds = sorted(record.evidence.values_list("content_type", flat=True))
        assert kinds == ["application/pdf", "image/png"]
        for evidence in record.evidence.all():
            assert evidence.original_name not in evidence.file.name
            assert evidence.file.name.startswith("evidence/")

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (SimpleUploadedFile("假图片.png", b"MZ\x90\x00 not an image"), NOT_ALLOWED),
            (SimpleUploadedFile("脚本.pdf", b"<script>alert(1)</script>"), NOT_ALLOWED),
        ],
    )
    def test_files_are_judged_by_content(self, cadres, personas, upload, message):
        before = FrontlineRecord.objects.count()
        with pytest.raises(ValidationError, match=message):
            observe(
                cadres.principal_a, personas.county_staff, Checkpoint.ACTS, evidence_files=[upload]
            )
        assert FrontlineRecord.objects.count() == before
        assert not Evidence.objects.exists()

    @override_settings(UPLOAD_MAX_BYTES=1024 * 1024)
    def test_large_files_are_refused(self, cadres, personas):
        big = SimpleUploadedFile("大图.png", PNG + b"\x00" * (1024 * 1024))
        with pytest.raises(ValidationError, match="超过 1 MB"):
            observe(
                cadres.principal_a, personas.county_staff, Checkpoint.ACTS, evidence_files=[big]
            )
        assert not Evidence.objects.exists()


class TestOutcomes:
    def _propose(self, cadres, personas, **overrides):
        fields = {
            "subject": cadres.principal_b,
            "kind": "accountability",
            "measures": ["admonition"],
            "reason": "擅离岗位",
            "records": [cadres.record_b],
            **overrides,
        }
        return outcome_propose(user=personas.county_staff, **fields)

    def test_from_proposal_to_decision(self, cadres, personas):
        outcome = self._propose(cadres, personas)
        assert outcome.state == OutcomeState.PROPOSED
        assert outcome.township == cadres.principal_b.township
        outcome_advance(outcome=outcome, user=cadres.colleague, state="reviewed", reason="事实清楚")
        outcome_advance(
            outcome=outcome,
            user=cadres.colleague,
            state="decided",
            reason="县委常委会研究决定",
            **DECISION,
        )
        outcome.refresh_from_db()
        assert outcome.state == OutcomeState.DECIDED
        steps = list(outcome.steps.values_list("state", "acted_by__username"))
        assert steps == [("proposed", "county"), ("reviewed", "county2"), ("decided", "county2")]
        assert list(outcome.records.all()) == [cadres.record_b]
        assert outcome.history.count() == 3

    def test_a_decided_outcome_never_changes_and_can_only_be_followed(self, cadres, personas):
        outcome = self._propose(cadres, personas)
        for state in ("reviewed", "decided"):
            outcome_advance(
                outcome=outcome, user=cadres.colleague, state=state, reason="同意", **DECISION
            )
        for state in ("withdrawn", "reviewed", "decided"):
            with pytest.raises(ValidationError, match="已决定，不能再更改"):
                outcome_advance(
                    outcome=outcome, user=cadres.colleague, state=state, reason="改", **DECISION
                )
        assert Outcome.objects.get(pk=outcome.pk).state == OutcomeState.DECIDED
        follow = self._propose(cadres, personas, measures=["suspension"], follows=outcome)
        assert follow.follows == outcome

    @pytest.mark.parametrize(
        ("path", "message"),
        [
            (["decided"], "当前为“提议”，不能直接“决定”"),
            (["reviewed", "reviewed"], "当前为“审核”，不能直接“审核”"),
            (["withdrawn", "reviewed"], "当前为“撤回”，不能直接“审核”"),
            (["proposed"], "当前为“提议”，不能直接“提议”"),
        ],
    )
    def test_steps_out_of_order_are_refused(self, cadres, personas, path, message):
        outcome = self._propose(cadres, personas)
        *allowed, refused = path
        for state in allowed:
            outcome_advance(
                outcome=outcome, user=cadres.colleague, state=state, reason="x", **DECISION
            )
        steps = OutcomeStep.objects.count()
        with pytest.raises(ValidationError, match=message):
            outcome_advance(outcome=outcome, user=cadres.colleague, state=refused, reason="x")
        assert OutcomeStep.objects.count() == steps

    @pytest.mark.parametrize("persona", ["leader", "township_a", "township_b", "branch"])
    def test_only_county_staff_propose_and_decide(self, cadres, personas, persona):
        user = getattr(personas, persona)
        with pytest.raises(PermissionDenied):
            outcome_propose(
                user=user,
                subject=cadres.principal_b,
                kind="recommend",
                reason="x",
                records=[cadres.record_b],
            )
        outcome = self._propose(cadres, personas)
        with pytest.raises(PermissionDenied):
            outcome_advance(outcome=outcome, user=user, state="reviewed", reason="x")
        assert Outcome.objects.get(pk=outcome.pk).state == OutcomeState.PROPOSED

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"records": []}, "records", "必须引用至少一条"),
            ({"records": "other"}, "records", "必须是同一对象的"),
            ({"measures": ["reorganize"]}, "measures", "适用于干部的问责方式"),
            ({"measures": []}, "measures", "适用于干部的问责方式"),
            ({"measures": ["dismissal", "demotion"]}, "measures", "组织调整或者组织处理只能选一种"),
            ({"kind": "recommend"}, "measures", "只有问责需要选择问责方式"),
            ({"subject": "team", "kind": "recommend", "measures": []}, "kind", "领导班子只能问责"),
            ({"reason": " "}, "reason", "请写明理由"),
        ],
    )
    def test_bad_proposals(self, cadres, tree, personas, overrides, field, message):
        if overrides.get("records") == "other":
            overrides["records"] = [cadres.record_a]
        if overrides.get("subject") == "team":
            overrides["subject"] = tree.township_a
            overrides["records"] = [cadres.team_record_a]
        with pytest.raises(ValidationError) as refused:
            self._propose(cadres, personas, **overrides)
        assert message in " ".join(refused.value.message_dict[field])
        assert not Outcome.objects.exists()

    def test_a_team_is_held_to_account_with_organization_measures(self, cadres, tree, personas):
        outcome = self._propose(
            cadres,
            personas,
            subject=tree.township_a,
            measures=["circular"],
            records=[cadres.team_record_a],
        )
        assert outcome.team == tree.township_a and outcome.township == tree.township_a

    def test_unreviewed_records_cannot_carry_an_outcome(self, cadres, personas):
        proposal = observe(cadres.principal_b, personas.township_b, Checkpoint.KNOWS)
        with pytest.raises(ValidationError, match="必须已经审核"):
            self._propose(cadres, personas, records=[proposal])


class TestCommendations:
    def test_notice_period_before_confirmation(self, cadres, personas):
        commendation = commendation_nominate(
            user=personas.county_staff,
            nominee=cadres.principal_a,
            title="抗疫先进个人",
            citation="靠前指挥",
            records=[cadres.record_a],
        )
        today = timezone.localdate()
        commendation_start_notice(
            commendation=commendation,
            user=personas.county_staff,
            starts_on=today,
            ends_on=today + datetime.timedelta(days=6),
        )
        with pytest.raises(ValidationError, match="期满后才能确认"):
            commendation_confirm(commendation=commendation, user=personas.county_staff)
        assert Commendation.objects.get(pk=commendation.pk).state == CommendationState.IN_NOTICE
        Commendation.objects.filter(pk=commendation.pk).update(
            notice_starts_on=today - datetime.timedelta(days=8),
            notice_ends_on=today - datetime.timedelta(days=1),
        )
        commendation_confirm(commendation=commendation, user=personas.county_staff)
        commendation.refresh_from_db()
        assert commendation.state == CommendationState.CONFIRMED
        assert commendation.decided_on == today

    def test_collectives_individuals_and_members(self, cadres, tree, personas):
        member = MemberFactory(organization=tree.village_a)
        collective = commendation_nominate(
            user=personas.county_staff,
            nominee=tree.village_a,
            title="抗疫先进基层党组织",
            citation="覆盖到户",
        )
        person = commendation_nominate(
            user=personas.county_staff,
            nominee=member,
            title="优秀共产党员",
            citation="值守",
        )
        assert collective.kind == "collective" and person.kind == "individual"
        assert person.township == tree.township_a
        with pytest.raises(ValidationError, match="提名干部须引用其一线表现记录"):
            commendation_nominate(
                user=personas.county_staff, nominee=cadres.principal_a, title="x", citation="x"
            )

    def test_steps_out_of_order_and_withdrawal(self, cadres, personas):
        commendation = commendation_nominate(
            user=personas.county_staff,
            nominee=cadres.principal_a,
            title="先进个人",
            citation="x",
            records=[cadres.record_a],
        )
        with pytest.raises(ValidationError, match="只有公示中的表彰可以确认"):
            commendation_confirm(commendation=commendation, user=personas.county_staff)
        with pytest.raises(ValidationError):
            commendation_start_notice(
                commendation=commendation,
                user=personas.county_staff,
                starts_on=D(2026, 3, 5),
                ends_on=D(2026, 3, 1),
            )
        with pytest.raises(ValidationError, match="请写明撤回理由"):
            commendation_withdraw(commendation=commendation, user=personas.county_staff, note="")
        commendation_withdraw(
            commendation=commendation,
            user=personas.county_staff,
            note="公示期间收到反映，经核实撤回",
        )
        assert Commendation.objects.get(pk=commendation.pk).state == CommendationState.WITHDRAWN
        with pytest.raises(PermissionDenied):
            commendation_nominate(
                user=personas.township_a,
                nominee=cadres.principal_a,
                title="x",
                citation="x",
                records=[cadres.record_a],
            )
