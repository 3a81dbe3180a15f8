"""Temporary branches (《中国共产党支部工作条例（试行）》): set up with the approval of a party
organization above them, which designates the secretary; they educate and train activists
but do not develop members, discipline members or collect dues (one rule of the policy)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from organizations import policy
from organizations.choices import OrganizationKind
from organizations.models import Organization
from organizations.policy import POLICY, Action, refusal
from organizations.services import temporary_branch_close, temporary_branch_open
from tests.factories import MemberFactory
from tests.web import form_with

TEMPORARY_REASON = (
    "临时党支部不能办理此事项（只开展教育培养，不发展党员、不处分党员、不收缴党费）。"
)


def _snapshot():
    return (
        list(
            Organization.objects.order_by("pk").values_list(
                "pk", "kind", "approved_by", "designated_secretary", "secretary_name", "closed_on"
            )
        ),
        Organization.history.count(),
    )


def _open_form(web, persona, parent):
    page = web(persona).get(reverse("organizations:organization_detail", args=[parent.pk]))
    return form_with(page.click("成立临时党支部"), "approved_by")


def _offered(form, field):
    """The labels a select offers, or a picker offers for no text typed."""
    if form[field].attrs.get("data-autocomplete"):
        return list(form.offered(field).values())
    return [text for _, _, text in form[field].options]


class TestOpening:
    def test_the_form_records_who_approved_it_and_the_secretary_they_designated(
        self, web, tree, personas
    ):
        secretary = MemberFactory(organization=tree.village_a, name="周红")
        form = _open_form(web, "township_a", tree.township_a)
        # The opener's own township approves by default; the county above may instead.
        assert form["approved_by"].value == str(tree.township_a.pk)
        assert _offered(form, "approved_by") == ["中共甲镇委员会", "中共丰源县委员会"]
        assert "周红（甲村党支部）" in _offered(form, "designated_secretary")
        form["name"] = "甲镇卡口临时党支部"
        form["approved_on"] = "2026-10-30"
        form["approval_document"] = "甲组〔2026〕7号"
        form.pick("designated_secretary", secretary)
        form["established_on"] = "2026-11-01"
        page = form.submit().follow()

        branch = Organization.objects.get(name="甲镇卡口临时党支部")
        assert (branch.approved_by, branch.approved_on, branch.approval_document) == (
            tree.township_a,
            datetime.date(2026, 10, 30),
            "甲组〔2026〕7号",
        )
        assert (branch.designated_secretary, branch.secretary_name) == (secretary, "周红")
        created = branch.history.get()  # kept in history as it was opened
        assert (created.approved_by_id, created.designated_secretary_id) == (
            tree.township_a.pk,
            secretary.pk,
        )
        assert created.history_user == personas.township_a
        # Shown on the branch's page.
        facts = " ".join(page.html.select_one("dl").get_text(" ").split())
        assert "批准成立 中共甲镇委员会 · 2026-10-30 · 甲组〔2026〕7号" in facts
        assert "指定书记 周红（党员）" in facts

    def test_a_secretary_outside_the_rolls_is_given_by_name(self, web, tree):
        form = _open_form(web, "county_staff", tree.township_a)
        assert form["approved_by"].value == str(tree.county.pk)  # the county staff's own
        form["name"] = "县派驻甲镇临时党支部"
        form["secretary_name"] = "钱进"
        form.submit().follow()
        branch = Organization.objects.get(name="县派驻甲镇临时党支部")
        assert (branch.approved_by, branch.designated_secretary, branch.secretary_name) == (
            tree.county,
            None,
            "钱进",
        )

    def test_without_a_designated_secretary_nothing_is_opened(self, web, tree):
        before = _snapshot()
        form = _open_form(web, "township_a", tree.township_a)
        form["name"] = "无书记临时党支部"
        response = form.submit(status=200)
        assert "请指定临时党支部书记：从党员中选择，或填写书记姓名。" in response.text
        assert _snapshot() == before

    def test_approval_after_the_opening_is_refused(self, web, tree):
        before = _snapshot()
        form = _open_form(web, "township_a", tree.township_a)
        form["name"] = "倒签临时党支部"
        form["secretary_name"] = "孙立"
        form["established_on"] = "2026-11-01"
        form["approved_on"] = "2026-11-02"
        response = form.submit(status=200)
        assert "批准日期不能晚于成立日期。" in response.text
        assert _snapshot() == before

    def test_a_member_outside_the_scope_is_no_choice(self, web, tree):
        """A hand-altered choice of township B's member is refused, nothing opened."""
        outsider = MemberFactory(organization=tree.community_b, name="乙党员")
        before = _snapshot()
        form = _open_form(web, "township_a", tree.township_a)
        assert not [text for text in _offered(form, "designated_secretary") if "乙" in text]
        form["name"] = "越权临时党支部"
        form["designated_secretary"].force_value(str(outsider.pk))
        response = form.submit(status=200)
        assert response.context["form"].errors["designated_secretary"]
        assert _snapshot() == before

    def test_the_service_refuses_an_approving_organization_not_above_the_branch(
        self, tree, personas
    ):
        before = _snapshot()
        with pytest.raises(ValidationError) as refused:
            temporary_branch_open(
                parent=tree.township_a,
                user=personas.county_staff,
                name="错批临时党支部",
                sector="rural",
                secretary_name="李四",
                approved_by=tree.township_b,
            )
        assert "批准成立的党组织应为“中共甲镇委员会”或其上级党委" in str(refused.value)
        assert _snapshot() == before

    @pytest.mark.parametrize("typed", ["", "   "])
    def test_the_service_opens_no_branch_without_a_secretary(self, tree, personas, typed):
        """Whoever calls it (page, import, script): a branch is opened with who leads it."""
        before = _snapshot()
        with pytest.raises(ValidationError) as refused:
            temporary_branch_open(
                parent=tree.township_a,
                user=personas.township_a,
                name="无书记临时党支部",
                sector="rural",
                secretary_name=typed,
            )
        assert refused.value.message_dict["secretary_name"] == [
            "请指定临时党支部书记：从党员中选择，或填写姓名。"
        ]
        assert _snapshot() == before

    def test_the_service_defaults_the_approval_to_the_nearest_committee(self, tree, personas):
        """Opened under a 党总支 by county staff: the county (their own) approves; by the
        township secretary: their township."""
        by_county = temporary_branch_open(
            secretary_name="临时书记",
            parent=tree.general_a,
            user=personas.county_staff,
            name="总支甲",
            sector="rural",
        )
        by_township = temporary_branch_open(
            secretary_name="临时书记",
            parent=tree.general_a,
            user=personas.township_a,
            name="总支乙",
            sector="rural",
        )
        assert (by_county.approved_by, by_township.approved_by) == (tree.county, tree.township_a)
        assert by_county.approved_on == timezone.localdate()


