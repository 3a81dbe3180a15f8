"""Nothing lost: a backup restored finds every record again."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from cadres.models import FrontlineRecord
from funds.models import Expenditure
from members.models import Member
from organizations.models import Organization

ROOT = Path(__file__).resolve().parents[1]


def _counts():
    return [model.objects.count() for model in (Organization, Member, FrontlineRecord, Expenditure)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump/pg_restore: PostgreSQL (CI)")
def test_postgresql_backup_and_restore(tmp_path):
    call_command("seed_demo", scale=0.05, stdout=open(os.devnull, "w"))  # noqa: SIM115
    before = _counts()
    assert min(before) > 0
    out = tmp_path / "out.txt"
    with out.open("w") as stdout:
        call_command("backup", to=str(tmp_path), stdout=stdout)
    dump = Path(out.read_text().strip())
    assert dump.is_file() and dump.stat().st_size > 0
    call_command("flush", interactive=False, verbosity=0)
    assert _counts() == [0, 0, 0, 0]
    call_command("restore", str(dump), yes=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert _counts() == before


def test_sqlite_backup_and_restore(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'county.sqlite3'}",
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        ENV_FILE="/nonexistent",
    )

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def count():
        return manage(
            "shell",
            "-c",
            "from members.models import Member; "
            "from organizations.models import Organization; "
            "print(Organization.objects.count(), Member.objects.count())",
        ).split()[-2:]

    manage("migrate", "--noinput", "-v0")
    manage("seed_demo", "--scale", "0.05")
    before = count()
    backup = manage("backup", "--to", str(tmp_path)).strip().splitlines()[-1]
    manage("flush", "--noinput")
    assert count() == ["0", "0"]
    manage("restore", backup, "--yes")
    assert count() == before
