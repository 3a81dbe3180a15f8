"""Load the demo county (丰源县) into an empty database."""

import time
from importlib import import_module

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.module_loading import module_has_submodule

from organizations import demo
from organizations.models import Organization, User

DEFAULT_PASSWORD = "demo-pass-2026"


class Command(BaseCommand):
    help = "载入演示县（丰源县）的组织体系和演示账号；同一 --seed 总是生成相同的数据。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="规模倍数，1 为 25 个乡镇（街道）"
        )
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="所有演示账号的密码")
        parser.add_argument("--seed", type=int, default=2020, help="随机种子")
        parser.add_argument(
            "--if-empty", action="store_true", help="数据库已有数据时不做任何改动，正常退出"
        )
        parser.add_argument(
            "--flush", action="store_true", help="先清空数据库中的全部数据（不可恢复）再载入"
        )

    def handle(self, *args, scale, password, seed, if_empty, flush, **options):
        if scale <= 0:
            raise CommandError("--scale 必须大于 0。")
        has_data = Organization.objects.exists() or User.objects.exists()
        if has_data and if_empty:
            self.stdout.write("数据库中已有数据，未载入演示数据。")
            self._print_accounts(password=None)
            return
        if has_data and not flush:
            raise CommandError(
                "数据库中已有组织或账号，拒绝覆盖。如确需清空全部数据后载入演示数据，请加 --flush。"
            )
        if flush:
            call_command("flush", interactive=False, verbosity=0)
        started = time.monotonic()
        with transaction.atomic():
            # A line per stage, so a large county never looks hung.
            county = self._stage(
                "组织体系和账号", started, demo.build, scale=scale, seed=seed, password=password
            )
            for app in apps.get_app_configs():
                if app.name != "organizations" and module_has_submodule(app.module, "demo"):
                    module = import_module(f"{app.name}.demo")
                    self._stage(app.verbose_name, started, module.build, county)
        if connection.vendor == "postgresql":
            # Fresh planner statistics after a bulk load, as autovacuum would give later.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"已载入演示县：{Organization.objects.count()} 个党组织，"
                f"{len(county.townships)} 个乡镇（街道）。"
            )
        )
        self._print_accounts(password=password)

    def _stage(self, name, started, build, *args, **kwargs):
        self.stdout.write(f"正在生成：{name}……", ending="")
        self.stdout.flush()
        result = build(*args, **kwargs)
        self.stdout.write(f" 完成（累计 {time.monotonic() - started:.0f} 秒）")
        return result

    def _print_accounts(self, *, password):
        shown = ["admin", "county", "leader", "town01", "branch01"]
        accounts = User.objects.filter(username__in=shown)
        if not accounts:
            return
        self.stdout.write("演示账号（town01… 每个乡镇一个，branch01… 每个乡镇一个村支部书记）：")
        for user in accounts.select_related("organization").order_by("pk"):
            role = user.get_role_display() or "系统管理员"
            where = user.organization or "管理后台"
            self.stdout.write(f"  {user.username:<10} {role}  {where}")
        self.stdout.write(
            "admin 与 county 登录时还要输入两步验证码：另开一个终端运行 "
            "`make code WHO=county`（或 WHO=admin）得到当前的 6 位数字。"
        )
        if password:
            self.stdout.write(f"密码：{password}")
        else:
            self.stdout.write(f"密码：载入时设定（默认 {DEFAULT_PASSWORD}）")
