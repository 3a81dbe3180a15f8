"""Every list exports to Excel with its filters, in the user's scope, personal data masked."""

import io

import openpyxl
import pytest
from django.urls import reverse

from tests.factories import MemberFactory

LISTS = [
    "members:member_list",
    "members:post_list",
    "members:registration_list",
    "members:activist_list",
    "members:discipline_list",
    "members:care_list",
    "cadres:cadre_list",
    "cadres:record_list",
    "cadres:outcome_list",
    "cadres:commendation_list",
    "funds:appropriation_list",
    "funds:allocation_list",
    "funds:expenditure_list",
    "reports:report_list",
    "reports:need_list",
]


def _rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("name", LISTS)
def test_every_list_exports(client_as, tree, name):
    rows = _rows(client_as("county_staff").get(reverse(name), {"format": "xlsx"}))
    assert rows and all(rows[0])  # a header row with a title in every column


@pytest.mark.parametrize(
    ("persona", "names"),
    [
        ("county_staff", {"甲一", "甲二", "乙一"}),
        ("leader", {"甲一", "甲二", "乙一"}),
        ("township_a", {"甲一", "甲二"}),
        ("township_b", {"乙一"}),
        ("branch", {"甲一", "甲二"}),
    ],
)
def test_member_export_is_scoped_and_masked(client_as, tree, persona, names):
    members = [
        MemberFactory(organization=tree.village_a, name="甲一", phone="13811112222"),
        MemberFactory(organization=tree.village_a, name="甲二"),
        MemberFactory(organization=tree.community_b, name="乙一"),
    ]
    rows = _rows(client_as(persona).get(reverse("members:member_list"), {"format": "xlsx"}))
    assert {row[0] for row in rows[1:]} == names
    text = str(rows)
    for member in members:
        assert member.id_number not in text
    assert "13811112222" not in text
    if "甲一" in names:
        assert "138****2222" in text


def test_export_keeps_the_filters(client_as, tree):
    MemberFactory(organization=tree.village_a, name="甲一")
    MemberFactory(organization=tree.community_b, name="乙一")
    rows = _rows(
        client_as("county_staff").get(
            reverse("members:member_list"), {"format": "xlsx", "township": tree.township_b.pk}
        )
    )
    assert [row[0] for row in rows[1:]] == ["乙一"]


def test_a_list_page_offers_the_export_of_what_it_shows(client_as, tree):
    page = client_as("county_staff").get(reverse("members:member_list"), {"q": "甲", "page": "1"})
    assert "?q=%E7%94%B2&amp;format=xlsx" in page.content.decode()
