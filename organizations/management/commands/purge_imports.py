"""Delete import uploads and results older than IMPORT_KEEP_MINUTES (organizations.imports.files).

The scheduler runs it, e.g. every 10 minutes from cron:
    */10 * * * *  cd /srv/zhandou && .venv/bin/python manage.py purge_imports
Every new import upload runs the same purge first.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from organizations.imports.files import purge_expired


class Command(BaseCommand):
    help = (
        "删除超过 IMPORT_KEEP_MINUTES 分钟（默认 60）的导入文件和导入结果（media/imports/）。"
        "由定时任务运行，例如 cron 每 10 分钟一次："
        "*/10 * * * * cd /srv/zhandou && .venv/bin/python manage.py purge_imports"
    )

    def handle(self, *args, **options):
        deleted = purge_expired()
        self.stdout.write(
            f"已删除 {deleted} 个超过 {settings.IMPORT_KEEP_MINUTES} 分钟的导入文件。"
        )
