"""The cadres pages as their users meet them: forms filled and submitted from the rendered
HTML (WebTest), confirmations read before an irreversible step, and the database checked
afterwards."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cadres.choices import Checkpoint, CommendationState, OutcomeState
from cadres.models import Cadre, CadreCategory, Commendation, Evidence, FrontlineRecord, Outcome
from cadres.services import (
    commendation_confirm,
    commendation_nominate,
    commendation_start_notice,
    outcome_advance,
    outcome_propose,
)
from tests.factories import MemberFactory
from tests.files import PDF, PNG, picture_of
from tests.web import form_with, tick

from .conftest import DECISION, notice_ended, observe, reviewed

D = datetime.date


def _order_of(text: str, *needles: str) -> list[str]:
    """The needles in the order they appear on the page (each must appear once)."""
    for needle in needles:
        assert text.count(needle) == 1, needle
    return sorted(needles, key=text.index)


@pytest.fixture
def file_out_of_order(cadres, personas):
    """甲书记's file, recorded out of date order, one record a township proposal."""
    cadre = cadres.principal_a
    county, township, other = personas.county_staff, personas.township_a, cadres.colleague
    for checkpoint, day, text in (
        (Checkpoint.KNOWS, D(2026, 2, 10), "二月十日事例"),
        (Checkpoint.ACTS, D(2026, 1, 20), "一月二十日事例"),
    ):
        reviewed(observe(cadre, county, checkpoint, day=day, description=text), other)
    observe(cadre, township, Checkpoint.AT_POST, day=D(2026, 2, 5), description="待审二月五日")
    reviewed(
        observe(cadre, county, Checkpoint.SPEAKS_UP, day=D(2026, 2, 1), description="二月一日事例"),
        other,
    )
    return cadre


class TestTheCadreFile:
    def test_on_screen_records_are_newest_first(self, web, file_out_of_order):
        page = web("leader").get(reverse("cadres:cadre_detail", args=[file_out_of_order.pk]))
        assert _order_of(
            page.text, "二月十日事例", "待审二月五日", "二月一日事例", "一月二十日事例"
        ) == ["二月十日事例", "待审二月五日", "二月一日事例", "一月二十日事例"]

    def test_the_print_lists_reviewed_records_newest_first_and_says_what_it_left_out(
        self, web, file_out_of_order
    ):
        url = reverse("cadres:cadre_detail", args=[file_out_of_order.pk])
        page = web("leader").get(url, {"print": "1"})
        assert "待审二月五日" not in page.text
        assert _order_of(page.text, "二月十日事例", "二月一日事例", "一月二十日事例") == [
            "二月十日事例",
            "二月一日事例",
            "一月二十日事例",
        ]
        # The fixture's own record (2026-02-01, 连续值守) is reviewed too: four in all.
        assert "以下为已审核记录 4 条；另有待审核 1 条未列入" in page.text
        assert "待审核</span>" not in page.text

    def test_the_print_counts_only_what_it_prints(self, web, file_out_of_order):
        url = reverse("cadres:cadre_detail", args=[file_out_of_order.pk])
        printed = web("leader").get(url, {"print": "1"})
        assert {row["polarity"]: row["total"] for row in printed.context["summary"]}["突出"] == 4
        on_screen = web("leader").get(url)
        assert {row["polarity"]: row["total"] for row in on_screen.context["summary"]}["突出"] == 5

    def test_a_team_file_prints_in_the_same_order(self, web, cadres, tree, personas):
        team, county = tree.township_a, personas.county_staff
        for checkpoint, day, text in (
            (Checkpoint.CALM, D(2026, 1, 3), "班子一月"),
            (Checkpoint.OPINION, D(2026, 3, 1), "班子三月"),
        ):
            reviewed(observe(team, county, checkpoint, day=day, description=text), cadres.colleague)
        url = reverse("cadres:team_detail", args=[tree.township_a.pk])
        for query in ({}, {"print": "1"}):
            page = web("county_staff").get(url, query)
            assert _order_of(page.text, "班子三月", "班子一月") == ["班子三月", "班子一月"]


def form_posting_to(page, url: str):
    """The one form on `page` whose action is `url` (a confirmation has no other field)."""
    matching = {id(f): f for f in page.forms.values() if f.action == url}
    assert len(matching) == 1, f"expected one form posting to {url}, found {len(matching)}"
    return next(iter(matching.values()))


