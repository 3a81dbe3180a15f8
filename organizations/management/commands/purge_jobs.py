"""Delete jobs older than JOB_KEEP_HOURS with their result files (organizations.jobs).

The scheduler runs it, e.g. every hour from cron:
    0 * * * *  cd /srv/zhandou && .venv/bin/python manage.py purge_jobs
Every new job runs the same purge first.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from organizations.jobs import purge_jobs


class Command(BaseCommand):
    help = (
        "删除超过 JOB_KEEP_HOURS 小时（默认 24）的后台任务及其结果文件（media/jobs/）。"
        "由定时任务运行，例如 cron 每小时一次："
        "0 * * * * cd /srv/zhandou && .venv/bin/python manage.py purge_jobs"
    )

    def handle(self, *args, **options):
        deleted = purge_jobs()
        self.stdout.write(f"已删除 {deleted} 个超过 {settings.JOB_KEEP_HOURS} 小时的后台任务。")
