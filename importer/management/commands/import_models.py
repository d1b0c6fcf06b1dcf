"""python manage.py import_models FILE [--dry-run] [--year Y] [--district CODE_OR_NAME]
[--skip-errors] [--overwrite] [--map "Cột 3=implementer" ...] [--mapping FILE]

Prints the mapping of columns it used (each column's header, and what it is imported as, or
"không nhập"), the same summary as the web preview (errors with sheet and Excel row number)
and ends with one machine-readable line: created=N updated=N skipped=N errors=N. Exits 1 when
any row has an error; then nothing is saved unless --skip-errors is given.

--map gives a column's meaning ("Cột 3" counts from 1; "C" is Excel's letter; the header text
works too) as a key ("implementer") or its Vietnamese name, or "không nhập"; --mapping reads
the same lines from a file. Without them, the mapping remembered for the sending unit and
that header is used, else the guesses.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importer import workflow
from importer.changes import describe as describe_change
from importer.mapping import MappingError, describe
from importer.plan import ERROR, SKIP, UPDATE, NoTable, build_plan
from importer.reader import UnreadableFile, read_file
from territory.models import Level, Unit


class Command(BaseCommand):
    help = "Nhập danh sách mô hình Dân vận khéo từ tệp Excel/ODS/CSV."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp .xlsx, .xls, .ods hoặc .csv")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ xem trước, không lưu")
        parser.add_argument("--year", type=int, help="Năm đăng ký khi tệp không ghi")
        parser.add_argument("--district", help="Mã hoặc tên huyện khi tệp không ghi")
        parser.add_argument(
            "--skip-errors", action="store_true", help="Bỏ qua các dòng lỗi, nhập các dòng đúng"
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Ghi đè các trường đã có giá trị (mặc định chỉ điền trường còn trống)",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="CỘT=NGHĨA",
            help="Nghĩa của một cột, ví dụ “Cột 3=implementer” hoặc “Cột 7=không nhập”",
        )
        parser.add_argument(
            "--mapping", help="Tệp văn bản, mỗi dòng một “Cột 3=implementer” như --map"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        district = None
        if options["district"]:
            district = _district(options["district"])
        written = list(options["map"])
        if options["mapping"]:
            mapping_path = Path(options["mapping"])
            if not mapping_path.is_file():
                raise CommandError(f"Không tìm thấy tệp ghép cột {mapping_path}.")
            written += mapping_path.read_text(encoding="utf-8-sig").splitlines()
        data = path.read_bytes()
        try:
            sheets = read_file(data, path.name)
            plan = build_plan(
                sheets,
                filename=path.name,
                default_year=options["year"],
                default_district=district,
                options=written,
                overwrite=options["overwrite"],
            )
        except (UnreadableFile, NoTable, MappingError) as exc:
            self.stderr.write(str(exc))
            self.stdout.write("created=0 updated=0 skipped=0 errors=1")
            sys.exit(1)

        for layout in plan.layouts:
            self.stdout.write(f"Ghép cột, trang “{layout.sheet}”:")
            for line in describe(layout):
                self.stdout.write(line)
        for note in plan.notes:
            self.stdout.write(note)
        for row in plan.rows:
            if row.action == ERROR:
                self.stdout.write(f"LỖI  {row.location}: {row.error_text()}")
            elif row.diffs and (row.action == UPDATE or options["verbosity"] > 1):
                self.stdout.write(f"SỬA  {row.location}:")
                for diff in row.diffs:
                    self.stdout.write(f"  {describe_change(diff)}")
            elif row.action == SKIP and options["verbosity"] > 1:
                self.stdout.write(f"BỎ QUA  {row.location}: trùng")
        summary = plan.summary
        self.stdout.write(
            f"Tệp {path.name}: {len(plan.rows)} dòng — sẽ tạo mới {summary['created']}, "
            f"cập nhật {summary['updated']}, bỏ qua {summary['skipped']}, lỗi {summary['errors']}."
        )
        has_errors = bool(summary["errors"])
        if options["dry_run"]:
            self.stdout.write("Chạy thử (--dry-run): không lưu gì.")
        elif has_errors and not options["skip_errors"]:
            self.stdout.write(
                "Có dòng lỗi: không lưu gì (dùng --skip-errors để nhập các dòng đúng)."
            )
        else:
            batch = workflow.apply_plan(
                plan,
                data=data,
                skip_errors=options["skip_errors"],
                default_year=options["year"],
                district=district,
            )
            self.stdout.write(f"Đã lưu: lần nhập #{batch.pk}.")
        self.stdout.write(plan.summary_line())
        if has_errors:
            sys.exit(1)


def _district(value):
    qs = Unit.objects.filter(level=Level.DISTRICT)
    found = qs.filter(code=value.strip()).first()
    if found is None:
        from importer.matching import Lookups

        lookups = Lookups()
        pk = lookups.find_district(value)
        found = qs.filter(pk=pk).first() if pk else None
    if found is None:
        raise CommandError(f"Không tìm thấy huyện “{value}” (ghi mã, ví dụ 064, hoặc tên).")
    return found
