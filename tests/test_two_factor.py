"""Two-factor login: county staff and administrators cannot get in with a password alone.

The codes typed here are the ones a phone authenticator would show for the device's key.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.models import Member
from organizations import twofactor

PASSWORD = "correct-horse-battery"


def password_login(client, username, next_url=""):
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def phone(user):
    """A phone that has already been set up for `user`."""
    return TOTPDevice.objects.create(user=user, name=twofactor.PHONE_DEVICE_NAME, confirmed=True)


def rewind(device):
    """Let the device accept the current code again (codes are single-use per 30 s)."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    device.refresh_from_db()


@pytest.fixture
def staff_with_phone(personas):
    return phone(personas.county_staff)


def test_county_staff_without_a_phone_must_set_one_up_before_any_page(client, personas):
    response = password_login(client, "county")
    assert response.status_code == 302
    for url in (reverse("home"), reverse("members:member_list"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two_factor_setup")), url
    response = client.post(reverse("members:member_create"), {"name": "偷偷登记"})
    assert response["Location"].startswith(reverse("two_factor_setup"))
    assert not Member.objects.filter(name="偷偷登记").exists()


def test_setting_up_a_phone_checks_its_code_and_gives_ten_recovery_codes(client, personas):
    password_login(client, "county")
    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "二维码" in html
    device = TOTPDevice.objects.get(user=personas.county_staff)
    assert device.confirmed is False

    wrong = client.post(reverse("two_factor_setup"), {"token": "000000"})
    assert "验证码不正确" in wrong.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False

    rewind(device)
    session_key = client.session.session_key
    response = client.post(
        reverse("two_factor_setup"), {"token": twofactor.current_code(device), "next": "/members/"}
    )
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.session.session_key != session_key  # new key once the factor is proven
    codes_page = client.get(response["Location"]).content.decode()
    codes = StaticToken.objects.filter(device__user=personas.county_staff)
    assert codes.count() == twofactor.RECOVERY_CODE_COUNT
    assert all(code.token in codes_page for code in codes)
    # Shown once only.
    assert codes[0].token not in client.get(reverse("two_factor_codes")).content.decode()
    assert client.get(reverse("home")).status_code == 200


def test_a_set_up_phone_is_asked_for_after_the_password(client, personas, staff_with_phone):
    response = password_login(client, "county", next_url="/members/")
    assert response["Location"] == "/members/"
    response = client.get("/members/")
    assert response["Location"].startswith(reverse("two_factor_verify"))

    wrong = client.post(reverse("two_factor_verify"), {"token": "123456", "next": "/members/"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    assert client.get("/members/").status_code == 302

    rewind(staff_with_phone)
    code = twofactor.current_code(staff_with_phone)
    response = client.post(reverse("two_factor_verify"), {"token": code, "next": "/members/"})
    assert response["Location"] == "/members/"
    assert client.get("/members/").status_code == 200


def test_a_code_works_only_once(client, personas, staff_with_phone):
    code = twofactor.current_code(staff_with_phone)
    password_login(client, "county")
    client.post(reverse("two_factor_verify"), {"token": code})
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))

    password_login(client, "county")
    again = client.post(reverse("two_factor_verify"), {"token": code})
    assert again.status_code == 200 and "验证码不正确" in again.content.decode()


def test_guessing_is_slowed_down_after_a_wrong_code(client, personas, staff_with_phone):
    password_login(client, "county")
    client.post(reverse("two_factor_verify"), {"token": "000000"})
    right_but_too_soon = client.post(
        reverse("two_factor_verify"), {"token": twofactor.current_code(staff_with_phone)}
    )
    assert right_but_too_soon.status_code == 200
    staff_with_phone.refresh_from_db()
    assert staff_with_phone.throttling_failure_count == 1
    assert client.get(reverse("home")).status_code == 302


def test_a_recovery_code_lets_one_in_once(client, personas, staff_with_phone):
    user = personas.county_staff
    codes = twofactor.recovery_codes_renew(user)
    password_login(client, "county")
    response = client.post(reverse("two_factor_verify"), {"token": codes[0].upper()})
    assert response.status_code == 302
    assert StaticToken.objects.filter(device__user=user).count() == len(codes) - 1
    assert "还剩 9 个" in client.get(reverse("home")).content.decode()
    client.post(reverse("logout"))

    password_login(client, "county")
    again = client.post(reverse("two_factor_verify"), {"token": codes[0]})
    assert again.status_code == 200


def test_a_password_alone_cannot_replace_the_phone(client, personas, staff_with_phone):
    password_login(client, "county")
    response = client.get(reverse("two_factor_setup"))
    assert response["Location"].startswith(reverse("two_factor_verify"))
    response = client.post(reverse("two_factor_setup"), {"token": "123456"})
    assert response["Location"].startswith(reverse("two_factor_verify"))
    assert list(TOTPDevice.objects.filter(user=personas.county_staff)) == [staff_with_phone]
    assert client.get(reverse("two_factor_codes")).status_code == 302


def test_a_new_phone_replaces_the_old_one(client_as, personas, staff_with_phone):
    client = client_as("county_staff")
    client.get(reverse("two_factor_setup"))
    new = TOTPDevice.objects.get(user=personas.county_staff, confirmed=False)
    client.post(reverse("two_factor_setup"), {"token": twofactor.current_code(new)})
    assert list(TOTPDevice.objects.filter(user=personas.county_staff)) == [new]


def test_recovery_codes_can_be_renewed_and_the_old_ones_stop_working(client_as, personas):
    user = personas.county_staff
    old = twofactor.recovery_codes_renew(user)
    client = client_as("county_staff")
    response = client.post(reverse("two_factor_codes"))
    page = client.get(response["Location"]).content.decode()
    new = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(new) == twofactor.RECOVERY_CODE_COUNT
    assert not set(old) & set(new)
    assert all(code in page for code in new)


def test_the_administrator_needs_it_for_the_admin_site(client, personas):
    client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("two_factor_setup"))


def test_a_township_secretary_may_turn_it_on_and_off(client, personas):
    user = personas.township_a
    password_login(client, "town_a")
    assert client.get(reverse("home")).status_code == 200
    assert "未开启" in client.get(reverse("two_factor")).content.decode()

    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("two_factor_setup"), {"token": twofactor.current_code(device)})
    assert TOTPDevice.objects.get(user=user).confirmed
    client.post(reverse("logout"))

    password_login(client, "town_a")
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_verify"))
    rewind(device)
    client.post(reverse("two_factor_verify"), {"token": twofactor.current_code(device)})
    response = client.post(reverse("two_factor"))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()


