"""The issuing bodies of today's communes (from 1/7/2025): the commune People's Committee
(Giấy khen of its chair) and the commune Party committee. Idempotent, keyed by (name, valid_from);
used by a data migration (with historical models) and callable again after communes are added."""

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
    """One People's Committee and one Party committee per commune valid from 1/7/2025."""
    created = 0
    communes = Unit.objects.filter(level=3, valid_from__gte=REFORM_DAY)
    for commune in communes:
        for name in body_names(commune):
            _, is_new = IssuingBody.objects.get_or_create(
                name=name,
                valid_from=commune.valid_from,
                defaults={"level": "xa", "unit": commune, "valid_until": commune.valid_until},
            )
            created += is_new
    return created
