"""Restore a backup made by `manage.py backup` over the current database (all data replaced)."""

import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from .backup import pg_environment


class Command(BaseCommand):
    help = "用 manage.py backup 生成的文件恢复数据库（会替换现有全部数据）。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="确认替换现有数据")

    def handle(self, *args, file, yes, **options):
        source = Path(file)
        if not source.is_file():
            raise CommandError(f"找不到备份文件：{source}")
        if not yes:
            raise CommandError("恢复会替换数据库中的全部数据；确认请加 --yes。")
        name = settings.DATABASES["default"]["NAME"]
        if connection.vendor == "postgresql":
            connection.close()
            result = subprocess.run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    f"--dbname={name}",
                    str(source),
                ],
                env=pg_environment(),
                capture_output=True,
                text=True,
            )
            if result.returncode:
                raise CommandError(f"pg_restore 失败：{result.stderr.strip()}")
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(source) as backup:
                backup.backup(connection.connection)
        else:
            raise CommandError(f"不支持恢复 {connection.vendor} 数据库。")
        self.stdout.write(self.style.SUCCESS(f"已从 {source} 恢复。"))
