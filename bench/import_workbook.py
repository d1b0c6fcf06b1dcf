"""The workbook the import benchmark (bench/import_bench.py) imports: a realistic yearly list
of `count` models, one sheet per district, title rows, a header, "I. MÔ HÌNH TẬP THỂ" / "II. MÔ
HÌNH CÁ NHÂN" sections and a signature block, written with openpyxl's write-only mode. The rows
are the same on every run (a fixed seed) and their natural keys are unique."""

import csv
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

VERBS = [
    "Vận động nhân dân",
    "Vận động cán bộ, hội viên",
    "Vận động đoàn viên thanh niên",
    "Vận động hội viên phụ nữ",
    "Vận động đồng bào dân tộc",
    "Tuyên truyền, vận động nhân dân",
    "Vận động các hộ gia đình",
    "Vận động cựu chiến binh",
]
OBJECTS = [
    "hiến đất làm đường giao thông nông thôn",
    "thu gom, phân loại rác thải tại hộ gia đình",
    "trồng rừng gắn với phát triển du lịch cộng đồng",
    "phát triển kinh tế xen canh Dưa-Lúa",
    "xây dựng và bảo vệ môi trường xanh, sạch, đẹp",
    "giữ gìn bản sắc văn hóa dân tộc Tày",
    "chăn nuôi ngựa bạch tạo việc làm",
    "thực hiện tiêu chí số 17 – Môi trường",
    "xóa nhà tạm, nhà dột nát",
    "tham gia bảo hiểm y tế toàn dân",
    "giữ gìn an ninh trật tự thôn bản",
    "làm thủ tục hành chính trực tuyến",
    "trồng cây ăn quả theo tiêu chuẩn VietGAP",
    "xây dựng nhà văn hóa thôn",
    "phòng, chống tảo hôn và hôn nhân cận huyết",
]
GROUPS = [
    "Chi bộ thôn {n}",
    "Hội Nông dân {commune}",
    "Hội Liên hiệp Phụ nữ {commune}",
    "Đoàn Thanh niên {commune}",
    "Hội Cựu chiến binh {commune}",
    "Ban công tác Mặt trận thôn {n}",
]
FAMILY = ["Nguyễn", "Hoàng", "Nông", "Lý", "Triệu", "Quan", "Ma", "Hà", "Lường", "Bế"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu"]
GIVEN = ["Giang", "Thắng", "Hoa", "Lan", "Bình", "Hùng", "Mai", "Tuấn", "Hạnh", "Phúc"]
FIELDS = [
    "Kinh tế",
    "Văn hóa - xã hội",
    "Quốc phòng - an ninh",
    "Xây dựng hệ thống chính trị",
    "Xây dựng nông thôn mới",
]
HEADER = [
    "STT",
    "Tên mô hình",
    "Tập thể/cá nhân thực hiện",
    "Lĩnh vực",
    "Địa bàn thực hiện",
    "Năm",
    "Thời gian thực hiện",
    "Kết quả",
    "Ghi chú",
]


def territory():
    districts, communes = {}, {}
    with open(ROOT / "fixtures" / "backan_units_2024.csv", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            if row["level"] == "district":
                districts[row["code"]] = row["name"]
            elif row["level"] == "commune":
                communes.setdefault(row["parent_code"], []).append(row["name"])
    return districts, communes


def generate_rows(count, seed=2026):
    """[(district code, district name, kind, record)] with unique natural keys."""
    rng = random.Random(seed)
    districts, communes = territory()
    codes = sorted(districts)
    rows = []
    n = 0
    while len(rows) < count:
        code = codes[n % len(codes)]
        commune = rng.choice(communes[code])
        year = 2011 + (n // len(codes)) % 14
        individual = rng.random() < 0.15
        if individual:
            who = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {n % 97}"
            who = ("Ông " if rng.random() < 0.5 else "Bà ") + who
        else:
            template = rng.choice(GROUPS)
            who = template.format(n=rng.randint(1, 12), commune=commune.lower().capitalize())
            if "thôn" in who:
                who += " " + commune.lower()
        title = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} (mô hình {n + 1})"
        start = f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{year}"
        record = {
            "title": title,
            "implementer": who,
            "field": rng.choice(FIELDS),
            "place": commune,
            "year": year,
            "period": start if rng.random() < 0.7 else f"{year}-{year + 2}",
            "results": f"{rng.randint(20, 400)} hộ tham gia, {rng.randint(1, 50)} triệu đồng",
            "note": "",
        }
        rows.append((code, districts[code], "ca_nhan" if individual else "tap_the", record))
        n += 1
    return rows


def write_workbook(rows, path):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    by_district = {}
    for code, name, kind, record in rows:
        by_district.setdefault((code, name), {"tap_the": [], "ca_nhan": []})[kind].append(record)
    for (_code, name), kinds in by_district.items():
        ws = wb.create_sheet(name[:31])
        short = name.split(" ", 1)[1].upper()
        ws.append([f"BAN DÂN VẬN HUYỆN ỦY {short}"])
        ws.append(["DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO GIAI ĐOẠN 2011 - 2024"])
        ws.append(["(Kèm theo Báo cáo số 45-BC/BDVHU)"])
        ws.append([])
        ws.append(HEADER)
        for label, kind in (("I", "tap_the"), ("II", "ca_nhan")):
            title = "MÔ HÌNH TẬP THỂ" if kind == "tap_the" else "MÔ HÌNH CÁ NHÂN"
            ws.append([label, title])
            for index, r in enumerate(kinds[kind], start=1):
                ws.append(
                    [
                        index,
                        r["title"],
                        r["implementer"],
                        r["field"],
                        r["place"],
                        r["year"],
                        r["period"],
                        r["results"],
                        r["note"],
                    ]
                )
        ws.append([])
        ws.append(["", "Người lập biểu", "", "", "TM. BAN THƯỜNG VỤ"])
    wb.save(path)
