"""Forms that do not list the county (issue #17 §2).

A choice of an organization or a member is a picker: the page holds only the chosen option,
and the form's own view answers what is typed with the first matches of the field's scoped
queryset. What a user can pick and what the form accepts stay one definition, so nothing
out of scope can be found by typing or saved by a crafted post; and neither the page nor an
answer grows with the county.
"""

import pytest
from django.urls import reverse

from members.models import Member, Post
from organizations.autocomplete import LIMIT
from tests.factories import MemberFactory, OrganizationFactory
from tests.web import form_with

MEMBER_CREATE = reverse("members:member_create")
POST_CREATE = reverse("members:post_create")


def _villages(parent, count, prefix="新村"):
    return [
        OrganizationFactory(
            parent=parent, name=f"{prefix}{n:03d}党支部", code=f"{parent.code}9{n:03d}"
        )
        for n in range(count)
    ]


def test_the_page_holds_only_the_empty_choice_however_large_the_scope(web, tree):
    _villages(tree.township_a, 60)
    page = web("county_staff").get(MEMBER_CREATE)
    select = page.html.select_one("select[name=organization]")
    assert [option["value"] for option in select.select("option")] == [""]
    assert select["data-autocomplete"] == "organization"
    assert "新村000党支部" not in page.text


def test_typing_finds_by_name_or_code_prefix_within_the_scope_only(web, tree):
    form = form_with(web("township_a").get(MEMBER_CREATE), "id_number")
    assert form.offered("organization", "甲村") == {
        str(tree.village_a.pk): "甲村党支部",
        str(tree.sub_a.pk): "甲村第一党支部",
    }  # 甲村党总支 is no branch: members are never placed there
    assert set(form.offered("organization", "FY0010020")) == {str(tree.sub_a.pk)}
    assert form.offered("organization", "乙社区") == {}  # another township's, not found
    county = form_with(web("county_staff").get(MEMBER_CREATE), "id_number")
    assert county.offered("organization", "乙社区") == {
        str(tree.community_b.pk): "乙社区党支部（中共乙街道工作委员会）"
    }  # the county sees every township: each branch is named with its own


def test_a_picker_answers_the_first_twenty_and_says_there_are_more(web, tree):
    _villages(tree.township_a, LIMIT + 5)
    browser = web("township_a")
    answer = browser.get(MEMBER_CREATE, {"autocomplete": "organization", "q": "新村"}).json
    assert len(answer["results"]) == LIMIT and answer["more"] is True
    narrowed = browser.get(MEMBER_CREATE, {"autocomplete": "organization", "q": "新村02"}).json
    assert [row["text"] for row in narrowed["results"]] == [
        f"新村{n:03d}党支部" for n in range(20, LIMIT + 5)
    ]
    assert narrowed["more"] is False


def test_only_a_pickers_own_choices_can_be_asked_for(web, client_as, tree):
    browser = web("township_a")
    for name in ("category", "name", "nothing", ""):
        browser.get(MEMBER_CREATE, {"autocomplete": name, "q": "a"}, status=404)
    web("leader").get(MEMBER_CREATE, {"autocomplete": "organization"}, status=403)
    anonymous = client_as("anonymous").get(MEMBER_CREATE, {"autocomplete": "organization"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_a_crafted_choice_out_of_scope_is_refused_and_nothing_is_saved(web, tree):
    form = form_with(web("township_a").get(MEMBER_CREATE), "id_number")
    with pytest.raises(ValueError):
        form["organization"] = str(tree.community_b.pk)  # the picker does not offer it
    form["organization"].force_value(str(tree.community_b.pk))  # posted anyway
    form["name"] = "越权"
    form["id_number"] = "410702198001010019"
    form["joined_on"] = "2010-07-01"
    page = form.submit(status=200)
    assert "选择一个有效的选项" in page.text
    assert not Member.objects.exists()


def test_an_edit_page_shows_the_chosen_organization_and_keeps_it(web, tree):
    member = MemberFactory(organization=tree.village_a, name="原名")
    page = web("township_a").get(reverse("members:member_update", args=[member.pk]))
    select = page.html.select_one("select[name=organization]")
    chosen = select.select_one("option[selected]")
    assert (chosen["value"], chosen.text) == (str(tree.village_a.pk), "甲村党支部")
    assert len(select.select("option")) == 2  # the empty choice and the chosen one
    form = form_with(page, "name")
    form["name"] = "新名"
    form.submit().follow()
    member.refresh_from_db()
    assert (member.name, member.organization) == ("新名", tree.village_a)


def test_a_post_is_set_up_and_filled_by_typing_names(web, tree, personas):
    MemberFactory(organization=tree.village_a, name="李四")
    outsider = MemberFactory(organization=tree.community_b, name="李四乙")
    browser = web("township_a")
    form = form_with(browser.get(POST_CREATE), "households_covered")
    form["kind"] = "zone"
    form["name"] = "甲村三组党员责任区"
    form.pick("organization", tree.village_a, text="甲村党")
    form["place"] = "甲村三组"
    form["duty"] = "入户排查"
    form["households_covered"] = "30"
    page = form.submit().follow()
    post = Post.objects.get(name="甲村三组党员责任区")
    assert post.organization == tree.village_a

    form = form_with(page, "member")
    assert form["member"].attrs["data-autocomplete-url"] == reverse(
        "members:post_assign", args=[post.pk]
    )
    assert str(outsider.pk) not in form.offered("member", "李四")
    form.pick("member", Member.objects.get(name="李四"), text="李")
    form["starts_on"] = post.starts_on.isoformat()
    form.submit().follow()
    assert [m.name for m in post.members.all()] == ["李四"]
    assert post.assignments.get().history.get().history_user == personas.township_a


@pytest.mark.parametrize("villages", [5, 60])
def test_a_page_and_an_answer_cost_the_same_few_queries_whatever_the_scope(
    web, tree, villages, django_assert_max_num_queries
):
    _villages(tree.township_a, villages)
    browser = web("county_staff")
    with django_assert_max_num_queries(8):
        page = browser.get(MEMBER_CREATE)
    assert len(page.html.select("select[name=organization] option")) == 1
    with django_assert_max_num_queries(7):
        answer = browser.get(MEMBER_CREATE, {"autocomplete": "organization", "q": "村"}).json
    assert len(answer["results"]) == min(LIMIT, villages + 2)
