"""Reproducible demo and benchmark data over the real territory tree.

`generate(count, seed)` adds `count` "Dân vận khéo" models with their implementers, places, NTM
criterion links, review rounds, entries with outcomes, review history and commendation
decisions, in the proportions the province reports (about a fifth recognised, a quarter of
those exemplary). The same seed over the same reference data gives the same records.

Speed: rows are built in chunks of `CHUNK` models and written with COPY on PostgreSQL (one
COPY per table per chunk, ids assigned here so foreign keys need no round trip) and with
executemany elsewhere (SQLite, for tests and the demo). A million models load in minutes.

Generated rows skip django-simple-history: bulk loading does not call save(), and a million
"created" history rows would only measure the history table. Records edited later through
the portal get their history as usual.

Idempotent: every generated model carries the marker "[gen:<seed>]" in its note. Asking for
`count` models when that many already exist for the seed adds nothing; asking for more adds the
difference (seeded from the number already there, so an extension is reproducible too).
"""

import csv
import functools
import io
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, transaction

from danvan.text import fold
from reviews.models import (
    CommendationForm,
    Decision,
    Entry,
    EntryEvent,
    EntryState,
    IssuerLevel,
    IssuingBody,
    Recipient,
    ReviewRound,
    RoundLevel,
)
from territory.models import Kind, Level, Unit, split_prefix

from .models import (
    Collective,
    CollectiveKind,
    CriterionSet,
    Field,
    Gender,
    Individual,
    Model,
    RecognitionLevel,
    RegistrationType,
    Status,
)

CHUNK = 50_000
REFORM_DAY = date(2025, 7, 1)
ICT = timezone(timedelta(hours=7))


def marker(seed):
    return f"[gen:{seed}]"


# ---------------------------------------------------------------- vocabulary

ETHNICITIES = [("Tày", 52), ("Dao", 17), ("Kinh", 12), ("Nùng", 9), ("Mông", 7), ("Sán Chay", 2)]
SURNAMES = {
    "Tày": ["Hoàng", "Nông", "Ma", "Lục", "Hà", "Dương", "Lường", "Bế", "Đàm", "Hứa", "Quan"],
    "Nùng": ["Hoàng", "Nông", "Lăng", "Vi", "Lộc", "Sầm", "Chu", "Lý", "Mã"],
    "Dao": ["Triệu", "Bàn", "Đặng", "Lý", "Phùng", "Chảo"],
    "Mông": ["Giàng", "Vàng", "Lý", "Thào", "Mùa", "Sùng", "Hầu"],
    "Kinh": ["Nguyễn", "Trần", "Lê", "Phạm", "Đỗ", "Vũ", "Bùi", "Ngô"],
    "Sán Chay": ["La", "Tằng", "Hoàng", "Lương"],
}
MALE_MIDDLE = ["Văn", "Văn", "Đức", "Minh", "Quang", "Tiến", "Seo", "Văn"]
FEMALE_MIDDLE = ["Thị", "Thị", "Thị", "Thu", "Thanh", "Mai", "Thị Thu"]
MALE_GIVEN = ["Sơn", "Hùng", "Dũng", "Cường", "Thắng", "Phúc", "Tuấn", "Lâm", "Chiến", "Vần",
              "Pủ", "Chòi", "Quyết", "Thành", "Kiên", "Hải", "Long", "Toán", "Định", "Pháo"]  # fmt: skip
FEMALE_GIVEN = ["Giang", "Hoa", "Lan", "Mai", "Thủy", "Hằng", "Nga", "Hương", "Liên", "Dung",
                "Mỷ", "Sim", "Nhất", "Thơm", "Vân", "Xuân", "Chiêm", "Hiền", "Mến", "Pằn"]  # fmt: skip
VILLAGE_FIRST = ["Nà", "Khuổi", "Pác", "Cốc", "Khau", "Phja", "Lũng", "Còn", "Nặm", "Bó", "Pò",
                 "Nà", "Kéo", "Thôm", "Slam", "Bản"]  # fmt: skip
VILLAGE_SECOND = ["Hin", "Tẩu", "Mòn", "Pục", "Lạn", "Vài", "Mạ", "Đon", "Quang", "Duồng", "Châm",
                  "Lần", "Phai", "Khiếu", "Pjạ", "Luông", "Coóc", "Chang", "Nghịu", "Tàu", "Bưa",
                  "Slưa", "Mỏ", "Lẹng", "Cáy", "Tặc", "Phiêng", "Đíp", "Nưa", "Kẹ"]  # fmt: skip
CROPS = ["xen canh Dưa-Lúa", "trồng cây quế", "nuôi ngựa bạch", "trồng cam, quýt",
         "nuôi lợn đen địa phương", "trồng chè Shan tuyết", "nuôi ong lấy mật", "trồng dong riềng",
         "chăn nuôi trâu vỗ béo", "trồng cây hồi", "trồng rau an toàn", "nuôi cá ruộng"]  # fmt: skip