class TestConfirmationBeforeAnIrreversibleStep:
    def test_reviewing_a_township_record_is_read_before_it_is_done(self, web, cadres, personas):
        proposed = observe(
            cadres.principal_a,
            personas.township_a,
            Checkpoint.AT_POST,
            description="除夕夜坚守卡口",
        )
        county = web("county_staff")
        detail = county.get(reverse("cadres:record_detail", args=[proposed.pk]))
        # The record page itself holds no one-tap form that reviews.
        review_url = reverse("cadres:record_review", args=[proposed.pk])
        assert all(form.action != review_url for form in detail.forms.values())
        confirm = detail.click(description="审核通过…")
        assert "甲书记（党委书记）" in confirm.text
        assert "审核不能撤销" in confirm.text and "除夕夜坚守卡口" in confirm.text
        assert not FrontlineRecord.objects.get(pk=proposed.pk).is_reviewed

        page = form_posting_to(confirm, review_url).submit().follow()

        assert "已审核" in page.text
        record = FrontlineRecord.objects.get(pk=proposed.pk)
        assert (record.reviewed_by, record.is_reviewed) == (personas.county_staff, True)
        assert "审核通过…" not in page.text

    def test_a_reviewed_record_offers_no_second_review(self, web, cadres):
        url = reverse("cadres:record_review_confirm", args=[cadres.record_a.pk])
        page = web("admin").get(url)
        assert "该记录已审核" in page.text
        review_url = reverse("cadres:record_review", args=[cadres.record_a.pk])
        assert all(form.action != review_url for form in page.forms.values())

    def test_an_accountability_goes_from_the_file_to_a_decision_each_step_confirmed(
        self, web, cadres, personas
    ):
        county = web("county_staff")
        file_page = county.get(reverse("cadres:cadre_detail", args=[cadres.principal_b.pk]))
        form = form_with(file_page.click(description="提议推荐/调整/问责"), "kind")
        form["kind"] = "accountability"
        tick(form, "measures", "admonition")
        form["reason"] = "擅离岗位，造成管控空档"
        form["records"] = [str(cadres.record_b.pk)]
        detail = form.submit().follow()
        outcome = Outcome.objects.get(cadre=cadres.principal_b)
        assert (outcome.state, list(outcome.records.all())) == ("proposed", [cadres.record_b])
        step_url = reverse("cadres:outcome_step", args=[outcome.pk])
        assert all(form.action != step_url for form in detail.forms.values())

        # Four eyes: the proposer is told who reviews, and offered no 审核 or 决定.
        assert "待他人审核：提出人不能审核。" in detail.text
        assert "审核…" not in detail.text and "决定…" not in detail.text
        colleague = web("county_colleague")
        detail = colleague.get(outcome.get_absolute_url())
        confirm = detail.click(description="审核…")
        assert "乙书记（党委书记）" in confirm.text and "问责（诫勉）" in confirm.text
        assert "审核后不能退回提议状态" in confirm.text
        form = form_with(confirm, "reason")
        form["reason"] = "事实清楚"
        detail = form.submit().follow()
        assert Outcome.objects.get(pk=outcome.pk).state == OutcomeState.REVIEWED

        confirm = detail.click(description="决定…")
        text = confirm.text
        assert "对乙书记（党委书记）作出“问责（诫勉）”" in text
        assert "决定后不能更改或撤回" in text
        assert cadres.record_b.description in text and "2026-02-01" in text
        form = form_with(confirm, "reason")
        form["reason"] = "常委会研究同意"
        form["document_number"] = "县组干〔2026〕7 号"
        detail = form.submit().follow()

        outcome.refresh_from_db()
        assert outcome.state == OutcomeState.DECIDED
        assert list(outcome.steps.values_list("state", "reason", "acted_by")) == [
            ("proposed", "擅离岗位，造成管控空档", personas.county_staff.pk),
            ("reviewed", "事实清楚", cadres.colleague.pk),
            ("decided", "常委会研究同意", cadres.colleague.pk),
        ]
        assert outcome.steps.get(state="decided").document_number == "县组干〔2026〕7 号"
        assert "决定…" not in detail.text and "撤回…" not in detail.text

    def test_a_step_refused_by_the_rules_comes_back_on_its_confirmation_page(
        self, web, cadres, personas
    ):
        outcome = outcome_propose(
            user=personas.county_staff,
            subject=cadres.principal_a,
            kind="recommend",
            reason="表现突出",
            records=[cadres.record_a],
        )
        confirm = web("county_colleague").get(
            reverse("cadres:outcome_step_confirm", args=[outcome.pk]), {"state": "reviewed"}
        )
        form = form_with(confirm, "reason")
        form["acted_on"] = "2099-01-01"
        form["reason"] = "同意"
        page = form.submit(status=200)
        assert "日期不能晚于今天" in page.text and "审核后不能退回提议状态" in page.text
        assert form_with(page, "reason")["reason"].value == "同意"
        assert Outcome.objects.get(pk=outcome.pk).state == OutcomeState.PROPOSED
        assert outcome.steps.count() == 1

    def test_a_step_that_is_not_next_is_not_offered(self, web, cadres, personas):
        outcome = outcome_propose(
            user=personas.county_staff,
            subject=cadres.principal_a,
            kind="recommend",
            reason="表现突出",
            records=[cadres.record_a],
        )
        url = reverse("cadres:outcome_step_confirm", args=[outcome.pk])
        page = web("county_colleague").get(url, {"state": "decided"})
        assert "没有这一步可办理" in page.text
        assert "reason" not in {name for form in page.forms.values() for name in form.fields}

    def test_a_commendation_is_made_public_then_confirmed_each_step_read_first(
        self, web, cadres, personas
    ):
        county = web("county_staff")
        file_page = county.get(reverse("cadres:cadre_detail", args=[cadres.principal_a.pk]))
        form = form_with(file_page.click(description="提名表彰"), "title")
        form["title"] = "抗击疫情先进个人"
        form["citation"] = "连续值守三十天"
        form["records"] = [str(cadres.record_a.pk)]
        detail = form.submit().follow()
        commendation = Commendation.objects.get(cadre=cadres.principal_a)
        assert (commendation.state, list(commendation.records.all())) == (
            CommendationState.NOMINATED,
            [cadres.record_a],
        )

        confirm = detail.click(description="开始公示…")
        assert "甲书记的“抗击疫情先进个人”提名进入公示" in confirm.text
        assert "不能退回提名状态" in confirm.text and "连续值守" in confirm.text
        form = form_with(confirm, "notice_ends_on")
        today = timezone.localdate()
        week = today + datetime.timedelta(days=6)
        form["notice_starts_on"] = today.isoformat()
        form["notice_ends_on"] = week.isoformat()
        detail = form.submit().follow()
        commendation.refresh_from_db()
        assert (commendation.state, commendation.notice_ends_on) == (
            CommendationState.IN_NOTICE,
            week,
        )
        assert "期满后才能确认" in detail.text and "确认表彰…" not in detail.text
        # The week passes.
        Commendation.objects.filter(pk=commendation.pk).update(
            notice_starts_on=today - datetime.timedelta(days=14),
            notice_ends_on=today - datetime.timedelta(days=8),
        )
        detail = county.get(commendation.get_absolute_url())

        confirm = detail.click(description="公示期满，确认表彰…")
        assert "甲书记确认为“抗击疫情先进个人”" in confirm.text
        assert "确认后不能撤回" in confirm.text
        form = form_with(confirm, "decision_note")
        assert form["action"].value == "confirm"
        form["decision_note"] = "公示无异议"
        detail = form.submit().follow()

        commendation.refresh_from_db()
        assert (commendation.state, commendation.decision_note, commendation.decided_on) == (
            CommendationState.CONFIRMED,
            "公示无异议",
            timezone.localdate(),
        )
        assert "撤回…" not in detail.text

    def test_withdrawing_a_nomination_needs_its_reason(self, web, cadres, tree, personas):
        commendation = commendation_nominate(
            user=personas.county_staff,
            nominee=tree.village_a,
            title="先进基层党组织",
            citation="全村无一例感染",
        )
        detail = web("county_staff").get(commendation.get_absolute_url())
        confirm = detail.click(description="撤回…")
        assert "甲村党支部的“先进基层党组织”提名撤回并办结" in confirm.text
        form = form_with(confirm, "decision_note")
        assert form["action"].value == "withdraw"
        page = form.submit().follow()
        assert "请写明撤回理由" in page.text
        assert Commendation.objects.get(pk=commendation.pk).state == CommendationState.NOMINATED

        form = form_with(page.click(description="撤回…"), "decision_note")
        form["decision_note"] = "经核实不符合条件"
        form.submit().follow()
        commendation.refresh_from_db()
        assert (commendation.state, commendation.decision_note) == (
            CommendationState.WITHDRAWN,
            "经核实不符合条件",
        )

    def test_confirming_before_the_notice_ends_is_not_offered(self, web, cadres, tree, personas):
        commendation = commendation_nominate(
            user=personas.county_staff, nominee=tree.village_a, title="先进", citation="事迹"
        )
        today = timezone.localdate()
        commendation_start_notice(
            commendation=commendation,
            user=personas.county_staff,
            starts_on=today,
            ends_on=today + datetime.timedelta(days=6),
        )
        url = reverse("cadres:commendation_step_confirm", args=[commendation.pk])
        page = web("county_staff").get(url, {"action": "confirm"})
        assert "期满后才能确认" in page.text
        assert "decision_note" not in {n for form in page.forms.values() for n in form.fields}
        assert Commendation.objects.get(pk=commendation.pk).state == CommendationState.IN_NOTICE


