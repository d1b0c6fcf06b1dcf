"""Reference data: the default recognition rubric and the dated list of issuing bodies.

Idempotent: criteria are matched by name, bodies by (name, valid_from). Units are matched by
code (the pre-2025 unit for Bắc Kạn bodies, the post-2025 province for Thái Nguyên).
"""

from datetime import date

from django.db import migrations

RUBRIC = [
    ("Tính sáng tạo", "Cách làm mới, phù hợp với điều kiện địa phương."),
    ("Tuân thủ pháp luật", "Phù hợp chủ trương của Đảng, chính sách, pháp luật của Nhà nước."),
    (
        "Huy động được nhiều lực lượng tham gia",
        "Số hộ, người dân, tổ chức được vận động tham gia; đóng góp công sức, tiền, đất.",
    ),
    ("Sức lan tỏa và kết quả", "Kết quả cụ thể, đo đếm được; được nhân rộng ở nơi khác."),
    ("Tính bền vững", "Duy trì qua nhiều năm, có điều kiện tiếp tục phát huy."),
]

MERGER_2025 = date(2025, 3, 1)  # Ban Dân vận merged with Ban Tuyên giáo
END_FEB_2025 = date(2025, 2, 28)
END_DISTRICTS = date(2025, 6, 30)  # district level abolished, Bắc Kạn merged into Thái Nguyên
NEW_PROVINCE = date(2025, 7, 1)


def district_names(unit_name):
    """("Huyện Chợ Đồn") -> ("UBND huyện Chợ Đồn", "Ban Thường vụ Huyện ủy Chợ Đồn")."""
    if unit_name.startswith("Thành phố "):
        short = unit_name[len("Thành phố ") :]
        return f"UBND thành phố {short}", f"Ban Thường vụ Thành ủy {short}"
    short = unit_name[len("Huyện ") :]
    return f"UBND huyện {short}", f"Ban Thường vụ Huyện ủy {short}"


def load(apps, schema_editor):
    RubricCriterion = apps.get_model("reviews", "RubricCriterion")
    IssuingBody = apps.get_model("reviews", "IssuingBody")
    Unit = apps.get_model("territory", "Unit")

    for order, (name, description) in enumerate(RUBRIC, start=1):
        RubricCriterion.objects.get_or_create(
            name=name,
            defaults={"description": description, "max_score": 10, "weight": 1, "order": order},
        )

    def body(name, level, unit=None, valid_from=None, valid_until=None, successor=None):
        obj, _ = IssuingBody.objects.get_or_create(
            name=name,
            valid_from=valid_from,
            defaults={
                "level": level,
                "unit": unit,
                "valid_until": valid_until,
                "successor": successor,
            },
        )
        return obj

    backan = Unit.objects.filter(code="06", valid_from__isnull=True).first()
    thainguyen = Unit.objects.filter(code="19", valid_from=NEW_PROVINCE).first()

    central_new = body("Ban Tuyên giáo và Dân vận Trung ương", "trung_uong", valid_from=MERGER_2025)
    body(
        "Ban Dân vận Trung ương",
        "trung_uong",
        valid_until=END_FEB_2025,
        successor=central_new,
    )

    tg_dv_thainguyen = body(
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên",
        "tinh",
        unit=thainguyen,
        valid_from=NEW_PROVINCE,
    )
    ubnd_thainguyen = body(
        "UBND tỉnh Thái Nguyên", "tinh", unit=thainguyen, valid_from=NEW_PROVINCE
    )
    tg_dv_backan = body(
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Bắc Kạn",
        "tinh",
        unit=backan,
        valid_from=MERGER_2025,
        valid_until=END_DISTRICTS,
        successor=tg_dv_thainguyen,
    )
    body(
        "Ban Dân vận Tỉnh ủy Bắc Kạn",
        "tinh",
        unit=backan,
        valid_until=END_FEB_2025,
        successor=tg_dv_backan,
    )
    body("Ban Thường vụ Tỉnh ủy Bắc Kạn", "tinh", unit=backan, valid_until=END_DISTRICTS)
    body(
        "UBND tỉnh Bắc Kạn",
        "tinh",
        unit=backan,
        valid_until=END_DISTRICTS,
        successor=ubnd_thainguyen,
    )
    if backan is None:
        return
    for district in Unit.objects.filter(parent=backan, level=2).order_by("code"):
        people, standing = district_names(district.name)
        body(people, "huyen", unit=district, valid_until=END_DISTRICTS)
        body(standing, "huyen", unit=district, valid_until=END_DISTRICTS)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0002_entry_is_exemplary"),
        ("territory", "0002_reference_units"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