REJECTION_REASONS = [
    "Kết quả chưa rõ nét, chưa có số liệu định lượng.",
    "Mô hình trùng với mô hình đã công nhận năm trước.",
    "Hồ sơ thiếu minh chứng kết quả thực hiện.",
    "Phạm vi ảnh hưởng còn hẹp, chưa có khả năng nhân rộng.",
]
RETURN_REASON = "Đề nghị bổ sung minh chứng kết quả thực hiện (ảnh, số liệu hộ tham gia)."

# (field code, keyword of the NTM criterion it serves or None, first year, title pattern)
# {tai}: "tại thôn Nà Hin, xã Giáo Hiệu"; {xa}: "xã Giáo Hiệu"; {noi}: "thôn Nà Hin" or the commune.
TITLES = [
    (
        "BK-NTM",
        "Giao thông",
        2011,
        "Vận động nhân dân hiến đất làm đường giao thông nông thôn {tai}",
    ),
    ("BK-NTM", "Giao thông", 2011, "Vận động nhân dân góp công, góp đất bê tông hóa đường {noi}"),
    (
        "BK-NTM",
        "Môi trường",
        2011,
        "Vận động nhân dân xây dựng và bảo vệ môi trường xanh, sạch, đẹp {tai}",
    ),
    ("BK-NTM", "*", 2016, "Vận động nhân dân thực hiện {tieu_chi} {tai}"),
    ("BK-NTM", "Văn hóa", 2011, "Vận động nhân dân xây dựng nhà văn hóa {noi}"),
    ("BK-NTM", "Điện", 2017, "Thắp sáng đường quê {tai}"),
    ("BK-NTM", "Nhà ở", 2011, "Vận động nhân dân giúp hộ nghèo xóa nhà tạm {tai}"),
    ("BK-NTM", "Môi trường", 2018, "Vận động nhân dân tham gia xây dựng tuyến đường hoa {tai}"),
    ("BK-CCHC", None, 2011, "Dân vận khéo trong cải cách hành chính {tai_xa}"),
    (
        "BK-CCHC",
        None,
        2011,
        "Dân vận khéo trong tiếp công dân và giải quyết thủ tục hành chính {tai_xa}",
    ),
    (
        "BK-CCHC",
        None,
        2020,
        "Vận động nhân dân chuyển đổi số, thanh toán không dùng tiền mặt {tai_xa}",
    ),
    ("BK-CCHC", None, 2021, "Vận động người dân sử dụng dịch vụ công trực tuyến {tai_xa}"),
    ("BK-DCQ", None, 2011, "Nâng cao chất lượng sinh hoạt chi bộ {noi}"),
    (
        "BK-DCQ",
        None,
        2011,
        "Vận động đoàn viên, hội viên tham gia xây dựng khu dân cư văn hóa {tai}",
    ),
    (
        "BK-DCQ",
        None,
        2011,
        "Phát huy vai trò người có uy tín trong đồng bào dân tộc thiểu số {tai}",
    ),
    (
        "BK-VHDL",
        "Văn hóa",
        2011,
        "Vận động nhân dân giữ gìn bản sắc văn hóa dân tộc {dan_toc} {tai}",
    ),
    (
        "BK-VHDL",
        None,
        2015,
        "Vận động nhân dân làm du lịch cộng đồng gắn với giữ gìn nhà sàn truyền thống {tai}",
    ),
    (
        "VHXH",
        "Văn hóa",
        2011,
        "Vận động đồng bào {dan_toc} xóa bỏ hủ tục trong việc cưới, việc tang {tai}",
    ),
    ("VHXH", "Nghèo", 2011, "Vận động hộ nghèo vươn lên thoát nghèo bền vững {tai}"),
    ("VHXH", "Y tế", 2021, "Vận động người dân tiêm chủng phòng COVID-19 {tai_xa}"),
    (
        "VHXH",
        None,
        2011,
        "Vận động hội viên phụ nữ tiết kiệm giúp nhau phát triển kinh tế {tai_xa}",
    ),
    (
        "KT",
        "Thu nhập",
        2011,
        "Vận động cán bộ, hội viên và nhân dân phát triển kinh tế {cay} {tai}",
    ),
    ("KT", "sản xuất", 2011, "Vận động nhân dân liên kết sản xuất, tiêu thụ sản phẩm {cay} {tai}"),
    ("KT", None, 2011, "Vận động thanh niên lập nghiệp, khởi nghiệp {tai_xa}"),
    (
        "QPAN",
        "An ninh",
        2011,
        "Vận động nhân dân tham gia giữ gìn an ninh trật tự ở khu dân cư {noi}",
    ),
    ("QPAN", None, 2011, "Vận động người dân không trồng, tái trồng cây thuốc phiện {tai_xa}"),
    ("QPAN", "An ninh", 2011, "Tổ hòa giải ở cơ sở giải quyết mâu thuẫn trong nhân dân {tai}"),
    ("HTCT", "chính trị", 2011, "Vận động nhân dân tham gia bảo vệ rừng đầu nguồn {tai}"),
]

