"""Time the main pages against one database (DATABASE_URL) and print one JSON line per page.

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


def timed(client, method, url, data=None):
    samples, queries, status = [], 0, None
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = getattr(client, method)(url, data or {})
            samples.append((time.perf_counter() - start) * 1000)
        queries, status = len(captured), response.status_code
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 1),
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
        ("trivial page (baseline)", county, "get", reverse("password_change_done"), None),
        ("county dashboard", county, "get", reverse("reports:dashboard"), None),
        ("township dashboard", town, "get", reverse("reports:dashboard"), None),
    ]
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