class TestWhoMayOpenAndClose:
    @pytest.mark.parametrize(
        ("persona", "parent", "offered"),
        [
            ("county_staff", "township_a", True),
            ("township_a", "township_a", True),
            ("township_a", "general_a", True),
            ("township_a", "village_a", False),  # never under a branch
            ("branch", "village_a", False),
            ("leader", "township_a", False),
        ],
    )
    def test_the_button_is_shown_exactly_when_opening_is_allowed(
        self, web, client_as, tree, persona, parent, offered
    ):
        parent = getattr(tree, parent)
        page = web(persona).get(reverse("organizations:organization_detail", args=[parent.pk]))
        assert ("成立临时党支部" in page.text) is offered
        url = reverse("organizations:temporary_branch_create", args=[parent.pk])
        assert client_as(persona).get(url).status_code == (200 if offered else 403)

    @pytest.mark.parametrize(
        ("persona", "parent", "reason"),
        [
            ("leader", "township_a", "您的角色不能成立临时党支部。"),
            ("township_a", "village_a", "“临时党支部”不能设在“党支部”之下。"),
        ],
    )
    def test_a_refused_opening_says_why_and_changes_nothing(
        self, client_as, tree, persona, parent, reason
    ):
        url = reverse("organizations:temporary_branch_create", args=[getattr(tree, parent).pk])
        before = _snapshot()
        data = {"name": "不应成立", "sector": "rural", "secretary_name": "某", "approved_on": ""}
        response = client_as(persona).post(url, data)
        assert response.status_code == 403
        assert reason in response.content.decode()
        assert _snapshot() == before

    def test_closing_an_ordinary_branch_is_refused_with_the_reason(
        self, client_as, web, tree, personas
    ):
        before = _snapshot()
        for method, name in (
            ("get", "organizations:temporary_branch_close_confirm"),
            ("post", "organizations:temporary_branch_close"),
        ):
            url = reverse(name, args=[tree.village_a.pk])
            response = getattr(client_as("township_a"), method)(url, {"closed_on": "2026-11-01"})
            assert response.status_code == 403
            assert "只有临时党支部可以撤销。" in response.content.decode()
        assert _snapshot() == before
        with pytest.raises(PermissionDenied, match="只有临时党支部可以撤销"):
            temporary_branch_close(branch=tree.village_a, user=personas.township_a)
        assert _snapshot() == before
        # The close button is where closing is allowed: on an open temporary branch, for
        # who may close it.
        branch = temporary_branch_open(
            secretary_name="临时书记",
            parent=tree.township_a,
            user=personas.township_a,
            name="卡口",
            sector="rural",
        )
        for organization, persona, shown in (
            (branch, "county_staff", True),
            (branch, "township_a", True),
            (branch, "leader", False),
            (tree.village_a, "township_a", False),
        ):
            url = reverse("organizations:organization_detail", args=[organization.pk])
            assert ("撤销临时党支部…" in web(persona).get(url).text) is shown, persona
        temporary_branch_close(branch=branch, user=personas.township_a)
        page = web("township_a").get(reverse("organizations:organization_detail", args=[branch.pk]))
        assert "撤销临时党支部…" not in page.text


