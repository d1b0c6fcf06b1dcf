"""Certificates to print for a decision's recipients, and Word documents: a decision's annex and
the statistics' sơ kết report."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.audit import record
from accounts.models import AuditAction
from reviews import rules
from reviews.models import Recipient

from . import word
from .models import IssuerLayout, layout_of, signer_title_of
from .place import date_words, place_and_date

DEFAULT_RECIPIENTS = ["Như danh sách trên;", "Lưu: VT."]


def _decision_and_recipients(request, pk):
    decision = rules.get_visible_decision(request.user, pk)
    recipients = list(
        Recipient.objects.visible_to(request.user).filter(decision=decision).for_annex()
    )
    return decision, recipients


@login_required
@require_safe
def certificates(request, pk):
    """One certificate per recipient, one per A4 landscape page. ?phoi=1 prints only the
    variable text, for pre-printed blanks (shifted by the issuer's saved offsets)."""
    decision, recipients = _decision_and_recipients(request, pk)
    layout = layout_of(decision.issuer)
    return render(
        request,
        "documents/certificates.html",
        {
            "decision": decision,
            "recipients": recipients,
            "layout": layout,
            "signer_title": signer_title_of(layout),
            "form_title": decision.get_form_display().upper(),
            "place_date": place_and_date(decision.issuer, decision.date),
            "decision_date": date_words(decision.date),
            "on_blank": request.GET.get("phoi") == "1",
        },
    )


@login_required
@require_safe
def layout_css(request, issuer_id):
    """The saved shift of an issuer's certificate text, as a style sheet (no inline styles
    under the Content Security Policy)."""
    layout = IssuerLayout.objects.filter(issuer_id=issuer_id).first()
    x, y = (layout.offset_x_mm, layout.offset_y_mm) if layout else (0, 0)
    response = HttpResponse(
        f".certificate-content {{ transform: translate({x}mm, {y}mm); }}\n",
        content_type="text/css; charset=utf-8",
    )
    response["Cache-Control"] = "private, max-age=0"
    return response


@login_required
@require_safe
def annex_docx(request, pk):
    decision, recipients = _decision_and_recipients(request, pk)
    layout = layout_of(decision.issuer)
    sections = []
    for heading, group in (
        ("I. TẬP THỂ", [r for r in recipients if r.collective_id]),
        ("II. CÁ NHÂN", [r for r in recipients if r.individual_id]),
    ):
        if group:
            rows = [
                [number, str(r.recipient), r.position, r.citation]
                for number, r in enumerate(group, start=1)
            ]
            sections.append((heading, rows))
    content = word.build(
        word.OfficialDocument(
            issuer_name=decision.issuer.name,
            superior=layout.superior,
            header=layout.header,
            number=decision.number,
            place_date=place_and_date(decision.issuer, decision.date),
            title="DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG",
            subtitle_lines=[
                f"(Kèm theo Quyết định số {decision.number} {date_words(decision.date)} "
                f"của {decision.issuer.name})",
                f"Hình thức khen thưởng: {decision.get_form_display()}",
            ],
            tables=[
                word.Table(
                    headers=["STT", "Tên tập thể, cá nhân", "Chức vụ, đơn vị", "Thành tích"],
                    sections=sections,
                    widths_mm=[12, 50, 45, 58],
                )
            ],
            signer_title=signer_title_of(layout),
            signatory=decision.signatory,
            recipients=DEFAULT_RECIPIENTS,
        )
    )
    record(request, AuditAction.EXPORT, f"Danh sách kèm theo {decision}, tệp Word")
    return word.docx_response(content, f"danh-sach-khen-thuong-{decision.number}")


@login_required
@require_safe
def report_docx(request):
    """The sơ kết report of /thong-ke/ (same parameters) as a Word document."""
    from .report import report_document

    result = report_document(request.user, request.GET, timezone.localdate())
    if isinstance(result, HttpResponse):
        return result
    content, unit, label = result
    record(request, AuditAction.EXPORT, f"Thống kê {unit.name} ({unit.code}), {label}, tệp Word")
    return word.docx_response(content, f"bao-cao-so-ket-{unit.code or unit.name}-{label}")