# (kind, name pattern, level the collective sits at, weight)
COLLECTIVES = [
    (CollectiveKind.PARTY, "Chi bộ {thon}", "village", 14),
    (CollectiveKind.PARTY, "Đảng ủy {xa}", "commune", 4),
    (CollectiveKind.PARTY, "Chi bộ Văn phòng Huyện ủy {huyen}", "district", 2),
    (CollectiveKind.AGENCY, "Văn phòng HĐND và UBND {huyen}", "district", 2),
    (CollectiveKind.AGENCY, "Phòng Nông nghiệp và Phát triển nông thôn {huyen}", "district", 1),
    (CollectiveKind.AGENCY, "Bộ phận tiếp nhận và trả kết quả {xa}", "commune", 3),
    (CollectiveKind.AGENCY, "Trạm Y tế {xa}", "commune", 2),
    (CollectiveKind.FRONT, "Ủy ban MTTQ Việt Nam {xa}", "commune", 5),
    (CollectiveKind.FRONT, "Ban Công tác Mặt trận {thon}", "village", 10),
    (CollectiveKind.FARMERS, "Hội Nông dân {xa}", "commune", 6),
    (CollectiveKind.FARMERS, "Chi hội Nông dân {thon}", "village", 6),
    (CollectiveKind.WOMEN, "Hội Liên hiệp Phụ nữ {xa}", "commune", 5),
    (CollectiveKind.WOMEN, "Chi hội Phụ nữ {thon}", "village", 6),
    (CollectiveKind.YOUTH, "Đoàn Thanh niên {xa}", "commune", 4),
    (CollectiveKind.YOUTH, "Chi đoàn {thon}", "village", 3),
    (CollectiveKind.VETERANS, "Hội Cựu chiến binh {xa}", "commune", 4),
    (CollectiveKind.VETERANS, "Chi hội Cựu chiến binh {thon}", "village", 3),
    (CollectiveKind.TRADE_UNION, "Công đoàn Trường Tiểu học và THCS {xa_ten}", "commune", 1),
    (CollectiveKind.ARMED_FORCES, "Công an {xa}", "commune", 3),
    (CollectiveKind.ARMED_FORCES, "Ban Chỉ huy Quân sự {xa}", "commune", 1),
    (CollectiveKind.MOBILISATION_BLOC, "Khối dân vận {xa}", "commune", 3),
    (CollectiveKind.VILLAGE, "{Thon}", "village", 8),
    (CollectiveKind.ENTERPRISE, "Hợp tác xã Nông nghiệp {xa_ten}", "commune", 1),
]


@functools.lru_cache(maxsize=65536)
def lower_prefix(name):
    """ "Xã Giáo Hiệu" -> "xã Giáo Hiệu" (as written inside a sentence)."""
    prefix, rest = split_prefix(name)
    return f"{prefix} {rest}" if prefix else name


def _fold_table():
    table = {}
    for code in range(0xC0, 0x1F00):
        ch = chr(code)
        folded = fold(ch)
        if folded != ch:
            table[code] = folded
    return table


_FOLD = _fold_table()


def fast_fold(text):
    """danvan.text.fold for text that is already clean NFC (every generated string is):
    one translate instead of a decomposition per character. The tests compare the two."""
    return text.translate(_FOLD).lower()


@functools.lru_cache(maxsize=65536)
def _folded_name(name):
    return fast_fold(name)


def search_text(title, implementer_name, place_names, title_key=None):
    """The folded search column: title, implementer and place names (as Model keeps it)."""
    parts = [title_key if title_key is not None else fast_fold(title)]
    parts += [_folded_name(p) for p in (implementer_name, *place_names) if p]
    return " | ".join(parts)


# ---------------------------------------------------------------- reference data in memory


@dataclass
class Commune:
    unit: Unit
    district: Unit | None  # None for the post-2025 communes
    villages: list = field(default_factory=list)
    successor: "Commune | None" = None