# ---- The rule: a temporary branch develops, disciplines and collects from nobody ----------
def _uses_the_temporary_branch_rule(rule) -> bool:
    """The rule's condition is `_not_a_temporary_branch` or a condition that asks it (or,
    once the engine carries one, the Rule's own flag)."""
    condition = rule.condition
    if condition is None:
        return getattr(rule, "not_for_temporary_branches", False)
    names = getattr(getattr(condition, "__code__", None), "co_names", ())
    return (
        condition is policy._not_a_temporary_branch
        or "_not_a_temporary_branch" in names
        or getattr(rule, "not_for_temporary_branches", False)
    )


RESTRICTED = [action for action, rule in POLICY.items() if _uses_the_temporary_branch_rule(rule)]


class InBranch:
    """Whatever object an action is about, as its condition sees it: the branch itself
    (kind, pk, path) and a record belonging to it (`organization`), still open."""

    def __init__(self, branch):
        self.branch = branch
        self.organization = branch
        self.organization_id = branch.pk
        self.ended_on = None

    def __getattr__(self, name):
        return getattr(self.branch, name)


def test_the_rule_is_asked_by_the_actions_of_developing_disciplining_and_dues():
    assert RESTRICTED, "no action asks `_not_a_temporary_branch`"


@pytest.mark.parametrize("action", RESTRICTED, ids=str)
def test_each_action_under_the_rule_refuses_a_temporary_branch_only(tree, personas, action):
    temporary = temporary_branch_open(
        secretary_name="临时书记",
        parent=tree.township_a,
        user=personas.county_staff,
        name="卡口",
        sector="rural",
    )
    assert temporary.kind == OrganizationKind.TEMPORARY_BRANCH
    rule = POLICY[action]
    user = personas.county_staff if "county_staff" in rule.roles else personas.township_a
    assert refusal(user, action, InBranch(temporary)) == TEMPORARY_REASON
    assert refusal(user, action, InBranch(tree.village_a)) == ""


def test_the_organizations_own_actions_are_not_under_the_rule():
    """Opening, closing and editing a temporary branch are what it is for."""
    assert not {
        Action.TEMPORARY_BRANCH_OPEN,
        Action.TEMPORARY_BRANCH_CLOSE,
        Action.ORGANIZATION_EDIT,
    } & set(RESTRICTED)
