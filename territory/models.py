"""The dated territory tree: province → district → commune → village.

Units change over time (2020 commune mergers; on 1 July 2025 the district level was abolished
and Bắc Kạn merged into Thái Nguyên). A unit is never edited into another one: a retired unit
keeps its name, code, parent and dates, and points at the units it was merged into
(`successors`). Every unit stores its materialised `path` ("/1/9/120/") so that "everything
under a unit" is one indexed prefix query.
"""

from datetime import date

from django.db import connections, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from danvan.text import clean, fold

# Succession chains are short (a 2020 merger, then the 2025 one); queries follow them this deep.
SUCCESSION_DEPTH = 3
OPEN_START = date(1900, 1, 1)


class Level(models.IntegerChoices):
    PROVINCE = 1, "Cấp tỉnh"
    DISTRICT = 2, "Cấp huyện"
    COMMUNE = 3, "Cấp xã"
    VILLAGE = 4, "Thôn, tổ dân phố"


class Kind(models.TextChoices):
    PROVINCE = "tinh", "Tỉnh"
    MUNICIPALITY = "thanh_pho_tw", "Thành phố trực thuộc trung ương"
    DISTRICT = "huyen", "Huyện"
    URBAN_DISTRICT = "quan", "Quận"
    TOWN = "thi_xa", "Thị xã"
    CITY = "thanh_pho", "Thành phố thuộc tỉnh"
    COMMUNE = "xa", "Xã"
    WARD = "phuong", "Phường"
    TOWNSHIP = "thi_tran", "Thị trấn"
    SPECIAL_ZONE = "dac_khu", "Đặc khu"
    VILLAGE = "thon", "Thôn"
    HAMLET = "ban", "Bản"
    RESIDENTIAL_GROUP = "to_dan_pho", "Tổ dân phố"


LEVEL_OF_KIND = {
    Kind.PROVINCE: Level.PROVINCE,
    Kind.MUNICIPALITY: Level.PROVINCE,
    Kind.DISTRICT: Level.DISTRICT,
    Kind.URBAN_DISTRICT: Level.DISTRICT,
    Kind.TOWN: Level.DISTRICT,
    Kind.CITY: Level.DISTRICT,
    Kind.COMMUNE: Level.COMMUNE,
    Kind.WARD: Level.COMMUNE,
    Kind.TOWNSHIP: Level.COMMUNE,
    Kind.SPECIAL_ZONE: Level.COMMUNE,
    Kind.VILLAGE: Level.VILLAGE,
    Kind.HAMLET: Level.VILLAGE,
    Kind.RESIDENTIAL_GROUP: Level.VILLAGE,
}

# Name prefixes, longest first, as written in official names and in district spreadsheets.
NAME_PREFIXES = [
    ("thành phố", None),
    ("thị trấn", Kind.TOWNSHIP),
    ("thị xã", Kind.TOWN),
    ("tổ dân phố", Kind.RESIDENTIAL_GROUP),
    ("đặc khu", Kind.SPECIAL_ZONE),
    ("phường", Kind.WARD),
    ("huyện", Kind.DISTRICT),
    ("quận", Kind.URBAN_DISTRICT),
    ("tỉnh", Kind.PROVINCE),
    ("thôn", Kind.VILLAGE),
    ("bản", Kind.HAMLET),
    ("xã", Kind.COMMUNE),
    ("tổ", Kind.RESIDENTIAL_GROUP),
]


def split_prefix(name):
    """("Xã Nghĩa Tá") -> ("xã", "Nghĩa Tá"); a name without a known prefix -> ("", name)."""
    text = clean(name)
    lowered = text.lower()
    for prefix, _kind in NAME_PREFIXES:
        if lowered.startswith(prefix + " "):
            return prefix, text[len(prefix) + 1 :].strip()
    return "", text


def kind_from_name(name, level):
    prefix, _ = split_prefix(name)
    if prefix == "thành phố":
        return Kind.CITY if level == Level.DISTRICT else Kind.MUNICIPALITY
    for known, kind in NAME_PREFIXES:
        if known == prefix and kind is not None:
            return kind
    return {
        Level.PROVINCE: Kind.PROVINCE,
        Level.DISTRICT: Kind.DISTRICT,
        Level.COMMUNE: Kind.COMMUNE,
        Level.VILLAGE: Kind.VILLAGE,
    }[level]