class World:
    """Territory, fields, criteria and lazily created rounds/issuers/decisions."""

    def __init__(self, seed, count, years):
        self.seed = seed
        self.years = list(range(years[0], years[1] + 1))
        self.open_year = years[1]
        self.old_province = Unit.objects.get(code="06", valid_from__isnull=True)
        self.new_province = Unit.objects.filter(code="19", level=Level.PROVINCE).first()
        old = list(
            Unit.objects.filter(level=Level.COMMUNE, valid_from__isnull=True)
            .filter(path__startswith=self.old_province.path)
            .select_related("parent")
            .order_by("code")
        )
        self.communes = [Commune(u, u.parent) for u in old]
        ensure_villages(old, villages_per_commune(count))
        villages = {}
        for v in Unit.objects.filter(level=Level.VILLAGE, parent__in=old).order_by("name", "id"):
            villages.setdefault(v.parent_id, []).append(v)
        new_by_old = {}
        for through in Unit.successors.through.objects.filter(
            from_unit__in=old, to_unit__level=Level.COMMUNE
        ).select_related("to_unit"):
            new_by_old[through.from_unit_id] = through.to_unit
        new_communes = {}
        for c in self.communes:
            c.villages = villages.get(c.unit.pk, [])
            new = new_by_old.get(c.unit.pk)
            if new is not None:
                c.successor = new_communes.setdefault(new.pk, Commune(new, None))
        rng = random.Random(f"{seed}:world")
        self.commune_weights = list(
            accumulate_weights(0.4 + rng.random() * 1.2 for _ in self.communes)
        )
        year_weights = [1 + 0.05 * (y - self.years[0]) for y in self.years]
        if len(year_weights) > 1:
            year_weights[-1] *= 0.8  # the open year is still filling up
        self.year_weights = list(accumulate_weights(year_weights))
        self.fields = {f.code: f.pk for f in Field.objects.all()}
        self.criteria = {}
        for cs in CriterionSet.objects.prefetch_related("criteria"):
            crits = sorted(cs.criteria.all(), key=lambda c: c.number)
            for year in range(cs.start_year, cs.end_year + 1):
                self.criteria[year] = crits
        self.titles = [t for t in TITLES if t[0] in self.fields]
        # Which collectives fit a model: village-level ones need a village, district-level
        # ones a district (none after 1/7/2025).
        self.collective_options = {}
        for has_village in (True, False):
            for post in (True, False):
                fitting = [
                    c
                    for c in COLLECTIVES
                    if (has_village or c[2] != "village") and not (post and c[2] == "district")
                ]
                self.collective_options[(has_village, post)] = (
                    fitting,
                    list(accumulate_weights(c[3] for c in fitting)),
                )
        self.collectives = {
            (unit_id, name): pk
            for pk, unit_id, name in Collective.objects.values_list("pk", "unit_id", "name")
        }
        self._rounds = {}
        self._issuers = {}
        self._decisions = {}

    def round_for(self, year, level, organiser):
        key = (year, level, organiser.pk)
        if key not in self._rounds:
            qs = ReviewRound.objects.filter(year=year, level=level)
            if level == RoundLevel.DISTRICT:
                qs = qs.filter(organiser=organiser)
            found = qs.order_by("id").first()
            if found is None:
                closed = year < self.open_year
                # Districts review by the end of October (by the end of May in 2025, before
                # they were abolished); the province reviews what they propose in November.
                if level == RoundLevel.DISTRICT:
                    deadline = date(year, 5, 31) if year == 2025 else date(year, 10, 31)
                else:
                    deadline = date(year, 12, 15) if year == self.open_year else date(year, 11, 30)
                found = ReviewRound.objects.create(
                    name=f"Bình xét mô hình “Dân vận khéo” năm {year} – {organiser.name}",
                    year=year,
                    level=level,
                    organiser=organiser,
                    deadline=deadline,
                    is_closed=closed,
                    closed_at=at(deadline + timedelta(days=20), 16) if closed else None,
                )
            self._rounds[key] = found
        return self._rounds[key]

    def issuer(self, name, level, unit, valid_from=None, valid_until=None):
        if name not in self._issuers:
            found = IssuingBody.objects.filter(name=name).order_by("valid_from").first()
            if found is None:
                found = IssuingBody.objects.create(
                    name=name,
                    level=level,
                    unit=unit,
                    valid_from=valid_from,
                    valid_until=valid_until,
                )
            self._issuers[name] = found
        return self._issuers[name]

    def decision(self, issuer, year, form, number_suffix, when, review_round):
        key = (issuer.pk, year, form)
        if key not in self._decisions:
            number = f"{100 + (year * 37 + issuer.pk * 11) % 880}{number_suffix}"
            found, _ = Decision.objects.get_or_create(
                issuer=issuer,
                number=number,
                date=when,
                defaults={"form": form, "year": year, "round": review_round},
            )
            self._decisions[key] = [found, found.recipients.count()]
        return self._decisions[key]


def accumulate_weights(weights):
    total = 0.0
    for w in weights:
        total += w
        yield total


def at(day, hour=8):
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=ICT)


