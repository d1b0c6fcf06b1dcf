"""Fields (lĩnh vực) and NTM criterion sets from fixtures/ — idempotent, used by migrations."""

import csv
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CRITERIA_FILES = ["ntm_criteria.csv", "ntm_criteria_2026_2030_unverified.csv"]
UNVERIFIED_NOTE = "Đánh số suy ra từ báo chí (QĐ 51/2025/QĐ-TTg) — quản trị viên kiểm tra, sửa lại."


def _rows(name):
    with open(FIXTURES / name, encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh)


def load_fields(Field):
    by_code = {}
    for order, row in enumerate(_rows("dvk_fields.csv"), start=1):
        by_code[row["code"]], _ = Field.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "parent": by_code.get(row["parent_code"]) if row["parent_code"] else None,
                "scheme": row["scheme"],
                "is_new_rural": row["code"] == "BK-NTM",
                "order": order,
            },
        )


def load_criteria(CriterionSet, Criterion):
    for filename in CRITERIA_FILES:
        for row in _rows(filename):
            start, end = (int(y) for y in row["set"].split("-"))
            criterion_set, _ = CriterionSet.objects.get_or_create(
                name=row["set"],
                defaults={
                    "start_year": start,
                    "end_year": end,
                    "note": UNVERIFIED_NOTE if "unverified" in filename else "",
                },
            )
            # get_or_create: an administrator's later correction of a name is never overwritten.
            Criterion.objects.get_or_create(
                criterion_set=criterion_set,
                number=int(row["number"]),
                defaults={"name": row["name"]},
            )
