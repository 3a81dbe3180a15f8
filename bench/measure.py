"""Time the main pages against one database (DATABASE_URL) and print one JSON line per page.

Each request of a page is followed by a request of the trivial page, so the ratio compares
two medians taken side by side in the same minutes, whatever else the machine does.
Run by bench/run.py; not part of the test suite (speed is measured here, not asserted).
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["ALLOWED_HOSTS"] = "testserver"

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from cadres.models import Cadre  # noqa: E402
from funds.models import Allocation  # noqa: E402
from members.models import Member  # noqa: E402
from organizations import twofactor  # noqa: E402
from organizations.models import User  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))


TRIVIAL = reverse("password_change_done")


def _once(client, method, url, data=None):
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = getattr(client, method)(url, data or {})
        elapsed = (time.perf_counter() - start) * 1000
    return elapsed, len(captured), response


def timed(client, method, url, data=None):
    """The page and the trivial page, alternated request by request."""
    samples, trivial, queries, status, size = [], [], 0, None, 0
    for _ in range(REPEAT):
        elapsed, queries, response = _once(client, method, url, data)
        samples.append(elapsed)
        status, size = response.status_code, len(response.content)
        trivial.append(_once(client, "get", TRIVIAL)[0])
    samples.sort()
    median, baseline = statistics.median(samples), statistics.median(trivial)
    return {
        "median_ms": round(median, 1),
        "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 1),
        "trivial_ms": round(baseline, 1),
        "ratio": round(median / baseline, 1),
        "kb": round(size / 1024),
        "queries": queries,
        "status": status,
    }


def signed_in(username: str) -> Client:
    """A client past the login and, for county staff, the second factor."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    session = client.session
    session[twofactor.SESSION_KEY] = twofactor.VERIFIED
    session.save()
    return client


def main():
    county, town = signed_in("county"), signed_in("town01")
    member = Member.objects.order_by("pk").first()
    cadre = Cadre.objects.order_by("pk").first()
    allocation = Allocation.objects.filter(parent__isnull=False).order_by("pk").first()
    pages = [
        ("trivial page (baseline)", county, "get", TRIVIAL, None),
        ("county dashboard", county, "get", reverse("reports:dashboard"), None),
        ("township dashboard", town, "get", reverse("reports:dashboard"), None),
    ]
    # Create forms, each with an organization or member picker (issue #17 §2).
    for name, client in [
        ("members:member_create", county),
        ("members:post_create", town),
        ("cadres:cadre_create", county),
        ("members:care_create", town),
        ("members:activist_create", town),
        ("members:registration_create", town),
    ]:
        pages.append((f"form {name}", client, "get", reverse(name), None))
        pages.append(
            (
                f"picker {name}",
                client,
                "get",
                reverse(name),
                {"autocomplete": "organization", "q": "村"},
            )
        )
    for name in [
        "members:member_list",
        "members:post_list",
        "members:registration_list",
        "cadres:cadre_list",
        "cadres:record_list",
        "funds:expenditure_list",
        "reports:report_list",
    ]:
        pages.append((f"{name} p1", county, "get", reverse(name), None))
        # The 50th page where the list has one, else its last.
        fiftieth = county.get(reverse(name) + "?page=50").status_code == 200
        pages.append(
            (
                f"{name} p{'50' if fiftieth else 'last'}",
                county,
                "get",
                reverse(name) + ("?page=50" if fiftieth else "?page=last"),
                None,
            )
        )
    pages.append(
        (
            "organizations:organization_list",
            county,
            "get",
            reverse("organizations:organization_list"),
            None,
        )
    )
    pages += [
        ("member page", county, "get", member.get_absolute_url(), None),
        ("cadre file", county, "get", cadre.get_absolute_url(), None),
        ("allocation page", county, "get", allocation.get_absolute_url(), None),
        (
            "save: township report",
            town,
            "post",
            reverse("reports:report_file"),
            {"highlights": "基准测试", "needs": "", "risk": "calm"},
        ),
    ]
    for name, client, method, url, data in pages:
        print(
            json.dumps({"page": name, **timed(client, method, url, data)}, ensure_ascii=False),
            flush=True,
        )


if __name__ == "__main__":
    main()
