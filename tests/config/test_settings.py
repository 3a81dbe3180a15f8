"""Settings come from the environment; production refuses to start on a weak secret."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" + "".join(chr(65 + i % 26) for i in range(70))


def _django(settings_module, code, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    environment.update(ENV_FILE="/nonexistent", DJANGO_SETTINGS_MODULE=settings_module, **env)
    script = f"import django; django.setup(); from django.conf import settings; {code}"
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )


@pytest.mark.parametrize("key", [None, "", "short", "django-insecure-" + "x" * 60])
def test_production_refuses_a_missing_or_weak_secret_key(key):
    env = {} if key is None else {"SECRET_KEY": key}
    result = _django("config.settings.production", "print('started')", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "started" not in result.stdout


def test_production_starts_with_a_real_key_and_is_locked_down():
    result = _django(
        "config.settings.production",
        "print(settings.DEBUG, settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE,"
        " settings.STORAGES['staticfiles']['BACKEND'])",
        SECRET_KEY=STRONG_KEY,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_defaults_for_a_new_user():
    result = _django(
        "config.settings.dev",
        "print(settings.DEBUG, settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ,"
        " settings.DATABASES['default']['ENGINE'], [code for code, _ in settings.LANGUAGES])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False zh-hans Asia/Shanghai True django.db.backends.sqlite3 ['zh-hans', 'en']"
    )


def test_database_and_debug_come_from_the_environment():
    result = _django(
        "config.settings.dev",
        "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'],"
        " settings.DATABASES['default']['NAME'], settings.ALLOWED_HOSTS)",
        DEBUG="true",
        DATABASE_URL="postgres://someone@db.example:5432/county",
        ALLOWED_HOSTS="dj.example,127.0.0.1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "True django.db.backends.postgresql county ['dj.example', '127.0.0.1']"
    )


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_serves_the_login_page_and_static_files(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        ENV_FILE="/nonexistent",
        SECRET_KEY=STRONG_KEY,
        STATIC_ROOT=str(tmp_path / "static"),
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        ALLOWED_HOSTS="127.0.0.1",
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = _free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page = None
        for _ in range(50):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        assert page is not None and page.status == 200
        html = page.read().decode()
        assert "登录" in html
        css = html.split('href="/static/css/site.')[1].split('"')[0]
        assert css.endswith(".css") and css != "css"  # hashed name from the manifest
        static = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/site.{css}", timeout=2)
        assert static.status == 200
        assert "bg-party" in static.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=10)