class TestTheRecordForm:
    def test_a_record_with_two_evidence_files_keeps_both(self, web, cadres, personas):
        county = web("county_staff")
        file_page = county.get(reverse("cadres:cadre_detail", args=[cadres.principal_a.pk]))
        form = form_with(
            file_page.click(description="记录一线表现", href="subject="), "description"
        )
        assert form.enctype == "multipart/form-data"
        assert form["subject"].value == f"c{cadres.principal_a.pk}"
        assert form["occurred_on"].value == timezone.localdate().isoformat()
        form["polarity"] = "outstanding"
        form["checkpoint"] = "in_front"
        form["dimensions"] = ["commitment", "purpose"]
        form["description"] = "深夜赶赴隔离点处置突发情况"
        form["place"] = "集中隔离点"
        form["source"] = "site_visit"
        form["evidence"] = [
            ("现场.png", PNG, "image/png"),
            ("情况说明.pdf", PDF, "application/pdf"),
        ]
        record_page = form.submit().follow()

        assert "已记录" in record_page.text
        record = FrontlineRecord.objects.get(description="深夜赶赴隔离点处置突发情况")
        assert (record.cadre, record.checkpoint, record.recorded_by, record.place) == (
            cadres.principal_a,
            "in_front",
            personas.county_staff,
            "集中隔离点",
        )
        # Even county staff's own record awaits review by someone else (four eyes).
        assert (record.dimensions, record.is_reviewed) == ("purpose,commitment", False)
        kept = {e.original_name: e for e in record.evidence.all()}
        assert set(kept) == {"现场.png", "情况说明.pdf"}
        download = record_page.click(description="情况说明.pdf")
        assert download.body == PDF  # a PDF byte for byte
        assert kept["情况说明.pdf"].size == len(PDF)
        download = record_page.click(description="现场.png")
        assert picture_of(download.body) == picture_of(PNG)  # an image as the same picture
        assert kept["现场.png"].size == len(download.body)

    def test_the_search_is_its_own_get_form_and_carries_no_token(self, web, cadres, personas):
        township = web("township_a")
        page = township.get(reverse("cadres:record_create"))
        search = form_with(page, "q")
        assert search.method.upper() == "GET"
        assert "csrfmiddlewaretoken" not in search.fields
        search["q"] = "甲青年"
        page = search.submit()
        assert "csrfmiddlewaretoken" not in page.request.url
        form = form_with(page, "description")
        form["subject"] = f"c{cadres.young_a.pk}"
        form["checkpoint"] = "steps_forward"
        form["dimensions"] = ["commitment"]
        form["description"] = "带队入户排查"
        form["place"] = "甲村"
        form.submit().follow()
        record = FrontlineRecord.objects.get(description="带队入户排查")
        assert (record.cadre, record.recorded_by, record.is_reviewed) == (
            cadres.young_a,
            personas.township_a,
            False,
        )

    def test_a_township_secretary_is_not_offered_the_other_township(self, web, cadres):
        page = web("township_a").get(reverse("cadres:record_create"), {"q": "书记"})
        form = form_with(page, "description")
        offered = [value for value, *_ in form["subject"].options]
        assert f"c{cadres.principal_a.pk}" in offered
        assert f"c{cadres.principal_b.pk}" not in offered
        # A hand-made request for 乙书记 is refused like any unknown subject.
        form["subject"].force_value(f"c{cadres.principal_b.pk}")
        form["checkpoint"] = "at_post"
        form["dimensions"] = ["political"]
        form["description"] = "越界"
        form["place"] = "x"
        page = form.submit(status=200)
        assert "请选择一名干部或一个领导班子" in page.text
        assert not FrontlineRecord.objects.filter(description="越界").exists()

    @pytest.mark.parametrize(
        ("fill", "message"),
        [
            ({"checkpoint": "steps_forward"}, "考察要点中没有这一项"),
            ({"occurred_on": "2099-01-01"}, "日期不能晚于今天"),
            (
                {"evidence": ("病毒.png", b"MZ\x90\x00binary", "image/png")},
                "不是 JPEG、PNG 图片或 PDF",
            ),
            ({"dimensions": []}, "这个字段是必填项"),
            ({"description": ""}, "这个字段是必填项"),
        ],
    )
    def test_a_bad_record_is_explained_and_nothing_is_saved(self, web, cadres, fill, message):
        page = web("county_staff").get(
            reverse("cadres:record_create"), {"subject": f"c{cadres.principal_a.pk}"}
        )
        form = form_with(page, "description")
        values = {
            "checkpoint": "at_post",
            "dimensions": ["political"],
            "description": "值守",
            "place": "卡口",
            **fill,
        }
        for name, value in values.items():
            form[name] = [value] if name == "evidence" else value
        before = (FrontlineRecord.objects.count(), Evidence.objects.count())
        page = form.submit(status=200)
        assert message in page.text
        assert (FrontlineRecord.objects.count(), Evidence.objects.count()) == before
        # What was typed is still there to correct.
        assert form_with(page, "description")["place"].value == "卡口"


