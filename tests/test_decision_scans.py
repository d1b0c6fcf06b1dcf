"""Decision scans are checked by their content, like evidence files (issue 14, item 22)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.models import Decision

from .test_reviews_views import issuer, page, png_bytes

pytestmark = pytest.mark.django_db


def post_decision(client, scan):
    return client.post(
        reverse("reviews:decision_create"),
        {
            "number": "7/QĐ-UBND",
            "date": "2026-12-20",
            "issuer": issuer("UBND tỉnh Thái Nguyên").pk,
            "form": "bang_khen",
            "year": 2026,
            "scan": scan,
        },
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("qd.pdf", b"<html><script>alert(1)</script></html>"),
        ("qd.png", b"\x89PNG not really"),
        ("qd.jpg", b"%PDF-1.4 a PDF named .jpg"),
    ],
)
def test_a_scan_whose_content_is_not_what_its_name_says_is_refused(reviewer_client, name, content):
    response = post_decision(reviewer_client, SimpleUploadedFile(name, content))
    assert f"Nội dung tệp “{name}” không phải là" in page(response)
    assert not Decision.objects.exists()


def test_a_real_png_scan_is_accepted(reviewer_client):
    post_decision(reviewer_client, SimpleUploadedFile("qd.png", png_bytes()))
    assert Decision.objects.get().scan.name.endswith(".png")


def test_word_files_accepted_as_evidence_are_still_not_scans(reviewer_client):
    response = post_decision(reviewer_client, SimpleUploadedFile("qd.doc", b"\xd0\xcf\x11\xe0"))
    assert "Chỉ nhận tệp PDF, JPG hoặc PNG." in page(response)
    assert not Decision.objects.exists()