def test_county_staff_cannot_turn_it_off(client_as, personas):
    client = client_as("county_staff")
    response = client.post(reverse("two_factor"))
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=personas.county_staff).exists()


@override_settings(TWO_FACTOR_REQUIRED_ROLES=["county_staff", "township_secretary"])
def test_the_county_may_require_it_of_more_roles(client, personas):
    password_login(client, "town_a")
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_setup"))


def test_leaving_the_verification_step_for_another_site_is_refused(client, personas):
    device = phone(personas.county_staff)
    password_login(client, "county")
    response = client.post(
        reverse("two_factor_verify"),
        {"token": twofactor.current_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_demo_accounts_codes_are_printed_only_for_demo_devices(client, personas):
    TOTPDevice.objects.create(
        user=personas.county_staff, name=twofactor.DEMO_DEVICE_NAME, confirmed=True
    )
    out = StringIO()
    call_command("demo_code", "county", stdout=out)
    password_login(client, "county")
    response = client.post(reverse("two_factor_verify"), {"token": out.getvalue().strip()})
    assert response.status_code == 302 and client.get(reverse("home")).status_code == 200

    phone(personas.leader)
    with pytest.raises(CommandError):
        call_command("demo_code", "leader", stdout=StringIO())


def test_the_administrator_removes_a_lost_phone_without_seeing_its_key(client_as, personas):
    device = phone(personas.county_staff)
    admin = client_as("admin")
    page = admin.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200
    assert device.key not in page.content.decode()
    admin.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert twofactor.state_at_login(personas.county_staff) == twofactor.ENROL