class TestTheCadreForms:
    def test_county_staff_register_a_cadre_from_the_form(self, web, tree, personas):
        county = web("county_staff")
        list_page = county.get(reverse("cadres:cadre_list"))
        form = form_with(county.get(reverse("cadres:cadre_create")), "post_title")
        category = CadreCategory.objects.get(name="优秀年轻干部")
        form["name"] = "丙干部"
        form.pick("organization", tree.village_a)
        form["post_title"] = "村党支部委员"
        form["category"] = str(category.pk)
        form["phone"] = "13800138000"
        form["birth_year"] = "1992"
        page = form.submit().follow()

        assert list_page.status_code == 200 and "已登记干部" in page.text
        cadre = Cadre.objects.get(name="丙干部")
        assert (cadre.organization, cadre.category, cadre.phone, cadre.birth_year) == (
            tree.village_a,
            category,
            "13800138000",
            1992,
        )
        assert (cadre.is_active, cadre.township) == (True, tree.township_a)
        assert cadre.history.get().history_user == personas.county_staff

    def test_an_organization_that_takes_no_new_work_is_not_offered(self, web, tree):
        tree.village_a.is_active = False
        tree.village_a.save()
        form = form_with(web("county_staff").get(reverse("cadres:cadre_create")), "post_title")
        assert str(tree.township_a.pk) in form.offered("organization")
        assert str(tree.village_a.pk) not in form.offered("organization", "甲村")
        assert str(tree.township_a.pk) in form.offered("organization", tree.township_a.code)

    def test_a_cadre_is_edited_from_his_file(self, web, cadres, personas):
        county = web("county_staff")
        file_page = county.get(reverse("cadres:cadre_detail", args=[cadres.principal_a.pk]))
        form = form_with(file_page.click(description="修改", href="edit"), "post_title")
        assert form["name"].value == "甲书记"
        form["post_title"] = "镇长"
        form["is_active"] = False
        page = form.submit().follow()
        assert "已保存" in page.text
        cadre = Cadre.objects.get(pk=cadres.principal_a.pk)
        assert (cadre.name, cadre.post_title, cadre.is_active) == ("甲书记", "镇长", False)
        assert cadre.history.first().history_user == personas.county_staff

    def test_an_edit_of_a_cadre_whose_unit_no_longer_takes_work_keeps_the_unit(
        self, web, cadres, tree
    ):
        tree.village_a.is_active = False
        tree.village_a.save()
        url = reverse("cadres:cadre_update", args=[cadres.young_a.pk])
        form = form_with(web("county_staff").get(url), "post_title")
        assert form["organization"].value == str(tree.village_a.pk)
        form["post_title"] = "村党支部书记"
        form.submit().follow()
        cadre = Cadre.objects.get(pk=cadres.young_a.pk)
        assert (cadre.organization, cadre.post_title) == (tree.village_a, "村党支部书记")

    def test_an_edit_from_an_outdated_page_is_refused(self, web, cadres):
        url = reverse("cadres:cadre_update", args=[cadres.principal_a.pk])
        first = form_with(web("county_staff").get(url), "post_title")
        second = form_with(web("county_staff").get(url), "post_title")
        first["post_title"] = "镇长"
        first.submit().follow()
        second["post_title"] = "副镇长"
        page = second.submit(status=200)
        assert "您的修改未保存" in page.text
        assert Cadre.objects.get(pk=cadres.principal_a.pk).post_title == "镇长"


