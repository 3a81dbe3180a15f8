"""Print the current two-factor code of a demo account (only demo devices, never real ones)."""

from django.core.management.base import BaseCommand, CommandError

from organizations import twofactor
from organizations.models import User


class Command(BaseCommand):
    help = "显示演示账号当前的两步验证码（仅限演示数据生成的验证设备）。"

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default="county")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        device = user and twofactor.demo_device(user)
        if device is None:
            raise CommandError(
                f"{username} 没有演示用的验证设备（真实设备的验证码只在本人手机上）。"
            )
        self.stdout.write(twofactor.current_code(device))