def villages_per_commune(count):
    # A few villages for the demo; more for national-size data so implementers stay varied.
    return max(4, min(40, count // 10_000))


def ensure_villages(communes, target):
    """Give every commune at least `target` villages (real ones from fixtures count first).
    Names are seeded by the commune code, so every run makes the same ones."""
    have = {}
    for parent_id, name in Unit.objects.filter(
        level=Level.VILLAGE, parent__in=communes
    ).values_list("parent_id", "name"):
        have.setdefault(parent_id, set()).add(name)
    new = []
    for commune in communes:
        names = have.get(commune.pk, set())
        rng = random.Random(f"villages:{commune.code}")
        urban = commune.kind in (Kind.WARD, Kind.TOWNSHIP)
        number = 0
        attempts = 0
        while len(names) < target and attempts < 10 * target:
            attempts += 1
            if urban:
                number += 1
                name = f"Tổ dân phố {number}"
            else:
                first = rng.choice(VILLAGE_FIRST)
                prefix = "Bản" if rng.random() < 0.15 else "Thôn"
                if first == "Bản":
                    prefix = "Thôn"
                name = f"{prefix} {first} {rng.choice(VILLAGE_SECOND)}"
            if name in names:
                continue
            names.add(name)
            kind = (
                Kind.RESIDENTIAL_GROUP
                if urban
                else (Kind.HAMLET if name.startswith("Bản") else Kind.VILLAGE)
            )
            new.append(
                Unit(
                    name=name,
                    kind=kind,
                    level=Level.VILLAGE,
                    parent=commune,
                    search_name=fold(split_prefix(name)[1]),
                    note="Thôn sinh tự động cho dữ liệu mẫu",
                )
            )
    if not new:
        return
    with transaction.atomic():
        created = Unit.objects.bulk_create(new, batch_size=2000)
        if any(u.pk is None for u in created):  # backends that do not return ids
            created = list(Unit.objects.filter(level=Level.VILLAGE, path=""))
        for unit in created:
            unit.path = f"{unit.parent.path}{unit.pk}/"
        Unit.objects.bulk_update(created, ["path"], batch_size=2000)


# ---------------------------------------------------------------- writing rows


def _copy_value(value):
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return value


class Table:
    """Rows for one table, in the table's column order; `defaults` fill columns left unset."""

    def __init__(self, model, columns=None, explicit_id=True):
        self.model = model
        self.db_table = model._meta.db_table
        if columns is None:
            fields = [f for f in model._meta.concrete_fields if explicit_id or not f.primary_key]
        else:
            fields = [model._meta.get_field(name) for name in columns]
        self.fields = fields
        self.attnames = [f.attname for f in fields]
        self.defaults = {f.attname: f.get_default() for f in fields}
        self.rows = []

    def add(self, **values):
        defaults = self.defaults
        self.rows.append(tuple(values[a] if a in values else defaults[a] for a in self.attnames))

    def add_tuple(self, row):
        self.rows.append(row)

    def flush(self, cursor):
        if not self.rows:
            return
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        table = connection.ops.quote_name(self.db_table)
        if connection.vendor == "postgresql":
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            for row in self.rows:
                writer.writerow([_copy_value(v) for v in row])
            buf.seek(0)
            cursor.copy_expert(
                f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buf
            )
        else:
            prep = [f.get_db_prep_save for f in self.fields]
            placeholders = ", ".join(["%s"] * len(self.fields))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608 — model tables
                [[p(v, connection) for p, v in zip(prep, row, strict=True)] for row in self.rows],
            )
        self.rows = []


def _next_id(cursor, model):
    table = connection.ops.quote_name(model._meta.db_table)
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 — a model's table
    return cursor.fetchone()[0] + 1


# ---------------------------------------------------------------- one chunk of models


class Chunk:
    def __init__(self, world, rng, cursor):
        self.w = world
        self.rng = rng
        self.note = f"{marker(world.seed)} Dữ liệu mẫu sinh tự động."
        self.ids = {m: _next_id(cursor, m) for m in (Collective, Individual, Model, Entry)}
        self.collectives = Table(Collective)
        self.individuals = Table(Individual)
        self.models = Table(Model)
        self.places = Table(Model.places.through, ["model", "unit"])
        self.criteria = Table(Model.criteria.through, ["model", "criterion"])
        self.entries = Table(Entry)
        self.events = Table(EntryEvent, explicit_id=False)
        self.recipients = Table(Recipient, explicit_id=False)

    def take_id(self, model):
        pk = self.ids[model]
        self.ids[model] += 1
        return pk

    def folded(self, text):
        return _folded_name(text)

    # -- implementers

    def collective(self, commune, village, post, created):
        options = self.w.collective_options[(village is not None, post)]
        kind, pattern, level, _ = options[0][pick(self.rng, options[1])]
        home = commune.successor.unit if post and commune.successor else commune.unit
        if level == "village":
            unit = village
        elif level == "district":
            unit = commune.district
        else:
            unit = home
        name = pattern.format(
            thon=lower_prefix(village.name) if village else "",
            Thon=village.name if village else "",
            xa=lower_prefix(home.name),
            xa_ten=home.short_name,
            huyen=lower_prefix(commune.district.name) if commune.district else "",
        )
        key = (unit.pk, name)
        pk = self.w.collectives.get(key)
        if pk is None:
            pk = self.w.collectives[key] = self.take_id(Collective)
            self.collectives.add(
                id=pk,
                name=name,
                kind=kind,
                unit_id=unit.pk,
                search_name=self.folded(name),
                created_at=created,
            )
        return pk, name

    def individual(self, place, village, home, created):
        rng = self.rng
        ethnicity = ETHNICITIES[pick(rng, ETHNICITY_WEIGHTS)][0]
        female = rng.random() < 0.45
        middle = rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE)
        if ethnicity == "Mông" and not female:
            middle = rng.choice(["Seo", "A", "Văn"])
        given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
        name = f"{rng.choice(SURNAMES[ethnicity])} {middle} {given}"
        where = lower_prefix(village.name) if village else lower_prefix(home.name)
        position = rng.choice(
            [
                f"Trưởng {where}",
                f"Bí thư Chi bộ {where}",
                f"Người có uy tín {where}",
                f"Nông dân {where}",
                f"Hội viên Hội Nông dân {lower_prefix(home.name)}",
                f"Công chức Văn phòng - Thống kê {lower_prefix(home.name)}",
            ]
        )
        pk = self.take_id(Individual)
        self.individuals.add(
            id=pk,
            full_name=name,
            gender=Gender.FEMALE if female else Gender.MALE,
            birth_year=rng.randint(1955, 2000),
            ethnicity=ethnicity,
            position=position,
            unit_id=place.pk,
            search_name=self.folded(name),
            created_at=created,
        )
        return pk, name, ethnicity

    # -- the model

    def add_model(self):
        w, rng = self.w, self.rng
        year = w.years[pick(rng, w.year_weights)]
        commune = w.communes[pick(rng, w.commune_weights)]
        post = commune.successor is not None and (
            year > 2025 or (year == 2025 and rng.random() < 0.5)
        )
        village = rng.choice(commune.villages) if commune.villages and rng.random() < 0.6 else None
        if post:
            # The villages drawn from are the old commune's rows, which end on 30/6/2025: a
            # model of a later date is placed at today's commune (drawn all the same, so the
            # random sequence, and every other generated row, stays as it was).
            village = None
        home = commune.successor.unit if post else commune.unit
        place = village or home
        start = date(
            year,
            (rng.randint(7, 9) if post else rng.randint(1, 4))
            if year == 2025
            else rng.randint(1, 6),
            rng.randint(1, 28),
        )
        created = at(start, 8 + rng.randint(0, 8))

        field_code, keyword, first_year, pattern = rng.choice(w.titles)
        if first_year > year:
            field_code, keyword, first_year, pattern = w.titles[0]
        criteria = w.criteria.get(year, [])
        criterion = None
        if keyword and criteria:
            if keyword == "*":
                criterion = rng.choice(criteria)
            else:
                matching = [c for c in criteria if keyword.lower() in c.name.lower()]
                criterion = matching[0] if matching else None
        if keyword == "*" and criterion is None:
            pattern = TITLES[0][3]
        noi = lower_prefix(place.name)
        xa = lower_prefix(home.name)

        if rng.random() < 0.72:
            collective_id, implementer = self.collective(commune, village, post, created)
            individual_id, ethnicity = None, rng.choice(["Tày", "Dao", "Nùng", "Mông"])
        else:
            individual_id, implementer, ethnicity = self.individual(place, village, home, created)
            collective_id = None
        title = pattern.format(
            tai=f"tại {noi}, {xa}" if village else f"tại {xa}",
            tai_xa=f"tại {xa}",
            noi=noi,
            xa=xa,
            dan_toc=ethnicity if ethnicity != "Kinh" else "Tày",
            cay=rng.choice(CROPS),
            tieu_chi=f"tiêu chí số {criterion.number} – {criterion.name}" if criterion else "",
        )

        pk = self.take_id(Model)
        title_key = fast_fold(title)
        place_names = [place.name] + ([home.name] if village else [])
        households = rng.randint(20, 400) if rng.random() < 0.7 else None
        land = Decimal(rng.randint(100, 5000)) if "đất" in title or "đường" in title else None
        money = rng.randint(5, 500) * 1_000_000 if rng.random() < 0.5 else None
        workdays = rng.randint(50, 3000) if rng.random() < 0.5 else None
        results = []
        if households:
            results.append(f"Vận động được {households} hộ tham gia")
        if land:
            results.append(f"nhân dân hiến {land} m² đất")
        if workdays:
            results.append(f"đóng góp {workdays} ngày công")
        outcome = self.outcome(year)
        level, rec_year, exemplary, replication = self.review(
            pk, year, commune, post, outcome, created, collective_id, individual_id, implementer
        )
        self.models.add(
            id=pk,
            title=title,
            collective_id=collective_id,
            individual_id=individual_id,
            field_id=w.fields[field_code],
            year=year,
            registration_type=RegistrationType.CARRIED_OVER
            if rng.random() < 0.2
            else RegistrationType.NEW,
            unit_id=home.pk if post else commune.district.pk,
            commune_id=home.pk,
            start_date=start,
            end_date=date(year, 12, 31) if rng.random() < 0.6 else None,
            results=(", ".join(results) + ".") if results else "",
            households_mobilised=households,
            land_donated_m2=land,
            money_contributed=money,
            workdays_contributed=workdays,
            note=self.note,
            status=Status.RECOGNISED if outcome == "exemplary" else outcome,
            recognition_level=level,
            recognition_year=rec_year,
            is_exemplary=exemplary,
            replication_recommended=replication,
            title_key=title_key,
            search_text=search_text(title, implementer, place_names, title_key),
            created_at=created,
            updated_at=created,
        )
        self.places.add_tuple((pk, place.pk))
        if criterion is not None:
            self.criteria.add_tuple((pk, criterion.pk))
            if rng.random() < 0.25:
                other = rng.choice(criteria)
                if other.pk != criterion.pk:
                    self.criteria.add_tuple((pk, other.pk))

    def outcome(self, year):
        r = self.rng.random()
        if year < self.w.open_year:
            if r < 0.055:
                return "exemplary"
            if r < 0.215:
                return Status.RECOGNISED
            if r < 0.31:
                return Status.NOT_RECOGNISED
            if r < 0.32:
                return Status.WITHDRAWN
            return Status.REGISTERED
        if r < 0.03:
            return Status.DRAFT
        if r < 0.15:
            return Status.PROPOSED
        if r < 0.17:
            return Status.RETURNED
        return Status.REGISTERED

    def review(
        self, pk, year, commune, post, outcome, created, collective_id, individual_id, implementer
    ):
        """Entries, events and commendations for one model; returns its denormalised outcome."""
        w, rng = self.w, self.rng
        status_to_state = {
            "exemplary": EntryState.EXEMPLARY,
            Status.RECOGNISED: EntryState.RECOGNISED,
            Status.NOT_RECOGNISED: EntryState.NOT_RECOGNISED,
            Status.PROPOSED: EntryState.PROPOSED,
            Status.RETURNED: EntryState.RETURNED,
        }
        if outcome not in status_to_state:
            return "", None, False, False
        state = status_to_state[outcome]
        exemplary = state == EntryState.EXEMPLARY
        replication = exemplary and rng.random() < 0.4
        province = w.new_province if (year >= 2025 and w.new_province) else w.old_province
        if post or commune.district is None:
            first = w.round_for(year, RoundLevel.PROVINCE, province)
            level = RecognitionLevel.PROVINCE
        else:
            first = w.round_for(year, RoundLevel.DISTRICT, commune.district)
            level = RecognitionLevel.DISTRICT
        proposed = min(created + timedelta(days=rng.randint(10, 60)), at(first.deadline, 9))
        self.entry(first, pk, state, proposed, replication)
        recognised = state in (EntryState.RECOGNISED, EntryState.EXEMPLARY)
        if not recognised:
            return "", None, False, False
        decided = first.deadline + timedelta(days=15)
        if exemplary and level == RecognitionLevel.DISTRICT:
            if rng.random() < 0.5:
                self.commend(
                    w.issuer(f"UBND {lower_prefix(commune.district.name)}", IssuerLevel.DISTRICT, commune.district, valid_until=date(2025, 6, 30)),
                    year, CommendationForm.COMMENDATION, "/QĐ-UBND", decided + timedelta(days=10), first,
                    pk, collective_id, individual_id,
                )  # fmt: skip
            if rng.random() < 0.35:
                higher = w.round_for(year, RoundLevel.PROVINCE, province)
                top = EntryState.EXEMPLARY if rng.random() < 0.3 else EntryState.RECOGNISED
                proposed_higher = at(first.deadline + timedelta(days=20), 9)
                self.entry(higher, pk, top, proposed_higher, replication)
                level = RecognitionLevel.PROVINCE
        if level == RecognitionLevel.PROVINCE and exemplary:
            before = year < 2025
            if rng.random() < 0.4:
                self.commend(
                    w.issuer("Ban Dân vận Tỉnh ủy Bắc Kạn", IssuerLevel.PROVINCE, w.old_province, valid_until=date(2025, 2, 28))
                    if before
                    else w.issuer("Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên", IssuerLevel.PROVINCE, province, valid_from=REFORM_DAY),
                    year, CommendationForm.COMMENDATION, "-QĐ/BDVTU" if before else "-QĐ/BTGDVTU",
                    date(year, 12, 28), w.round_for(year, RoundLevel.PROVINCE, province),
                    pk, collective_id, individual_id,
                )  # fmt: skip
            if rng.random() < 0.06:
                level = RecognitionLevel.CENTRAL
                self.commend(
                    w.issuer("Ban Dân vận Trung ương", IssuerLevel.CENTRAL, None, valid_until=date(2025, 2, 28))
                    if before
                    else w.issuer("Ban Tuyên giáo và Dân vận Trung ương", IssuerLevel.CENTRAL, None, valid_from=date(2025, 3, 1)),
                    year, CommendationForm.CERTIFICATE_OF_MERIT, "-QĐ/BDVTW" if before else "-QĐ/BTGDVTW",
                    date(year, 12, 30), None, pk, collective_id, individual_id,
                )  # fmt: skip
        return level, year, exemplary, replication

    def entry(self, review_round, model_id, state, proposed, replication):
        entry_id = self.take_id(Entry)
        decided = None
        if state != EntryState.PROPOSED:
            decided = at(review_round.deadline + timedelta(days=15), 10)
            if state == EntryState.RETURNED:
                decided = proposed + timedelta(days=20)
        reason = ""
        if state == EntryState.NOT_RECOGNISED:
            reason = self.rng.choice(REJECTION_REASONS)
        elif state == EntryState.RETURNED:
            reason = RETURN_REASON
        self.entries.add(
            id=entry_id,
            round_id=review_round.pk,
            model_id=model_id,
            state=state,
            reason=reason,
            is_published=review_round.is_closed,
            proposed_at=proposed,
            decided_at=decided,
            replication_recommended=replication
            and state in (EntryState.EXEMPLARY, EntryState.RECOGNISED),
        )
        self.events.add(
            entry_id=entry_id, model_id=model_id, at=proposed, action="propose",
            from_state="", to_state=EntryState.PROPOSED,
        )  # fmt: skip
        if decided is not None:
            self.events.add(
                entry_id=entry_id, model_id=model_id, at=decided, action="decide",
                from_state=EntryState.PROPOSED, to_state=state, reason=reason,
            )  # fmt: skip

    def commend(
        self, issuer, year, form, suffix, when, review_round, model_id, collective_id, individual_id
    ):
        slot = self.w.decision(issuer, year, form, suffix, when, review_round)
        slot[1] += 1
        self.recipients.add(
            decision_id=slot[0].pk,
            collective_id=collective_id,
            individual_id=individual_id,
            model_id=model_id,
            citation=f"Đã có thành tích xuất sắc trong phong trào thi đua “Dân vận khéo” năm {year}",
            order=slot[1],
        )

    def write(self, cursor):
        for table in (
            self.collectives,
            self.individuals,
            self.models,
            self.places,
            self.criteria,
            self.entries,
            self.events,
            self.recipients,
        ):
            table.flush(cursor)