def valid_at_q(when, prefix=""):
    return (
        Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": when})
    ) & (Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": when}))


class UnitQuerySet(models.QuerySet):
    def valid_at(self, when):
        return self.filter(valid_at_q(when))

    def current(self):
        return self.valid_at(date.today())

    def under(self, unit, include_self=False):
        """Every unit below `unit` in the tree as it was recorded (any date)."""
        qs = self.filter(path__startswith=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)

    def with_code(self, code, at=None):
        """The unit that bore `code` at a date (codes were reused in 2025)."""
        return self.filter(code=code).valid_at(at or date.today())

    # Succession is followed in the database with one recursive query (bounded depth), in one
    # direction at a time: forward (what a unit became) or backward (what it was formed from).
    # Mixing directions would wander into neighbouring districts through shared new communes.

    def _linked(
        self,
        start_where,
        start_params,
        *,
        forward,
        backward,
        defaults_only=False,
        down_to=None,
        with_children=True,
        with_start=True,
    ):
        """pk IN (units reached from the start set, plus the direct children of those).

        `defaults_only` follows only the default link of a split unit (see `Succession`);
        `down_to` a level: the children below it are left out (a province's thousands of
        villages: 13 → 5 ms for today's Thái Nguyên among 9.000 units); `with_children=False`
        leaves them all out (a village has none to look for), `with_start=False` the start
        set (only the units reached through a link).
        Only table and column names from the model's meta and constants are interpolated;
        every value is a query parameter."""
        unit_table = Unit._meta.db_table
        link_table = Unit.successors.through._meta.db_table
        parts, params = [], []
        for enabled, src, dst in (
            (forward, "from_unit_id", "to_unit_id"),
            (backward, "to_unit_id", "from_unit_id"),
        ):
            if not enabled:
                continue
            name = f"chain_{src[:2]}"
            only_default = "AND l.is_default = %s " if defaults_only else ""
            parts.append(
                f"{name}(id, depth) AS (SELECT id, 0 FROM {unit_table} WHERE {start_where} "  # noqa: S608
                f"UNION SELECT l.{dst}, c.depth + 1 FROM {link_table} l "
                f"JOIN {name} c ON l.{src} = c.id WHERE c.depth < {SUCCESSION_DEPTH} "
                f"{only_default})"
            )
            params.extend(start_params)
            if defaults_only:
                params.append(True)
        names = [p.split("(", 1)[0] for p in parts]
        linked_only = "" if with_start else " WHERE depth > 0"
        reached = " UNION ".join(f"SELECT id FROM {n}{linked_only}" for n in names)  # noqa: S608
        sql = (
            f"WITH RECURSIVE {', '.join(parts)}, reached(id) AS ({reached}) SELECT id FROM reached"  # noqa: S608
        )
        if with_children:
            sql += (
                f" UNION SELECT id FROM {unit_table} "  # noqa: S608
                f"WHERE parent_id IN (SELECT id FROM reached)"
            )
            if down_to is not None:
                sql += " AND level <= %s"
                params.append(down_to)
        return Q(pk__in=RawSQL(sql, params))  # noqa: S611

    def successors_of(self, unit):
        """Units `unit` was merged into, directly or through later mergers; every part of a
        split commune (the default one is `default_successors_of`)."""
        return self.filter(
            self._linked("id = %s", [unit.pk], forward=True, backward=False), level=unit.level
        ).exclude(pk=unit.pk)

    def current_successors_of(self, unit):
        return self.successors_of(unit).current()

    def current_successor_names(self, units):
        """{unit id: sorted names of `current_successors_of(unit)`} for several units in one
        recursive query (a page naming many former communes by today's ones); a unit with
        no current successor is left out."""
        ids = [u.pk for u in units]
        if not ids:
            return {}
        unit_table = Unit._meta.db_table
        link_table = Unit.successors.through._meta.db_table
        today = date.today()
        marks = ", ".join(["%s"] * len(ids))
        sql = (
            f"WITH RECURSIVE chain(origin, id, depth) AS ("  # noqa: S608
            f"SELECT id, id, 0 FROM {unit_table} WHERE id IN ({marks}) "
            f"UNION SELECT c.origin, l.to_unit_id, c.depth + 1 FROM {link_table} l "
            f"JOIN chain c ON l.from_unit_id = c.id WHERE c.depth < {SUCCESSION_DEPTH}) "
            f"SELECT DISTINCT c.origin, u.name FROM chain c "
            f"JOIN {unit_table} u ON u.id = c.id JOIN {unit_table} o ON o.id = c.origin "
            f"WHERE u.id <> c.origin AND u.level = o.level "
            f"AND (u.valid_from IS NULL OR u.valid_from <= %s) "
            f"AND (u.valid_until IS NULL OR u.valid_until >= %s)"
        )
        names = {}
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, [*ids, today, today])
            for origin, name in cursor.fetchall():
                names.setdefault(origin, []).append(name)
        return {pk: sorted(found) for pk, found in names.items()}

    def default_successors_of(self, unit):
        """The units `unit` rolls up into: through each split, only the mapping's default part
        (one unit per date, e.g. today's commune a 2019 record is counted in)."""
        return self.filter(
            self._linked("id = %s", [unit.pk], forward=True, backward=False, defaults_only=True),
            level=unit.level,
        ).exclude(pk=unit.pk)

    def predecessors_of(self, unit):
        """Former units merged, wholly or in part, into `unit` (through mergers up to
        SUCCESSION_DEPTH); `rolled_up_into` counts a split one only in its default successor."""
        return self.filter(
            self._linked("id = %s", [unit.pk], forward=False, backward=True), level=unit.level
        ).exclude(pk=unit.pk)

    def rolled_up_into(self, unit, down_to=Level.VILLAGE):
        """`unit`, everything under it, its former units and everything under those.

        A former unit split between several successors is rolled up only into its default one,
        so summing over today's units counts each old unit once.

        The subtree is the recursion's start set, so it is in `_linked` already: no
        `path LIKE … OR id IN (…)`, which PostgreSQL ran as an unhashed subplan once per unit
        (544 ms for Chợ Đồn among 9.000 units; a semi-join takes a few ms). `down_to` as in
        `in_scope_of` (old Bắc Kạn's districts and communes: 32 → 4 ms among 9.000 units)."""
        return self._from_subtree(unit, down_to, forward=False, backward=True, defaults_only=True)

    def former_villages_rolled_up_into(self, unit):
        """(id, parent id) of the villages `rolled_up_into(unit)` reaches through succession
        from `unit`'s own villages: the only villages it brings that need not be children of
        the units `rolled_up_into(unit, down_to=Level.COMMUNE)` gives (succession links join
        units of one level, so villages are reached from villages only; every other village
        is a child of a unit reached). The list filter reads these beside that shorter roll-up
        instead of the whole one with its thousands of villages (Chợ Đồn among 9.000 units:
        8,5 → 2,7 + 1,6 ms)."""
        reached = self._linked(
            "path LIKE %s AND level = %s",
            [unit.path + "%", Level.VILLAGE],
            forward=False,
            backward=True,
            defaults_only=True,
            with_children=False,
            with_start=False,
        )
        return self.filter(reached).order_by().values_list("pk", "parent_id")

    def in_scope_of(self, unit, down_to=Level.VILLAGE):
        """What an account at `unit` may see: its subtree, and across reorganisations the units
        that were formed from it (and their villages) or that were merged into it (the
        subtree is the recursion's start set, see `rolled_up_into`).

        `down_to=Level.COMMUNE` leaves the villages out before the recursion instead of after
        it: succession links join units of one level (`Succession`), so the communes and
        districts reached are the same, and the province's thousands of villages are not
        walked (40 → 3 ms for the province among 9.000 units)."""
        return self._from_subtree(unit, down_to, forward=True, backward=True)

    def _from_subtree(self, unit, down_to, **directions):
        """The units `_linked` reaches from `unit`'s subtree, down to the level `down_to`."""
        return self.filter(
            self._linked(
                "path LIKE %s AND level <= %s",
                [unit.path + "%", down_to],
                down_to=down_to,
                **directions,
            ),
            level__lte=down_to,
        )

    def communes(self):
        return self.filter(level=Level.COMMUNE)

    def districts(self):
        return self.filter(level=Level.DISTRICT)

    def villages(self):
        return self.filter(level=Level.VILLAGE)

    def for_village_list(self, commune):
        """The village page: today's villages of `commune`, each with `former_commune`, the
        name of the commune it belonged to before 1/7/2025 (when it was carried on), in one
        query."""
        former = Succession.objects.filter(to_unit=models.OuterRef("pk")).values(
            "from_unit__parent__name"
        )[:1]
        return (
            self.villages()
            .current()
            .filter(parent=commune)
            .annotate(former_commune=models.Subquery(former))
            .order_by("search_name", "pk")
        )


