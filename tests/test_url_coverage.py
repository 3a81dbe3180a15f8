"""Every URL of the project is accounted for: anonymous visitors are sent to log in from each
one, and each appears in the access matrix (tests/test_access_matrix.py, which fails on a
pattern without a row)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter


def url_patterns(resolver=None, namespace=""):
    """(namespace:name, pattern) of every named URL outside the admin site."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def _sample_url(name, pattern):
    kwargs = {
        key: ("0" if isinstance(converter, IntConverter) else "x")
        for key, converter in pattern.pattern.converters.items()
    }
    return reverse(name, kwargs=kwargs)


NAMES = sorted(name for name, _ in url_patterns())


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_visitors_are_sent_to_log_in(client, db, name):
    pattern = dict(url_patterns())[name]
    url = _sample_url(name, pattern)
    if name == "login":
        assert client.get(url).status_code == 200
        return
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (name, method)
        assert response["Location"].startswith(reverse("login")), (name, method)
