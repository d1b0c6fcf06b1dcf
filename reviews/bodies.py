"""The issuing bodies of today's communes (from 1/7/2025): the commune People's Committee
(Giấy khen of its chair) and the commune Party committee. Idempotent, keyed by (commune, name);
used by a data migration (with historical models) and by `manage.py ensure_commune_bodies`.

Communes arrive in two ways: `migrate` loads the provinces of `PORTAL_PROVINCES` (then this
app's migration runs after the territory's), and `manage.py load_territory --province CODE`
adds a province later. The territory app must not import the reviews app (layers: territory ←
accounts ← models_registry ← reviews), so the loader does not call this: its help text and its
last line tell the operator to run `ensure_commune_bodies` next, an explicit step that shows in
the operations notes rather than a hidden hook. Run twice, it adds nothing."""

from datetime import date

REFORM_DAY = date(2025, 7, 1)
# Unit kinds as written in body names ("UBND phường Bắc Kạn", "Đảng ủy xã Bằng Thành").
KIND_WORDS = {"xa": "xã", "phuong": "phường", "thi_tran": "thị trấn", "dac_khu": "đặc khu"}


def body_names(commune):
    """(People's Committee, Party committee) of a commune of today."""
    from territory.models import split_prefix

    word = KIND_WORDS.get(commune.kind, "xã")
    short = split_prefix(commune.name)[1]
    return f"UBND {word} {short}", f"Đảng ủy {word} {short}"


def ensure_commune_bodies(IssuingBody, Unit):
    """One People's Committee and one Party committee per commune valid from 1/7/2025; returns
    how many were added. Three queries and one bulk insert whatever the number of communes.

    Body names are unique per start day (`issuer_name_once_per_start`) and many communes of the
    country share a name (Xã Tân Lập): the first keeps the plain name, a namesake of another
    province is told apart by its province ("UBND xã Tân Lập, Tỉnh Phú Thọ")."""
    communes = list(
        Unit.objects.filter(level=3, valid_from__gte=REFORM_DAY)
        .select_related("parent")
        .order_by("parent__code", "code")
    )
    existing = list(
        IssuingBody.objects.filter(valid_from__gte=REFORM_DAY).values_list(
            "unit_id", "name", "valid_from"
        )
    )
    own = {(unit_id, name) for unit_id, name, _ in existing}
    taken = {(name, valid_from) for _, name, valid_from in existing}
    new = []
    for commune in communes:
        province = commune.parent.name if commune.parent_id else ""
        for name in body_names(commune):
            namesake = f"{name}, {province}" if province else name
            if (commune.pk, name) in own or (commune.pk, namesake) in own:
                continue
            if (name, commune.valid_from) in taken:
                name = namesake
                if (name, commune.valid_from) in taken:
                    continue
            taken.add((name, commune.valid_from))
            new.append(
                IssuingBody(
                    name=name,
                    level="xa",
                    unit=commune,
                    valid_from=commune.valid_from,
                    valid_until=commune.valid_until,
                )
            )
    IssuingBody.objects.bulk_create(new)
    return len(new)
