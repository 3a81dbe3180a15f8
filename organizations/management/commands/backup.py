"""Back the whole database up to one file: pg_dump for PostgreSQL, a page copy for SQLite.

Run nightly by Celery beat where a broker is configured (`organizations.tasks`), or by cron.
Of the backups in the folder, the newest `BACKUP_KEEP` are kept and older ones deleted, so
the disk does not fill; copy them to another machine as well.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone


def pg_environment() -> dict:
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "PGHOST": str(database.get("HOST") or ""),
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
    }
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return env


class Command(BaseCommand):
    help = "备份整个数据库到一个文件（PostgreSQL 用 pg_dump，SQLite 复制数据库）。"

    def add_arguments(self, parser):
        parser.add_argument("--to", default=str(settings.BACKUP_DIR), help="备份文件存放目录")
        parser.add_argument(
            "--keep",
            type=int,
            default=settings.BACKUP_KEEP,
            help="保留最新的几份备份（默认 BACKUP_KEEP），更早的删除；0 表示全部保留",
        )

    def handle(self, *args, to, keep, **options):
        folder = Path(to)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        name = settings.DATABASES["default"]["NAME"]
        if connection.vendor == "postgresql":
            target = folder / f"zhandou-{stamp}.dump"
            result = subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", name],
                env=pg_environment(),
                capture_output=True,
                text=True,
            )
            if result.returncode:
                raise CommandError(f"pg_dump 失败：{result.stderr.strip()}")
        elif connection.vendor == "sqlite":
            target = folder / f"zhandou-{stamp}.sqlite3"
            connection.ensure_connection()
            with sqlite3.connect(target) as copy:
                connection.connection.backup(copy)
        else:
            raise CommandError(f"不支持备份 {connection.vendor} 数据库。")
        self.stdout.write(str(target))
        for old in prune(folder, keep):
            self.stderr.write(f"已删除较早的备份 {old}")


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups in `folder` (none when `keep` is 0)."""
    if keep <= 0:
        return []
    backups = sorted(
        (p for p in folder.glob("zhandou-*") if p.suffix in (".dump", ".sqlite3")),
        key=lambda p: p.name,  # the name holds the time it was made
        reverse=True,
    )
    for old in backups[keep:]:
        old.unlink(missing_ok=True)
    return backups[keep:]
