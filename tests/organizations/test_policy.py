"""The one table of who may do what (organizations/policy.py), asked the same way by
services, views and templates."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from organizations.policy import POLICY, Action, may, refusal, require


def test_every_action_has_exactly_one_rule():
    assert set(POLICY) == set(Action)


def test_a_role_the_rule_does_not_name_is_told_which_action_in_chinese(personas):
    assert refusal(personas.leader, Action.REVEAL_LOG_READ) == "您的角色不能查看个人信息查看记录。"
    with pytest.raises(PermissionDenied, match="您的角色不能查看个人信息查看记录"):
        require(personas.township_a, Action.REVEAL_LOG_READ)
    assert may(personas.county_staff, Action.REVEAL_LOG_READ)
    assert may(personas.admin, Action.REVEAL_LOG_READ)


def test_a_branch_secretary_edits_only_their_own_organization(tree, personas):
    assert may(personas.branch, Action.ORGANIZATION_EDIT, tree.village_a)
    assert refusal(personas.branch, Action.ORGANIZATION_EDIT, tree.general_a) == (
        "基层党组织书记只能修改本组织的信息。"
    )
    assert may(personas.township_a, Action.ORGANIZATION_EDIT, tree.general_a)
    assert not may(personas.leader, Action.ORGANIZATION_EDIT, tree.village_a)


def test_an_inactive_or_anonymous_user_may_do_nothing(personas):
    personas.county_staff.is_active = False
    assert refusal(personas.county_staff, Action.REVEAL_LOG_READ) == "请先登录。"
    assert not may(AnonymousUser(), Action.REVEAL_LOG_READ)


def test_the_template_tag_answers_as_the_table_does(tree, personas):
    template = Template(
        '{% load policy %}{% may "organizations.organization.edit" org as allowed %}'
        "{% if allowed %}可修改{% else %}不可修改{% endif %}"
    )
    request = RequestFactory().get("/")
    for user, organization, shown in (
        (personas.branch, tree.village_a, "可修改"),
        (personas.branch, tree.general_a, "不可修改"),
        (personas.leader, tree.village_a, "不可修改"),
    ):
        request.user = user
        assert template.render(Context({"request": request, "org": organization})) == shown


def test_a_view_refused_by_the_table_answers_403_with_the_reason(client_as):
    response = client_as("leader").get(reverse("organizations:reveal_list"))
    assert response.status_code == 403
    assert "您的角色不能查看个人信息查看记录。" in response.content.decode()