class TestTheOutcomeForm:
    def test_a_team_is_offered_only_accountability_and_the_measures_for_an_organization(
        self, web, cadres, tree
    ):
        team_page = web("county_staff").get(
            reverse("cadres:team_detail", args=[tree.township_a.pk])
        )
        form = form_with(team_page.click(description="提议问责"), "kind")
        assert [value for value, *_ in form["kind"].options] == ["accountability"]
        assert {box._value for box in form.fields["measures"]} == {
            "inspection",
            "circular",
            "reorganize",
        }
        tick(form, "measures", "reorganize")
        form["reason"] = "防控组织不力"
        form["records"] = [str(cadres.team_record_a.pk)]
        form.submit().follow()
        outcome = Outcome.objects.get(team=tree.township_a)
        assert (outcome.kind, outcome.measures, outcome.state) == (
            "accountability",
            "reorganize",
            OutcomeState.PROPOSED,
        )
        assert list(outcome.records.all()) == [cadres.team_record_a]

    def test_a_cadre_is_offered_the_measures_for_a_cadre(self, web, cadres):
        url = reverse("cadres:outcome_create", args=[cadres.principal_a.pk])
        form = form_with(web("county_staff").get(url), "kind")
        measures = {box._value for box in form.fields["measures"]}
        assert "reorganize" not in measures and "inspection" not in measures
        assert {"admonition", "dismissal", "disciplinary"} <= measures

    def test_only_reviewed_records_are_offered_and_none_ticked_is_refused(
        self, web, cadres, personas
    ):
        proposed = observe(cadres.principal_b, personas.township_b, Checkpoint.KNOWS)
        url = reverse("cadres:outcome_create", args=[cadres.principal_b.pk])
        page = web("county_staff").get(url)
        form = form_with(page, "kind")
        offered = {box["value"] for box in page.html.select("input[name=records]")}
        assert offered == {str(cadres.record_b.pk)}
        assert str(proposed.pk) not in offered
        form["kind"] = "accountability"
        tick(form, "measures", "admonition")
        form["reason"] = "擅离岗位"
        page = form.submit(status=200)
        assert "必须引用至少一条" in page.text
        assert not Outcome.objects.filter(cadre=cadres.principal_b).exists()

    def test_a_follow_up_names_the_decided_outcome_it_continues(self, web, cadres, personas):
        first = outcome_propose(
            user=personas.county_staff,
            subject=cadres.principal_b,
            kind="accountability",
            measures=["admonition"],
            reason="擅离岗位",
            records=[cadres.record_b],
        )
        for state in ("reviewed", "decided"):
            outcome_advance(
                outcome=first, user=cadres.colleague, state=state, reason="同意", **DECISION
            )
        url = reverse("cadres:outcome_create", args=[cadres.principal_b.pk])
        form = form_with(web("county_staff").get(url), "kind")
        form["kind"] = "adjust"
        form["reason"] = "诫勉后仍不到岗"
        form["records"] = [str(cadres.record_b.pk)]
        form["follows"] = str(first.pk)
        form.submit().follow()
        follow_up = Outcome.objects.get(cadre=cadres.principal_b, kind="adjust")
        assert (follow_up.follows, follow_up.measures) == (first, "")