class Unit(models.Model):
    code = models.CharField(
        "mã đơn vị", max_length=10, blank=True, db_index=True, help_text="Mã của Tổng cục Thống kê"
    )
    name = models.CharField("tên", max_length=150)
    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    level = models.PositiveSmallIntegerField("cấp", choices=Level.choices, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_until = models.DateField("hiệu lực đến", null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name="được sáp nhập vào",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        through="Succession",
        through_fields=("from_unit", "to_unit"),
    )
    path = models.CharField(
        max_length=255, editable=False, default="", verbose_name="đường dẫn trong cây đơn vị"
    )
    search_name = models.CharField(
        max_length=150, editable=False, default="", verbose_name="tên để tìm kiếm"
    )
    note = models.CharField("ghi chú", max_length=255, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["path"]
        constraints = [
            # A code names one unit at a time; the 2025 communes reuse old codes with a new start.
            models.UniqueConstraint(
                "code",
                Coalesce("valid_from", models.Value(OPEN_START)),
                name="unit_code_once_per_start",
                condition=~Q(code=""),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="unit_valid_until_after_from",
            ),
        ]
        indexes = [
            # Subtree and scope queries: path LIKE '/1/9/%' (pattern ops so PostgreSQL uses it).
            models.Index(fields=["path"], name="unit_path_idx", opclasses=["varchar_pattern_ops"]),
            # Importer and search: match a place by its folded name within a level.
            models.Index(fields=["level", "search_name"], name="unit_level_search_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean(self.name)
        if not self.kind:
            self.kind = Kind.COMMUNE
        self.level = LEVEL_OF_KIND[self.kind]
        self.search_name = fold(self.short_name)
        old_path = self.path
        super().save(*args, **kwargs)
        new_path = compute_path(self)
        if new_path != old_path:
            Unit.objects.filter(pk=self.pk).update(path=new_path)
            if old_path:
                # Re-root the subtree in one statement when a unit moves.
                from django.db.models import Value
                from django.db.models.functions import Concat, Substr

                Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
                )
            self.path = new_path

    @property
    def short_name(self):
        return split_prefix(self.name)[1]

    @property
    def is_current(self):
        today = date.today()
        return (self.valid_from is None or self.valid_from <= today) and (
            self.valid_until is None or self.valid_until >= today
        )

    def label(self):
        """ "Xã Nghĩa Tá, Huyện Chợ Đồn" style label with the parent for communes and villages."""
        if self.parent_id and self.level >= Level.COMMUNE:
            return f"{self.name}, {self.parent.name}"
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."}
            )
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "Một đơn vị không thể là cấp trên của chính nó."})
        if self.code:
            clash = Unit.objects.filter(code=self.code, valid_from=self.valid_from).exclude(
                pk=self.pk
            )
            if clash.exists():
                raise ValidationError(
                    {
                        "code": f"Mã {self.code} đã dùng cho {clash.first().name} từ cùng ngày hiệu lực."
                    }
                )


