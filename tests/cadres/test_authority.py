"""Who may decide what (issue #16 §3, 《中国共产党问责条例》): outcomes proposed by whoever
manages the cadre (管理权限), decided by the body with the authority and recorded with its
meeting and document number, a 纪律处分 through the 纪委监委, then announced, open to appeal
for a month, and filed with the report to the level above. Every refusal says why in
Chinese and leaves the database as it was."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cadres.choices import DecidingBody, Management, OutcomeState
from cadres.models import Outcome, OutcomeStep
from cadres.services import deciding_body, one_month_after, outcome_advance, outcome_propose
from tests.web import form_with, tick

from .conftest import DECISION, observe, reviewed

D = datetime.date
DAY = datetime.timedelta(days=1)


def _snapshot(outcome):
    outcome = Outcome.objects.get(pk=outcome.pk)
    steps = list(outcome.steps.values_list("state", "acted_by", "document_number"))
    return outcome.state, steps, outcome.history.count(), OutcomeStep.history.count()


def _propose(cadres, personas, measures=("admonition",), kind="accountability", **extra):
    return outcome_propose(
        user=personas.county_staff,
        subject=cadres.principal_b,
        kind=kind,
        measures=list(measures),
        reason="擅离岗位",
        records=[cadres.record_b],
        **extra,
    )


def _decided(cadres, personas, measures=("admonition",), kind="accountability"):
    outcome = _propose(cadres, personas, measures, kind)
    for state in ("reviewed", "decided"):
        outcome_advance(
            outcome=outcome, user=cadres.colleague, state=state, reason="同意", **DECISION
        )
    return Outcome.objects.get(pk=outcome.pk)


def _notified(cadres, personas, **kwargs):
    outcome = _decided(cadres, personas, **kwargs)
    outcome_advance(outcome=outcome, user=cadres.colleague, state="notified", method="delivered")
    return outcome


def _days_ago(outcome, days: int) -> None:
    """A test's shortcut: the outcome's steps were taken `days` days before today."""
    for step in outcome.steps.all():
        OutcomeStep.objects.filter(pk=step.pk).update(acted_on=step.acted_on - days * DAY)


@pytest.fixture
def township_cadre(tree, cadres, personas):
    """A 乡管 cadre of township A with a reviewed record, as the township keeps him."""
    cadre = cadres.young_a
    cadre.management = Management.TOWNSHIP
    cadre.save()
    record = reviewed(
        observe(cadre, personas.township_a, "solid_work", polarity="poor"), cadres.colleague
    )
    return cadre, record


class TestManagement:
    """Notice §5 "按照管理权限": only the organisation that manages a cadre proposes."""

    def test_a_township_managed_cadre_is_proposed_by_the_township_not_the_county(
        self, township_cadre, personas
    ):
        cadre, record = township_cadre
        fields = {
            "subject": cadre,
            "kind": "accountability",
            "measures": ["admonition"],
            "reason": "卡口脱岗",
            "records": [record],
        }
        with pytest.raises(PermissionDenied, match="乡管干部的运用结果由所在乡镇"):
            outcome_propose(user=personas.county_staff, **fields)
        assert not Outcome.objects.exists()
        outcome = outcome_propose(user=personas.township_a, **fields)
        assert (outcome.created_by, outcome.state) == (personas.township_a, "proposed")
        assert deciding_body(outcome) == DecidingBody.TOWNSHIP_COMMITTEE

    def test_a_county_managed_cadre_is_not_the_townships_and_one_above_is_nobodys_here(
        self, tree, cadres, personas
    ):
        fields = {
            "subject": cadres.principal_a,
            "kind": "recommend",
            "reason": "表现突出",
            "records": [cadres.record_a],
        }
        with pytest.raises(PermissionDenied, match="由县委组织部按管理权限提议"):
            outcome_propose(user=personas.township_a, **fields)
        cadres.principal_a.management = Management.HIGHER
        cadres.principal_a.save()
        with pytest.raises(PermissionDenied, match="由上级党委管理"):
            outcome_propose(user=personas.county_staff, **fields)
        assert not Outcome.objects.exists()

    def test_the_file_offers_the_proposal_to_whoever_manages_the_cadre(
        self, web, township_cadre, personas
    ):
        cadre, record = township_cadre
        url = reverse("cadres:cadre_detail", args=[cadre.pk])
        county = web("county_staff").get(url)
        assert "乡管干部" in county.text and "提议推荐/调整/问责" not in county.text
        create = reverse("cadres:outcome_create", args=[cadre.pk])
        assert "由所在乡镇" in web("county_staff").get(create, status=403).text

        township = web("township_a").get(url)
        form = form_with(township.click(description="提议推荐/调整/问责"), "kind")
        form["kind"] = "accountability"
        tick(form, "measures", "circular", "admonition")
        form["reason"] = "卡口脱岗"
        form["records"] = [str(record.pk)]
        form.submit().follow()
        outcome = Outcome.objects.get(cadre=cadre)
        assert (outcome.measures, outcome.created_by) == (
            "circular,admonition",
            personas.township_a,
        )
        assert outcome.title == "问责（通报、诫勉）"

    def test_the_township_records_its_committees_decision_but_never_on_its_own_proposal(
        self, township_cadre, cadres, personas
    ):
        cadre, record = township_cadre
        outcome = outcome_propose(
            user=personas.township_a,
            subject=cadre,
            kind="accountability",
            measures=["admonition"],
            reason="卡口脱岗",
            records=[record],
        )
        with pytest.raises(PermissionDenied):  # the organization department reviews
            outcome_advance(outcome=outcome, user=personas.township_a, state="reviewed", reason="x")
        outcome_advance(outcome=outcome, user=cadres.colleague, state="reviewed", reason="属实")
        before = _snapshot(outcome)
        with pytest.raises(PermissionDenied, match="提出人不能决定"):
            outcome_advance(
                outcome=outcome, user=personas.township_a, state="decided", reason="x", **DECISION
            )
        assert _snapshot(outcome) == before
        outcome_advance(
            outcome=outcome,
            user=cadres.colleague,
            state="decided",
            reason="镇党委会议研究决定诫勉",
            meeting="镇党委会议 2026 年第 5 次",
            document_number="甲党发〔2026〕3 号",
        )
        step = OutcomeStep.objects.get(outcome=outcome, state="decided")
        assert (step.body, step.meeting) == ("township_committee", "镇党委会议 2026 年第 5 次")


class TestWhoDecides:
    """《问责条例》: the department decides 通报 and 诫勉 itself; 组织调整或者组织处理 the county
    committee; a 纪律处分 the 纪委监委."""

    @pytest.mark.parametrize(
        ("measures", "body"),
        [
            (["circular"], DecidingBody.DEPARTMENT),
            (["circular", "admonition"], DecidingBody.DEPARTMENT),
            (["admonition", "dismissal"], DecidingBody.COUNTY_COMMITTEE),
            (["disciplinary"], DecidingBody.DISCIPLINE_COMMISSION),
            (["circular", "disciplinary"], DecidingBody.DEPARTMENT),
        ],
    )
    def test_the_body_follows_from_the_measures(self, cadres, personas, measures, body):
        assert deciding_body(_propose(cadres, personas, measures)) == body

    def test_recommendations_adjustments_and_teams_are_the_county_committees(
        self, cadres, personas, tree
    ):
        for kind in ("recommend", "adjust"):
            outcome = _propose(cadres, personas, measures=(), kind=kind)
            assert deciding_body(outcome) == DecidingBody.COUNTY_COMMITTEE
        team = outcome_propose(
            user=personas.county_staff,
            subject=tree.township_a,
            kind="accountability",
            measures=["circular"],
            reason="防控不力",
            records=[cadres.team_record_a],
        )
        assert deciding_body(team) == DecidingBody.COUNTY_COMMITTEE

    def test_a_committee_decision_needs_its_meeting_and_document_number(self, cadres, personas):
        outcome = _propose(cadres, personas, ["dismissal"])
        outcome_advance(outcome=outcome, user=cadres.colleague, state="reviewed", reason="属实")
        before = _snapshot(outcome)
        with pytest.raises(ValidationError) as refused:
            outcome_advance(outcome=outcome, user=cadres.colleague, state="decided", reason="免职")
        assert "县委集体讨论决定：请填写会议" in refused.value.message_dict["meeting"][0]
        assert refused.value.message_dict["document_number"] == ["请填写县委决定的文号。"]
        assert _snapshot(outcome) == before
        outcome_advance(
            outcome=outcome, user=cadres.colleague, state="decided", reason="免职", **DECISION
        )
        step = OutcomeStep.objects.get(outcome=outcome, state="decided")
        assert (step.body, step.meeting, step.document_number) == (
            "county_committee",
            DECISION["meeting"],
            DECISION["document_number"],
        )

    def test_a_disciplinary_measure_goes_to_the_discipline_commission_before_a_decision(
        self, cadres, personas
    ):
        outcome = _propose(cadres, personas, ["disciplinary"])
        outcome_advance(outcome=outcome, user=cadres.colleague, state="reviewed", reason="属实")
        before = _snapshot(outcome)
        with pytest.raises(ValidationError, match="不能直接“决定”"):
            outcome_advance(
                outcome=outcome, user=cadres.colleague, state="decided", reason="x", **DECISION
            )
        with pytest.raises(ValidationError) as refused:
            outcome_advance(
                outcome=outcome, user=cadres.colleague, state="transferred", reason="移送"
            )
        assert refused.value.message_dict == {"document_number": ["请填写文号。"]}
        assert _snapshot(outcome) == before
        outcome_advance(
            outcome=outcome,
            user=cadres.colleague,
            state="transferred",
            reason="涉嫌违纪",
            document_number="县组移〔2026〕1 号",
        )
        assert Outcome.objects.get(pk=outcome.pk).state == OutcomeState.TRANSFERRED
        outcome_advance(
            outcome=outcome,
            user=cadres.colleague,
            state="decided",
            reason="给予党内警告处分",
            document_number="县纪发〔2026〕9 号",
        )
        steps = list(outcome.steps.values_list("state", "body"))
        assert steps == [
            ("proposed", ""),
            ("reviewed", ""),
            ("transferred", "discipline_commission"),
            ("decided", "discipline_commission"),
        ]

    def test_measures_combine_but_only_one_organizational_measure(self, cadres, personas):
        with pytest.raises(ValidationError, match="组织调整或者组织处理只能选一种"):
            _propose(cadres, personas, ["suspension", "dismissal"])
        assert not Outcome.objects.exists()
        outcome = _propose(cadres, personas, ["disciplinary", "circular", "dismissal"])
        assert outcome.measures == "circular,dismissal,disciplinary"  # the vocabulary's order


class TestAfterTheDecision:
    def test_announced_appealed_within_a_month_and_revoked(self, cadres, personas):
        outcome = _notified(cadres, personas)
        notified = outcome.steps.get(state="notified")
        assert (notified.method, notified.acted_by) == ("delivered", cadres.colleague)
        outcome_advance(
            outcome=outcome, user=personas.county_staff, state="appealed", reason="事实有误"
        )
        before = _snapshot(outcome)
        with pytest.raises(PermissionDenied, match="提出人不能决定"):
            outcome_advance(
                outcome=outcome,
                user=personas.county_staff,
                state="appeal_decided",
                reason="x",
                result="revoked",
                document_number="x",
            )
        with pytest.raises(ValidationError) as refused:
            outcome_advance(
                outcome=outcome, user=cadres.colleague, state="appeal_decided", reason="复查"
            )
        assert set(refused.value.message_dict) == {"result", "document_number"}
        assert _snapshot(outcome) == before
        outcome_advance(
            outcome=outcome,
            user=cadres.colleague,
            state="appeal_decided",
            reason="复查后撤销",
            result="revoked",
            document_number="县组申〔2026〕1 号",
        )
        assert Outcome.objects.get(pk=outcome.pk).state == OutcomeState.REVOKED
        # A changed or revoked decision may be followed by a new proposal.
        follow = _propose(cadres, personas, ["circular"], follows=outcome)
        assert follow.follows == outcome

    def test_an_upheld_appeal_leaves_the_decision_standing_and_it_is_then_filed(
        self, cadres, personas
    ):
        outcome = _notified(cadres, personas)
        outcome_advance(outcome=outcome, user=cadres.colleague, state="appealed", reason="过重")
        with pytest.raises(ValidationError, match="不能直接“归档备案”"):
            outcome_advance(
                outcome=outcome, user=cadres.colleague, state="filed", document_number="x"
            )
        outcome_advance(
            outcome=outcome,
            user=cadres.colleague,
            state="appeal_decided",
            reason="维持",
            result="upheld",
            document_number="县组申〔2026〕2 号",
        )
        assert Outcome.objects.get(pk=outcome.pk).state == OutcomeState.DECIDED
        with pytest.raises(ValidationError, match="报上一级组织部门备案"):
            outcome_advance(outcome=outcome, user=cadres.colleague, state="filed")
        outcome_advance(
            outcome=outcome,
            user=personas.county_staff,
            state="filed",
            document_number="县组备〔2026〕4 号",
        )
        assert outcome.steps.get(state="filed").document_number == "县组备〔2026〕4 号"
        with pytest.raises(ValidationError):
            outcome_advance(
                outcome=outcome, user=cadres.colleague, state="filed", document_number="again"
            )
        assert outcome.steps.filter(state="filed").count() == 1

    def test_an_appeal_later_than_a_month_after_the_announcement_is_refused(self, cadres, personas):
        outcome = _notified(cadres, personas)
        _days_ago(outcome, 40)
        notified_on = outcome.steps.get(state="notified").acted_on
        before = _snapshot(outcome)
        with pytest.raises(ValidationError) as refused:
            outcome_advance(outcome=outcome, user=cadres.colleague, state="appealed", reason="迟")
        assert "申诉须在收到决定之日起一个月内提出" in str(refused.value)
        assert _snapshot(outcome) == before
        # An appeal lodged in time and recorded late is accepted with its own date.
        outcome_advance(
            outcome=outcome,
            user=cadres.colleague,
            state="appealed",
            reason="按时提交的书面申诉",
            acted_on=notified_on + 20 * DAY,
        )
        assert outcome.steps.get(state="appealed").acted_on == notified_on + 20 * DAY

    def test_a_recommendation_is_announced_and_filed_but_not_appealed(self, cadres, personas):
        outcome = _notified(cadres, personas, measures=(), kind="recommend")
        with pytest.raises(ValidationError, match="不能直接“提出申诉”"):
            outcome_advance(outcome=outcome, user=cadres.colleague, state="appealed", reason="x")
        outcome_advance(outcome=outcome, user=cadres.colleague, state="filed")
        assert outcome.steps.get(state="filed").document_number == ""

    def test_nothing_follows_a_decision_before_it_is_announced(self, cadres, personas):
        outcome = _decided(cadres, personas)
        before = _snapshot(outcome)
        for state in ("appealed", "filed"):
            with pytest.raises(ValidationError):
                outcome_advance(
                    outcome=outcome, user=cadres.colleague, state=state, reason="x", **DECISION
                )
        with pytest.raises(ValidationError, match="请选择告知方式"):
            outcome_advance(outcome=outcome, user=cadres.colleague, state="notified")
        assert _snapshot(outcome) == before

    def test_the_township_keeps_the_file_of_its_own_cadres_only(
        self, cadres, personas, township_cadre
    ):
        outcome = _notified(cadres, personas)  # 乙书记, county-managed, township B
        with pytest.raises(PermissionDenied, match="县管干部"):
            outcome_advance(
                outcome=outcome, user=personas.township_b, state="filed", document_number="x"
            )
        assert not outcome.steps.filter(state="filed").exists()


@pytest.mark.parametrize(
    ("day", "after"),
    [
        (D(2026, 1, 31), D(2026, 2, 28)),
        (D(2028, 1, 31), D(2028, 2, 29)),
        (D(2026, 12, 15), D(2027, 1, 15)),
        (D(2026, 3, 31), D(2026, 4, 30)),
    ],
)
def test_one_month_after(day, after):
    assert one_month_after(day) == after


def test_the_pages_take_a_decision_from_announcement_to_filing(web, cadres, personas):
    """The outcome's page offers each next step with who may take it, and its confirmation
    page asks exactly what that step records; the database holds what was typed."""
    outcome = _propose(cadres, personas, ["admonition", "dismissal"])
    outcome_advance(outcome=outcome, user=cadres.colleague, state="reviewed", reason="属实")
    colleague = web("county_colleague")
    page = colleague.get(outcome.get_absolute_url())
    assert "决定机关：县委" in page.text
    confirm = page.click(description="记录县委的决定…")
    assert "记录县委对乙书记（党委书记）作出“问责（诫勉、免职）”的决定" in confirm.text
    form = form_with(confirm, "meeting")
    form["reason"] = "县委常委会研究决定"
    form["meeting"] = "县委常委会 2026 年第 12 次会议"
    form["document_number"] = "县委干〔2026〕12 号"
    page = form.submit().follow()

    form = form_with(page.click(description="宣布告知…"), "method")
    assert {value for value, *_ in form["method"].options} == {
        "in_person",
        "delivered",
        "meeting",
    }
    assert "meeting" not in form.fields and "document_number" not in form.fields
    form["method"] = "in_person"
    page = form.submit().follow()
    deadline = one_month_after(outcome.steps.get(state="notified").acted_on)
    assert f"申诉期限：{deadline:%Y-%m-%d}" in page.text

    form = form_with(page.click(description="归档备案…"), "document_number")
    form["document_number"] = "县组备〔2026〕12 号"
    page = form.submit().follow()
    assert "归档备案" in page.text
    steps = list(
        Outcome.objects.get(pk=outcome.pk).steps.values_list(
            "state", "acted_by__username", "meeting", "document_number", "method"
        )
    )
    assert steps == [
        ("proposed", "county", "", "", ""),
        ("reviewed", "county2", "", "", ""),
        ("decided", "county2", "县委常委会 2026 年第 12 次会议", "县委干〔2026〕12 号", ""),
        ("notified", "county2", "", "", "in_person"),
        ("filed", "county2", "", "县组备〔2026〕12 号", ""),
    ]
    rows = [row.select("td")[0].text for row in page.html.select("#steps tbody tr")]
    assert rows == ["提议", "审核", "决定", "宣布告知", "归档备案"]