class TestTheCommendationForm:
    def test_a_nomination_rests_only_on_reviewed_records(self, web, cadres, personas):
        proposed = observe(cadres.principal_a, personas.township_a, Checkpoint.KNOWS)
        url = reverse("cadres:commendation_create") + f"?cadre={cadres.principal_a.pk}"
        page = web("county_staff").get(url)
        offered = {box["value"] for box in page.html.select("input[name=records]")}
        assert offered == {str(cadres.record_a.pk)}
        with pytest.raises(ValidationError, match="已经审核"):
            commendation_nominate(
                user=personas.county_staff,
                nominee=cadres.principal_a,
                title="先进个人",
                citation="x",
                records=[proposed],
            )
        assert not Commendation.objects.exists()

    def test_an_advanced_collective_is_nominated_from_the_team_file(self, web, cadres, tree):
        page = web("county_staff").get(reverse("cadres:team_detail", args=[tree.township_a.pk]))
        form = form_with(page.click(description="提名先进集体"), "title")
        form["title"] = "先进基层党组织"
        form["citation"] = "全镇无一例输入"
        form["records"] = [str(cadres.team_record_a.pk)]
        detail = form.submit().follow()
        commendation = Commendation.objects.get(organization=tree.township_a)
        assert (commendation.kind, commendation.title, commendation.state) == (
            "collective",
            "先进基层党组织",
            CommendationState.NOMINATED,
        )
        assert list(commendation.records.all()) == [cadres.team_record_a]
        assert "先进基层党组织" in detail.text


