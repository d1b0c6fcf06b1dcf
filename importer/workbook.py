"""Reading a workbook (.xlsx, .xlsm, .xls, .ods) with python-calamine, in a child process.

A native reader can abort the whole process (a cell at XFD90000 makes calamine allocate a
sheet of 1.5 billion cells and die in Rust's allocator) or grow without bound, so the web
worker and `import_models` never call it themselves: `read_workbook` runs this module as
`python -m importer.workbook NAME` with the file on standard input, a memory limit
(RLIMIT_AS) and a CPU limit set by the child on itself before it reads anything, and a
wall-clock timeout. The child answers one JSON document on standard output, with dates tagged
({"d": "2023-03-15"}, {"t": "2023-03-15T08:30:00"}), never pickled objects. Any other ending
(a signal, a non-zero exit, no answer in time) is an `UnreadableFile` with a Vietnamese
message, and nothing has been saved.

This module imports neither Django nor the portal's apps: the child starts in a few tens of
milliseconds and never sees the settings or the database.
"""

import io
import json
import os
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Address space of the child: the interpreter and calamine take ~60 MB, a 20,000-row list
# ~150 MB more; a file needing more than this is not a list a person typed.
MEMORY_LIMIT = 1024 * 1024 * 1024
READ_TIMEOUT = 60  # seconds of wall-clock time
CPU_LIMIT = 60  # seconds of processor time (a busy loop ends even when the clock is not read)
MAX_ROWS = 100_000
MAX_COLUMNS = 300
MAX_CELLS = 4_000_000


class ReadRefused(Exception):
    """Raised in the child; the parent turns it into UnreadableFile."""


def number(value):
    return f"{value:,}".replace(",", ".")


def too_many_rows(filename, total):
    return (
        f"Tệp “{filename}” có {number(total)} dòng, vượt giới hạn {number(MAX_ROWS)} dòng "
        "một lần nhập. Hãy tách theo năm hoặc theo huyện rồi nhập từng tệp."
    )


def too_large_sheet(filename, sheet, rows, columns):
    return (
        f"Trang tính “{sheet}” của tệp “{filename}” có ô tới dòng {number(rows)}, cột "
        f"{number(columns)}, vượt giới hạn ({number(MAX_ROWS)} dòng, {number(MAX_COLUMNS)} "
        f"cột, {number(MAX_CELLS)} ô). Thường là do một ô ở rất xa bảng (ví dụ ô XFD90000) có "
        "định dạng hoặc dấu cách: hãy xóa các dòng, cột thừa rồi lưu lại."
    )


def check_extent(filename, sheet, rows, columns):
    """Refuse a sheet whose extent is past the limits; returns nothing."""
    if rows > MAX_ROWS:
        raise ReadRefused(too_many_rows(filename, rows))
    if columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        raise ReadRefused(too_large_sheet(filename, sheet, rows, columns))


# ---------------------------------------------------------------- the child


def _value(value):
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, datetime):
        if value.time() == time(0):
            return {"d": value.date().isoformat()}
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, timedelta | time):
        return str(value)
    return "" if value is None else str(value)


def _read(data, filename):
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises several error types for broken files
        raise ReadRefused(
            f"Không đọc được tệp “{filename}”: tệp bị hỏng hoặc không phải bảng tính Excel/"
            "OpenDocument. Hãy mở tệp bằng Excel, kiểm tra rồi lưu lại dưới dạng .xlsx."
        ) from exc
    sheets = []
    total = 0
    try:
        for index, name in enumerate(workbook.sheet_names):
            sheet = workbook.get_sheet_by_index(index)
            height = (sheet.end[0] + 1) if sheet.end else 0
            width = (sheet.end[1] + 1) if sheet.end else 0
            check_extent(filename, name, height, width)
            total += height
            if total > MAX_ROWS:
                raise ReadRefused(too_many_rows(filename, total))
            rows = sheet.to_python(skip_empty_area=False) if height else []
            try:
                merged = [list(map(list, m)) for m in sheet.merged_cell_ranges or []]
            except Exception:  # not every format records merged cells
                merged = []
            sheets.append(
                {
                    "name": name,
                    "rows": [[v if type(v) is str else _value(v) for v in r] for r in rows],
                    "merged": merged,
                }
            )
    except ReadRefused:
        raise
    except Exception as exc:
        raise ReadRefused(
            f"Không đọc được nội dung tệp “{filename}” (tệp bị hỏng một phần). "
            "Hãy mở bằng Excel và lưu lại."
        ) from exc
    finally:
        workbook.close()
    return sheets


def main():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))
    filename = sys.argv[1] if len(sys.argv) > 1 else "tệp"
    data = sys.stdin.buffer.read()
    try:
        answer = {"sheets": _read(data, filename)}
    except ReadRefused as exc:
        answer = {"refused": str(exc)}
    except MemoryError:
        answer = {"refused": _too_big(filename)}
    sys.stdout.write(json.dumps(answer, ensure_ascii=False))
    sys.stdout.flush()


# ---------------------------------------------------------------- the parent


def _too_big(filename):
    return (
        f"Không đọc được tệp “{filename}”: khi giải nén, tệp cần quá nhiều bộ nhớ (vượt "
        f"{MEMORY_LIMIT // 1024 // 1024} MB). Tệp có thể chứa rất nhiều ô trống có định dạng "
        "hoặc bị làm hỏng: hãy mở bằng Excel, xóa các dòng, cột thừa rồi lưu lại."
    )


def _crashed(filename):
    return (
        f"Không đọc được tệp “{filename}”: trình đọc bảng tính dừng bất thường (tệp bị hỏng "
        "hoặc quá lớn khi giải nén). Không có dữ liệu nào được lưu. Hãy mở tệp bằng Excel, "
        "kiểm tra rồi lưu lại dưới dạng .xlsx."
    )


def _too_slow(filename):
    return (
        f"Không đọc được tệp “{filename}”: đọc tệp quá {READ_TIMEOUT} giây. Không có dữ liệu "
        "nào được lưu. Hãy tách danh sách thành nhiều tệp nhỏ hơn."
    )


def _tagged(obj):
    if len(obj) == 1:
        if "d" in obj:
            return date.fromisoformat(obj["d"])
        if "t" in obj:
            return datetime.fromisoformat(obj["t"])
    return obj


def read_workbook(data, filename, refused):
    """[{"name", "rows", "merged"}] of every sheet, read by a child process; `refused(message)`
    makes the exception to raise (reader.UnreadableFile)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(PROJECT_DIR),
        "PYTHONIOENCODING": "utf-8",
        "LANG": "C.UTF-8",
        # A Rust panic prints its backtrace to the child's stderr, which is dropped.
        "RUST_BACKTRACE": "0",
    }
    try:
        done = subprocess.run(  # noqa: S603 - our own module, no shell
            [sys.executable, "-m", "importer.workbook", filename],
            input=data,
            capture_output=True,
            timeout=READ_TIMEOUT,
            cwd=PROJECT_DIR,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise refused(_too_slow(filename)) from None
    if done.returncode != 0 or not done.stdout:
        raise refused(_crashed(filename))
    try:
        answer = json.loads(done.stdout, object_hook=_tagged)
    except ValueError:
        raise refused(_crashed(filename)) from None
    if "refused" in answer:
        raise refused(answer["refused"])
    return answer["sheets"]


if __name__ == "__main__":
    main()
