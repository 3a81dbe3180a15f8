"""Every URL of the project is accounted for: anonymous visitors are sent to log in, and each
named page appears in some persona matrix (a new page without one fails here)."""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

TESTS = Path(__file__).resolve().parent
# Pages that need no scope matrix: signing in and out, and the administrator's own site.
PUBLIC_OR_ADMIN = {"login", "logout", "password_change", "password_change_done", "home"}
# One's own two-factor login pages; tests/test_two_factor.py tries them.
PUBLIC_OR_ADMIN |= {"two_factor", "two_factor_verify", "two_factor_setup", "two_factor_codes"}


def _patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def _sample_url(name, pattern):
    kwargs = {
        key: ("0" if isinstance(converter, IntConverter) else "x")
        for key, converter in pattern.pattern.converters.items()
    }
    return reverse(name, kwargs=kwargs)


NAMES = sorted(name for name, _ in _patterns())


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_visitors_are_sent_to_log_in(client, db, name):
    pattern = dict(_patterns())[name]
    url = _sample_url(name, pattern)
    if name == "login":
        assert client.get(url).status_code == 200
        return
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (name, method)
        assert response["Location"].startswith(reverse("login")), (name, method)


def test_every_page_is_in_a_persona_matrix():
    """Each named page is exercised by some test that tries it as the personas."""
    sources = "\n".join(path.read_text() for path in TESTS.rglob("test_*.py"))
    mentioned = set(re.findall(r'["\']([a-z_]+:[a-z_]+)["\']', sources))
    mentioned |= {
        f"{m.group(1)}:{m.group(2)}"
        for m in re.finditer(r'reverse\(f?"([a-z_]+):\{?([a-z_]+)', sources)
    }
    missing = [name for name in NAMES if name not in mentioned and name not in PUBLIC_OR_ADMIN]
    assert not missing, f"pages with no persona test: {missing}"