def test_a_confirmation_page_left_open_while_the_outcome_was_decided_changes_nothing(
    web, cadres, personas
):
    """Two staff members: one opens 撤回, the other decides meanwhile; the withdrawal fails."""
    outcome = outcome_propose(
        user=personas.county_staff,
        subject=cadres.principal_b,
        kind="accountability",
        measures=["admonition"],
        reason="擅离岗位",
        records=[cadres.record_b],
    )
    outcome_advance(outcome=outcome, user=cadres.colleague, state="reviewed", reason="同意")
    url = reverse("cadres:outcome_step_confirm", args=[outcome.pk])
    form = form_with(web("county_staff").get(url, {"state": "withdrawn"}), "reason")
    outcome_advance(
        outcome=outcome, user=cadres.colleague, state="decided", reason="同意", **DECISION
    )
    form["reason"] = "撤回"
    page = form.submit(status=200)
    assert "该结果已决定或办结，不能再审核、决定或撤回" in page.text
    outcome.refresh_from_db()
    assert outcome.state == OutcomeState.DECIDED
    assert list(outcome.steps.values_list("state", flat=True)) == [
        "proposed",
        "reviewed",
        "decided",
    ]


def test_a_long_file_says_on_screen_that_it_shows_the_latest_and_prints_them_all(
    web, cadres, personas
):
    for day in range(1, 201):
        observe(
            cadres.young_a,
            personas.township_a,
            Checkpoint.SOLID_WORK,
            day=D(2026, 1, 1) + datetime.timedelta(days=day % 60),
        )
    url = reverse("cadres:cadre_detail", args=[cadres.young_a.pk])
    observe(
        cadres.young_a,
        personas.township_a,
        Checkpoint.SHOULDERS,
        description="最早一条",
        day=D(2025, 6, 1),
    )
    FrontlineRecord.objects.filter(cadre=cadres.young_a).update(
        reviewed_by=personas.county_staff, reviewed_at=timezone.now()
    )
    on_screen = web("county_staff").get(url)
    assert "共 201 条，以下为最近 200 条" in on_screen.text
    assert "最早一条" not in on_screen.text
    printed = web("county_staff").get(url, {"print": "1"})
    assert "以下为已审核记录 201 条。" in printed.text and "最早一条" in printed.text


@pytest.mark.parametrize("extra", [0, 20])
def test_the_printed_file_takes_the_same_queries_however_long(
    web, cadres, personas, django_assert_max_num_queries, extra
):
    for _ in range(extra):
        observe(cadres.principal_a, personas.county_staff, Checkpoint.KNOWS)
        observe(cadres.principal_a, personas.township_a, Checkpoint.ACTS)
    browser = web("leader")
    url = reverse("cadres:cadre_detail", args=[cadres.principal_a.pk])
    with django_assert_max_num_queries(12):
        browser.get(url, {"print": "1"})


