"""Import 30,000 members from one Excel file as county staff: dry run, confirm, and again.

Run by bench/run.py against the scale-1 database (or alone, with DATABASE_URL set); prints one
JSON line per step. The rows are new members in the demo county's branches with valid ID
numbers; the second pass imports the same file again, so every row is an update. The imported
members and their history rows are deleted at the end, so the database is left as seeded.

    DATABASE_URL=… python bench/import_members.py [--rows 30000] [--repeat 3] [--profile DIR]

`--profile DIR` writes a cProfile of each step of the first repetition into DIR.
"""

import argparse
import cProfile
import datetime
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["ALLOWED_HOSTS"] = "testserver"

import django

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from members.choices import Education  # noqa: E402
from members.models import Member  # noqa: E402
from organizations import twofactor  # noqa: E402
from organizations.choices import OrganizationKind  # noqa: E402
from organizations.models import Job, Organization, User  # noqa: E402
from organizations.personal import build_id_number  # noqa: E402

HEADERS = [
    "姓名",
    "身份证号码",
    "手机号码",
    "民族",
    "学历",
    "所在党支部编码",
    "党员类别",
    "入党日期",
    "转正日期",
]
REGION = "410799"  # not the demo's region, so no row clashes with a seeded member


def members_workbook(rows: int, seed: int = 30000) -> tuple[bytes, list[str]]:
    """`rows` valid new members spread over the county's branches (县直机关 in the organs')."""
    rng = random.Random(seed)
    organs = Organization.objects.filter(kind=OrganizationKind.COUNTY_ORGAN)
    organ_paths = list(organs.values_list("path", flat=True))
    branches = [
        (code, any(path.startswith(organ) for organ in organ_paths))
        for code, path in Organization.objects.filter(
            kind=OrganizationKind.BRANCH, is_active=True
        ).values_list("code", "path")
    ]
    educations = [str(label) for _, label in Education.choices]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("党员名册")
    sheet.append(HEADERS)
    numbers = []
    for index in range(rows):
        birth = datetime.date(1955, 1, 1) + datetime.timedelta(days=index // 400)
        number = build_id_number(REGION, birth, index % 400 * 2 + rng.randint(0, 1))
        numbers.append(number)
        code, in_organ = rng.choice(branches)
        category = "县直机关" if in_organ else rng.choice(["在职", "离退休", "流动"])
        joined = birth.replace(year=birth.year + rng.randint(20, 40), day=1)
        full = joined.replace(year=joined.year + 1) if rng.random() < 0.9 else None
        sheet.append(
            [
                f"导入党员{index:05d}",
                number,
                f"13{rng.randint(100000000, 999999999)}",
                "汉族" if rng.random() < 0.95 else "回族",
                rng.choice(educations),
                code,
                category,
                joined,
                full,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), numbers


def signed_in(username: str) -> Client:
    """A client past the login and, for county staff, the second factor."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    session = client.session
    session[twofactor.SESSION_KEY] = twofactor.VERIFIED
    session.save()
    return client


def timed(step: str, action, profile_dir: Path | None):
    profiler = cProfile.Profile() if profile_dir else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    result = action()
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile_dir / f"{step.replace(' ', '_')}.prof")
    return time.perf_counter() - start, result


def post(client: Client, url: str, data: dict, *, progress: bool):
    """One import POST; with `progress`, as a job (run at once here) whose progress is saved
    on the way, followed to its result page."""
    if not progress:
        return client.post(url, data)
    response = client.post(url, data)
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
    return client.get(job.next_url)


def one_pass(client, url, content, rows, *, kind, progress, profile_dir):
    """Dry run then confirm of the whole file; returns {step: seconds}."""
    upload = SimpleUploadedFile("党员.xlsx", content)
    seconds, page = timed(
        f"{kind} dry run",
        lambda: post(client, url, {"action": "dry_run", "file": upload}, progress=progress),
        profile_dir,
    )
    counted = page.context["created"] + page.context["updated"]
    if page.status_code != 200 or page.context["failed"] or counted != rows:
        raise SystemExit(f"dry run did not pass: {page.status_code} {page.context['failed']}")
    times = {f"{kind} dry run": seconds}
    data = {"action": "confirm", "token": page.context["token"]}
    seconds, response = timed(
        f"{kind} confirm", lambda: post(client, url, data, progress=progress), profile_dir
    )
    if response.status_code != 302:
        raise SystemExit(f"confirm did not pass: {response.status_code}")
    times[f"{kind} confirm"] = seconds
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=int(os.environ.get("BENCH_IMPORT_ROWS", 30000)))
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_IMPORT_REPEAT", 3)))
    parser.add_argument("--profile", type=Path, default=None)
    parser.add_argument("--progress", action="store_true", help="as a job with its progress")
    args = parser.parse_args()
    setup_test_environment()  # so the client keeps each page's context
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    # One file of --rows rows measures the import's throughput; a county office splits a file
    # past IMPORT_MAX_ROWS (5,000 by default), so the cap is raised here only.
    override_settings(
        IMPORT_MAX_ROWS=max(args.rows, 5000),
        IMPORT_INLINE_ROWS=0 if args.progress else args.rows + 20,
        JOBS_RUN_INLINE=True,
    ).enable()
    content, numbers = members_workbook(args.rows)
    client = signed_in("county")
    url = reverse("members:member_import")
    before = Member.objects.count()
    samples = {}
    for repetition in range(args.repeat):
        profile_dir = args.profile if repetition == 0 else None
        try:
            for kind in ("new", "update"):
                times = one_pass(
                    client,
                    url,
                    content,
                    args.rows,
                    kind=kind,
                    progress=args.progress,
                    profile_dir=profile_dir,
                )
                for step, seconds in times.items():
                    samples.setdefault(step, []).append(seconds)
            imported = Member.objects.filter(id_number__in=numbers)
            if imported.count() != args.rows:
                raise SystemExit("the confirm did not write every row")
            history = Member.history.filter(id_number__in=numbers)
            if history.filter(history_user__username="county").count() != 2 * args.rows:
                raise SystemExit("history rows are missing")
        finally:
            # Bench clean-up, not a business write: put the database back as seeded.
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                Member.objects.filter(id_number__in=numbers).delete()
            Member.history.filter(id_number__in=numbers).delete()
    if Member.objects.count() != before:
        raise SystemExit("the clean-up left members behind")
    for step, values in samples.items():
        median = statistics.median(values)
        print(
            json.dumps(
                {
                    "page": f"import {args.rows} members: {step}"
                    + (" (progress)" if args.progress else ""),
                    "rows": args.rows,
                    "median_s": round(median, 2),
                    "min_s": round(min(values), 2),
                    "max_s": round(max(values), 2),
                    "rows_per_s": round(args.rows / median),
                    "repeat": len(values),
                },
                ensure_ascii=False,
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
