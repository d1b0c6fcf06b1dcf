"""Daily: the reminders due today, then the e-mail digests. Safe to run twice a day."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.delivery import send_digests
from notifications.reminders import send_due


class Command(BaseCommand):
    help = "Gửi nhắc việc đến hạn hôm nay và thư tổng hợp thông báo (chạy mỗi ngày một lần)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chỉ liệt kê những gì sẽ gửi, không ghi và không gửi gì.",
        )

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        prefix = "[thử] " if dry_run else ""
        total = 0
        for due, told in send_due(today, dry_run=dry_run):
            if told:
                total += told
                self.stdout.write(f"{prefix}{due.title}: {told} người nhận")
        digests = send_digests(dry_run=dry_run)
        for user, count in digests:
            self.stdout.write(f"{prefix}Thư tổng hợp cho {user.email}: {count} thông báo")
        self.stdout.write(
            f"{prefix}Ngày {today:%d/%m/%Y}: {total} nhắc việc mới, {len(digests)} thư tổng hợp."
        )
