"""The plan's vocabulary: what importing would do to each row (`RowPlan`), to the whole file
(`Plan`), and the actions and compared fields they name. Plain data: `importer.planstore`
stores a plan as JSON."""

from dataclasses import dataclass, field

from . import layout as L
from .matching import (
    Lookups,
)
from .values import (
    display,
)

CREATE = "create"
UPDATE = "update"
SKIP = "skip"
ERROR = "error"
ACTION_LABELS = {
    CREATE: "Sẽ tạo mới",
    UPDATE: "Sẽ cập nhật",
    SKIP: "Bỏ qua (trùng)",
    ERROR: "Lỗi",
}
COLLECTIVE = "tap_the"
INDIVIDUAL = "ca_nhan"
# DvkModel columns the file can change, with their Vietnamese names for "what changes".
COMPARED = {
    "title": "tên mô hình",
    "field_id": "lĩnh vực",
    "registration_type": "hình thức đăng ký",
    "start_date": "thời gian bắt đầu",
    "end_date": "thời gian kết thúc",
    "results": "kết quả",
    "note": "ghi chú",
    "recognition_level": "cấp công nhận",
    "recognition_year": "năm công nhận",
    "is_exemplary": "điển hình",
    "households_mobilised": "số hộ được vận động",
    "money_contributed": "tiền đóng góp",
    "workdays_contributed": "ngày công đóng góp",
    "land_donated_m2": "đất hiến",
    "people_mobilised": "số người tham gia",
}


@dataclass
class RowPlan:
    sheet: str
    number: int
    raw_cells: dict  # column key -> the value as read
    action: str = CREATE
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    year: int | None = None
    title: str = ""
    title_key: str = ""
    implementer_type: str = COLLECTIVE
    implementer_name: str = ""
    implementer_key: str = ""
    implementer_id: int | None = None
    implementer_gender: str = ""
    implementer_position: str = ""
    owner_id: int | None = None
    commune_id: int | None = None  # the commune of the first place, on the registering date
    place_ids: list = field(default_factory=list)
    # Villages the portal does not know yet, created on confirm: [(commune id, name)]; the
    # commune stands in place_ids until then.
    new_villages: list = field(default_factory=list)
    values: dict = field(default_factory=dict)  # DvkModel field -> value, only columns present
    model_id: int | None = None
    changes: list = field(default_factory=list)  # names of the fields an update changes
    # Every field the file has another value for: importer.changes.compare's dicts.
    diffs: list = field(default_factory=list)
    duplicate_of: int | None = None
    backfill: dict | None = None
    context: dict = field(default_factory=dict)
    place_label: str = ""
    implementer_label: str = ""

    @property
    def cells(self):
        """Column key -> the value as read, as text: for the preview and the error file (made
        when asked, for the few rows a page shows)."""
        return {key: display(value) for key, value in self.raw_cells.items() if key != L.STT}

    @property
    def action_label(self):
        return ACTION_LABELS[self.action]

    @property
    def location(self):
        return f"Trang “{self.sheet}”, dòng {self.number}"

    def error_text(self):
        return "; ".join(self.errors)

    @property
    def natural_key(self):
        return (
            self.year,
            self.title_key,
            self.implementer_type,
            self.implementer_key,
            self.owner_id,
        )


@dataclass
class Plan:
    filename: str
    rows: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    layouts: list = field(default_factory=list)
    lookups: Lookups | None = None
    snapshots: dict = field(default_factory=dict)  # model id -> before-image
    reused: bool = False  # read back from storage (importer.uploads) rather than made now
    overwrite: bool = False  # fields with a value are replaced too (else only empty ones filled)
    sender_id: int | None = None  # the district or commune the list is sent for, if known

    def count(self, action):
        return sum(1 for r in self.rows if r.action == action)

    @property
    def summary(self):
        return {
            "created": self.count(CREATE),
            "updated": self.count(UPDATE),
            "skipped": self.count(SKIP),
            "errors": self.count(ERROR),
        }

    @property
    def error_rows(self):
        return [r for r in self.rows if r.action == ERROR]

    def summary_line(self):
        s = self.summary
        return (
            f"created={s['created']} updated={s['updated']} "
            f"skipped={s['skipped']} errors={s['errors']}"
        )


class NoTable(Exception):
    """No sheet has a recognisable header; the message is Vietnamese."""