ETHNICITY_WEIGHTS = list(accumulate_weights(w for _, w in ETHNICITIES))


def pick(rng, cumulative):
    """Index drawn from cumulative weights (random.choices without building a list)."""
    x = rng.random() * cumulative[-1]
    lo, hi = 0, len(cumulative) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cumulative[mid] <= x:
            lo = mid + 1
        else:
            hi = mid
    return lo


# ---------------------------------------------------------------- entry point

TABLES_WRITTEN = [Collective, Individual, Model, Entry, EntryEvent, Recipient]
THROUGH_TABLES = [Model.places.through, Model.criteria.through]
BULK_THRESHOLD = 100_000


@dataclass
class Result:
    created: int
    existing: int
    seconds: float


def generate(count, seed=2026, stdout=None, years=(2011, 2026)):
    """Make sure `count` generated models of `seed` exist; returns what was added."""
    started = time.monotonic()

    def say(message):
        if stdout is not None:
            stdout.write(message)
            if hasattr(stdout, "flush"):
                stdout.flush()

    existing = Model.objects.filter(note__startswith=marker(seed)).count()
    if existing >= count:
        say(f"Đã có {existing} mô hình mẫu (seed {seed}); không sinh thêm.")
        return Result(0, existing, time.monotonic() - started)
    world = World(seed, count, years)
    postgres = connection.vendor == "postgresql"
    # A large load into a smaller table: drop the secondary indexes and foreign keys, load,
    # rebuild them, all in one transaction (a failure leaves the schema as it was), as
    # pg_restore does. Building an index or checking a foreign key once over the whole table is
    # several times faster than doing it row by row.
    rebuild = (
        postgres
        and count - existing >= BULK_THRESHOLD
        and count - existing >= Model.objects.count()
    )
    with transaction.atomic(), connection.cursor() as cursor:
        indexes, foreign_keys = [], []
        if postgres:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for m in TABLES_WRITTEN:
                cursor.execute(
                    f"LOCK TABLE {connection.ops.quote_name(m._meta.db_table)} IN EXCLUSIVE MODE"
                )
            if rebuild:
                foreign_keys = _drop_foreign_keys(cursor)
                indexes = _drop_secondary_indexes(cursor)
        done = existing
        while done < count:
            size = min(CHUNK, count - done)
            with transaction.atomic():
                chunk = Chunk(world, random.Random(f"{seed}:{done}"), cursor)
                for _ in range(size):
                    chunk.add_model()
                chunk.write(cursor)
            done += size
            say(f"  {done}/{count} mô hình ({time.monotonic() - started:.0f} giây)")
        if indexes or foreign_keys:
            say(
                f"  Dựng lại {len(indexes)} chỉ mục và {len(foreign_keys)} khóa ngoại "
                f"({time.monotonic() - started:.0f} giây)…"
            )
            for _name, definition in indexes:
                cursor.execute(definition)
            # Re-adding a foreign key checks every row in one join, instead of one trigger
            # call per inserted row.
            for table, name, definition in foreign_keys:
                cursor.execute(
                    f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
                )
        for sql in connection.ops.sequence_reset_sql(no_style(), TABLES_WRITTEN + THROUGH_TABLES):
            cursor.execute(sql)
    if postgres:
        # Fresh statistics for the planner; outside a transaction also VACUUM, which sets the
        # visibility map of the loaded pages: without it the counts and the statistics read
        # every heap page instead of answering from their covering indexes (index-only scans),
        # until autovacuum comes round (after a bulk load, as the PostgreSQL manual advises).
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for m in TABLES_WRITTEN + THROUGH_TABLES + [Unit]:
                cursor.execute(f"{command} {connection.ops.quote_name(m._meta.db_table)}")
    seconds = time.monotonic() - started
    say(f"Đã sinh {count - existing} mô hình mẫu (seed {seed}) trong {seconds:.1f} giây.")
    return Result(count - existing, existing, seconds)


def _drop_foreign_keys(cursor):
    """Drop the foreign keys of the loaded tables; return (table, name, definition)."""
    tables = [m._meta.db_table for m in TABLES_WRITTEN + THROUGH_TABLES]
    cursor.execute(
        """
        SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
        FROM pg_constraint c
        WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)
        ORDER BY 1, 2
        """,
        [[connection.ops.quote_name(t) for t in tables] + tables],
    )
    foreign_keys = cursor.fetchall()
    for table, name, _definition in foreign_keys:
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    return foreign_keys


def _drop_secondary_indexes(cursor):
    """Drop the indexes of the loaded tables that back no constraint; return their DDL."""
    tables = [m._meta.db_table for m in TABLES_WRITTEN + THROUGH_TABLES]
    cursor.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        ORDER BY i.tablename, i.indexname
        """,
        [tables],
    )
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return indexes
