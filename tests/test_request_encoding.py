"""A form post that is not UTF-8 is refused, not stored as U+FFFD (issue #15, item 13).

The member form is filled as the page renders it (with its CSRF token), then sent as the
raw url-encoded body a broken client would send, the name's bytes replaced.
"""

from urllib.parse import quote_from_bytes

import pytest
from django.urls import reverse
from webtest import Upload

from funds.models import Expenditure
from members.models import Member

from .files import pdf
from .funds.conftest import money  # noqa: F401 (a fixture)
from .members.test_journeys import _fill_member
from .web import form_with

URLENCODED = "application/x-www-form-urlencoded"
MESSAGE = "提交的内容无法识别"


def _post_member(browser, tree, name: bytes, *, status):
    url = reverse("members:member_create")
    form = _fill_member(form_with(browser.get(url), "id_number"), tree)
    body = b"&".join(
        quote_from_bytes(key.encode()).encode()
        + b"="
        + (name if key == "name" else quote_from_bytes(value.encode()).encode())
        for key, value in form.submit_fields()
    )
    return browser.post(form.action or url, params=body, content_type=URLENCODED, status=status)


@pytest.mark.parametrize("name", [b"\xff\xfe", b"%FF%FE", "王".encode("gbk")])
def test_a_post_that_is_not_utf8_is_refused_and_nothing_stored(web, tree, name):
    page = _post_member(web("township_a"), tree, name, status=400)
    assert MESSAGE in page.text
    assert "未保存任何内容" in page.text
    assert not Member.objects.exists()


def test_the_same_post_in_utf8_is_stored(web, tree):
    _post_member(web("township_a"), tree, quote_from_bytes("新党员".encode()).encode(), status=302)
    assert Member.objects.get().name == "新党员"


PDF = pdf(data=bytes(range(256)) * 4)  # every byte value


def _spending_form(browser, allocation):
    page = browser.get(reverse("funds:expenditure_create", args=[allocation.pk]))
    form = form_with(page, "amount")
    form["amount"] = "1500.00"
    form["use"] = "condolence"
    form["beneficiaries"] = "慰问一线党员 2 人"
    form["beneficiary_count"] = "2"
    form["payee"] = "本人"
    return form


def test_an_upload_with_binary_content_is_not_refused(web, money):  # noqa: F811
    village = web("branch")
    form = _spending_form(village, money.to_village)
    form["voucher"] = Upload("慰问签收表.pdf", PDF, "application/pdf")
    assert "已记录支出" in form.submit().follow().text
    entry = Expenditure.objects.get(allocation=money.to_village)
    assert village.get(reverse("funds:voucher_download", args=[entry.pk])).body == PDF


def test_a_text_field_of_an_upload_form_that_is_not_utf8_is_refused(web, money):  # noqa: F811
    village = web("branch")
    form = _spending_form(village, money.to_village)
    boundary = b"----boundary"
    parts = [
        b'Content-Disposition: form-data; name="%s"\r\n\r\n%s'
        % (key.encode(), b"\xff\xfe" if key == "payee" else value.encode())
        for key, value in form.submit_fields()
        if key != "voucher"
    ]
    parts.append(
        b'Content-Disposition: form-data; name="voucher"; filename="v.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + PDF
    )
    body = b"".join(b"--" + boundary + b"\r\n" + part + b"\r\n" for part in parts)
    body += b"--" + boundary + b"--\r\n"
    url = reverse("funds:expenditure_create", args=[money.to_village.pk])
    page = village.request(  # as it is: village.post() would encode the body again
        url,
        method="POST",
        body=body,
        content_type=f"multipart/form-data; boundary={boundary.decode()}",
        environ=village._make_environ(),  # the browser's host, so its cookies go along
        status=400,
    )
    assert MESSAGE in page.text
    assert not Expenditure.objects.filter(allocation=money.to_village).exists()
