"""The statistics' sơ kết report as a Word document, from the figures `/thong-ke/` shows (its
filter form, territory rule and figures: nothing counted twice)."""

from django.http import JsonResponse

from reviews.models import IssuingBody
from stats import exports
from stats.figures import statistics
from stats.forms import StatsFilterForm, unit_options
from stats.territory import Period, territory_for

from . import word
from .models import HeaderKind, layout_of, signer_title_of
from .place import date_words, place_and_date, province_on

COVERAGE_HEADERS = [
    "Chỉ tiêu",
    "Tỷ lệ phấn đấu (%)",
    "Đạt",
    "Tổng số",
    "Tỷ lệ đạt (%)",
    "Còn thiếu",
]


def issuer_for(unit, day):
    """The body that reports for a territory on a day: a body of its province valid that day,
    a "Ban …" (the Party committee's board) first; None if the province has none."""
    province = province_on(unit, day)
    if province is None:
        return None
    bodies = [b for b in IssuingBody.objects.filter(unit=province) if b.is_valid_on(day)]
    bodies.sort(key=lambda b: (not b.name.startswith("Ban "), b.name))
    return bodies[0] if bodies else None


def report_document(user, params, today):
    """(docx bytes, territory, period label), or a 400 response for a bad filter."""
    data = params.copy()
    if not any(data.get(name) for name in ("nam", "tu_nam", "den_nam")):
        data["nam"] = str(today.year)
    form = StatsFilterForm(data, unit_options=lambda: unit_options(user))
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    cleaned = form.cleaned_data
    period = Period(cleaned["start_year"], cleaned["end_year"])
    unit = territory_for(user, cleaned.get("don_vi"), period)
    stats = statistics(user, unit, period, params.get("bo_tieu_chi"))
    issuer = issuer_for(unit, today)
    if issuer is not None:
        layout = layout_of(issuer)
        name, superior, header = issuer.name, layout.superior, layout.header
        signer, place_date = signer_title_of(layout), place_and_date(issuer, today)
    else:
        province = province_on(unit, today)
        name, superior, header, signer = stats["territory_name"], "", HeaderKind.PARTY, ""
        place_date = f"{(province or unit).short_name}, {date_words(today)}"
    tables = [
        word.Table(
            headers=exports.SUMMARY_HEADERS,
            sections=[("", exports.summary_rows(stats))],
            widths_mm=[95, 22, 22, 22],
            heading="I. KẾT QUẢ THỰC HIỆN",
        )
    ]
    coverage = exports.coverage_rows(stats)
    if coverage:
        tables.append(
            word.Table(
                headers=COVERAGE_HEADERS,
                sections=[("", coverage)],
                widths_mm=[45, 18, 14, 14, 16, 55],
                heading="II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
            )
        )
    content = word.build(
        word.OfficialDocument(
            issuer_name=name,
            superior=superior,
            header=header,
            number="",
            place_date=place_date,
            title="BÁO CÁO SƠ KẾT PHONG TRÀO THI ĐUA “DÂN VẬN KHÉO”",
            subtitle_lines=[f"Địa bàn: {stats['territory_name']}", f"Thời gian: {stats['period']}"],
            tables=tables,
            signer_title=signer,
            signatory="",
            recipients=["Như trên;", "Lưu: VT."],
        )
    )
    return content, unit, period.label