def compute_path(unit):
    parent_path = ""
    if unit.parent_id:
        parent_path = Unit.objects.values_list("path", flat=True).get(pk=unit.parent_id)
    return f"{parent_path or '/'}{unit.pk}/"


def resolve_code(code, at=None):
    """The unit a code names at a date (the end of a chosen period), else the latest that bore it.

    01864 was Xã Bộc Bố until 30/6/2025 and is Xã Bằng Thành after: resolve_code("01864",
    date(2024, 12, 31)) is Bộc Bố, resolve_code("01864", date(2026, 12, 31)) is Bằng Thành.
    """
    if not code:
        return None
    found = Unit.objects.with_code(code, at=at).first()
    if found is None:
        found = Unit.objects.filter(code=code).order_by("-valid_from").first()
    return found


class Succession(models.Model):
    """`from_unit` was merged, wholly or in part, into `to_unit`.

    A commune split between several new ones has one row per part; `is_default` marks the one
    it rolls up into in reports (the official mapping names exactly one), so a split commune's
    records are counted once. The table is the one the plain many-to-many used before."""

    from_unit = models.ForeignKey(
        Unit, verbose_name="đơn vị cũ", on_delete=models.CASCADE, related_name="succession_links"
    )
    to_unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị kế thừa",
        on_delete=models.CASCADE,
        related_name="predecession_links",
    )
    is_default = models.BooleanField(
        "đơn vị kế thừa chính",
        default=True,
        help_text="Đơn vị cũ bị chia cho nhiều đơn vị mới: số liệu cũ được cộng vào đơn vị này.",
    )

    class Meta:
        db_table = "territory_unit_successors"
        verbose_name = "đơn vị kế thừa"
        verbose_name_plural = "đơn vị kế thừa"
        # The constraint the plain many-to-many table was created with: one row per pair.
        unique_together = [("from_unit", "to_unit")]
        constraints = [
            # A split unit rolls up into one successor only, or its records would count twice.
            # A second successor is added with successors.add(x, through_defaults={"is_default":
            # False}).
            models.UniqueConstraint(
                fields=["from_unit"],
                condition=Q(is_default=True),
                name="succession_one_default",
                violation_error_message="Mỗi đơn vị cũ chỉ có một đơn vị kế thừa chính "
                "(nơi cộng số liệu cũ): bỏ chọn ở đơn vị kia trước.",
            ),
        ]

    def __str__(self):
        return f"{self.from_unit} → {self.to_unit}"
