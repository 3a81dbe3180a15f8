"""Real-browser journeys: Debian's Chromium driven by Playwright against a live server.

Skipped, with the reason printed, where /usr/bin/chromium is not installed; CI installs it.
Every page may load only from the live server: a request to any other host fails the test.
Set SCREENSHOTS=1 to save the main pages under docs/screenshots/.
"""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from organizations import twofactor
from organizations.models import User

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "browser-pass-2026"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="浏览器测试需要 Chromium（apt-get install -y chromium），本机未安装，已跳过",
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("浏览器测试需要 Chromium（apt-get install -y chromium），本机未安装，已跳过")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def county(transactional_db):
    """A small demo county (two townships), the same generator `make run` uses."""
    call_command("seed_demo", scale=0.08, password=PASSWORD, stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def open_page(browser, live_server, county):
    """open_page(user, width, height) → a signed-in page that may only talk to the server."""
    contexts, foreign = [], []
    allowed = urlparse(live_server.url).hostname

    def opener(username, width=1366, height=768):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()

        def guard(route):
            host = urlparse(route.request.url).hostname
            if host not in (allowed, "localhost", "127.0.0.1") and not route.request.url.startswith(
                "data:"
            ):
                foreign.append(route.request.url)
                return route.abort()
            return route.continue_()

        page.route("**/*", guard)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        if "/two-factor/verify/" in page.url:  # county staff and the administrator
            device = twofactor.demo_device(User.objects.get(username=username))
            # The same account signs in more than once a minute here; a phone could not.
            type(device).objects.filter(pk=device.pk).update(last_t=-1)
            page.fill("#id_token", twofactor.current_code(device))
            page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        page.base = live_server.url
        return page

    yield opener
    for context in contexts:
        context.close()
    assert not foreign, f"pages asked other hosts: {foreign}"


def shot(page, name):
    if os.environ.get("SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"]
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=False)