def test_a_superuser_is_offered_the_review_the_view_allows_him(web, cadres, personas):
    proposed = observe(cadres.principal_a, personas.township_a, Checkpoint.KNOWS)
    page = web("admin").get(reverse("cadres:record_detail", args=[proposed.pk]))
    form_posting_to(
        page.click(description="审核通过…"), reverse("cadres:record_review", args=[proposed.pk])
    ).submit().follow()
    assert FrontlineRecord.objects.get(pk=proposed.pk).reviewed_by == personas.admin


def test_after_a_refused_record_the_page_says_the_evidence_must_be_chosen_again(web, cadres):
    """A browser keeps no file across a page that came back with errors: say so, or the
    corrected record is saved without the evidence its author thinks is attached."""
    page = web("county_staff").get(
        reverse("cadres:record_create"), {"subject": f"c{cadres.principal_a.pk}"}
    )
    form = form_with(page, "description")
    form["occurred_on"] = "2099-01-01"
    form["checkpoint"] = "at_post"
    form["dimensions"] = ["political"]
    form["description"] = "佐证丢失"
    form["place"] = "卡口"
    form["evidence"] = [("现场.png", PNG, "image/png")]
    page = form.submit(status=200)
    assert "佐证材料未保存，请改正后重新选择" in page.text
    assert not FrontlineRecord.objects.filter(description="佐证丢失").exists()
    assert not Evidence.objects.filter(original_name="现场.png").exists()
    # Without an upload nothing is said about one.
    form = form_with(page, "description")
    form["occurred_on"] = "2099-01-01"
    assert "佐证材料未保存" not in form.submit(status=200).text


def test_an_outcome_form_for_a_subject_without_reviewed_records_says_why_it_cannot_go_on(
    web, cadres, personas
):
    observe(cadres.young_a, personas.township_a, Checkpoint.SHOULDERS)
    page = web("county_staff").get(reverse("cadres:outcome_create", args=[cadres.young_a.pk]))
    assert "还没有已审核的一线表现记录" in page.text
    assert not page.html.select("input[name=records]")


def test_a_party_member_is_nominated_from_his_own_page(web, tree):
    member = MemberFactory(organization=tree.village_a, name="甲党员")
    page = web("county_staff").get(reverse("members:member_detail", args=[member.pk]))
    form = form_with(page.click(description="提名表彰"), "title")
    assert "records" not in form.fields  # a member has no front-line records of his own
    form["title"] = "优秀共产党员"
    form["citation"] = "带头值守卡口"
    form.submit().follow()
    commendation = Commendation.objects.get(member=member)
    assert (commendation.kind, commendation.title, commendation.citation) == (
        "individual",
        "优秀共产党员",
        "带头值守卡口",
    )
    assert (commendation.cadre, commendation.organization, commendation.township) == (
        None,
        None,
        tree.township_a,
    )


def test_the_print_lists_decided_outcomes_and_confirmed_commendations_only(web, cadres, personas):
    county = personas.county_staff
    decided = outcome_propose(
        user=county,
        subject=cadres.principal_a,
        kind="recommend",
        reason="突出",
        records=[cadres.record_a],
    )
    for state in ("reviewed", "decided"):
        outcome_advance(
            outcome=decided, user=cadres.colleague, state=state, reason="同意", **DECISION
        )
    outcome_propose(
        user=county,
        subject=cadres.principal_a,
        kind="accountability",
        measures=["dismissal"],
        reason="待查",
        records=[cadres.record_a],
    )
    confirmed = commendation_nominate(
        user=county,
        nominee=cadres.principal_a,
        title="已确认称号",
        citation="x",
        records=[cadres.record_a],
    )
    commendation_confirm(commendation=notice_ended(confirmed, county), user=county)
    commendation_nominate(
        user=county,
        nominee=cadres.principal_a,
        title="提名中称号",
        citation="x",
        records=[cadres.record_a],
    )
    url = reverse("cadres:cadre_detail", args=[cadres.principal_a.pk])
    printed = web("leader").get(url, {"print": "1"}).text
    assert "推荐" in printed and "免职" not in printed
    assert "另有办理中 1 项未列入" in printed
    assert "已确认称号" in printed and "提名中称号" not in printed
    assert "另有提名或公示中 1 项未列入" in printed
    on_screen = web("leader").get(url).text
    assert "免职" in on_screen and "提名中称号" in on_screen
