"""Notifications: who is told of what, in the portal and by e-mail; the daily reminders."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role
from notifications.models import EmailMode, Event, Notification, Preference
from reviews import workflow
from reviews.models import (
    CommendationForm,
    Decision,
    EntryState,
    IssuingBody,
    ReviewRound,
    RoundLevel,
)
from tests.conftest import make_user
from tests.test_reviews_helpers import babe_model, entry_in_state, make_round, published

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]


def notices(user, event=None):
    qs = Notification.objects.filter(user=user)
    return list(qs.filter(event=event) if event else qs)


def test_a_returned_model_tells_the_officers_of_its_unit_with_the_reason(
    babe_officer, chodon_officer, reviewer, babe_client
):
    round = make_round(RoundLevel.PROVINCE, "06")
    entry = workflow.propose(babe_model(title="Mô hình cần bổ sung"), round, babe_officer)
    workflow.return_for_more_information(
        entry, reviewer, version=entry.version, reason="Thiếu ảnh minh chứng hoạt động"
    )
    (notice,) = notices(babe_officer, Event.MODEL_RETURNED)
    assert notice.title == "Mô hình “Mô hình cần bổ sung” bị trả lại để bổ sung"
    assert "Thiếu ảnh minh chứng hoạt động" in notice.body
    assert not notices(chodon_officer)
    page = babe_client.get("/thong-bao/").content.decode()
    assert "Mô hình “Mô hình cần bổ sung” bị trả lại để bổ sung" in page
    assert "Thiếu ảnh minh chứng hoạt động" in page
    assert (
        'data-testid="unread-count">1<' in babe_client.get("/thong-bao/chua-doc/").content.decode()
    )


def test_proposals_tell_the_reviewers_and_closing_tells_the_units(
    babe_officer, chodon_officer, reviewer
):
    round = make_round(RoundLevel.PROVINCE, "06")
    entry = entry_in_state(EntryState.RECOGNISED, round, babe_officer, reviewer)
    (received,) = notices(reviewer, Event.PROPOSAL_RECEIVED)
    assert entry.model.title in received.title
    assert not notices(chodon_officer)
    workflow.close_round(round, reviewer)
    (published,) = notices(babe_officer, Event.RESULTS_PUBLISHED)
    assert published.title == f"Đã công bố kết quả “{round.name}”"
    assert not notices(chodon_officer, Event.RESULTS_PUBLISHED)


def test_a_commendation_tells_the_recipients_unit(babe_officer, chodon_officer, reviewer):
    model = babe_model(title="Mô hình được khen")
    decision = Decision.objects.create(
        number="45/QĐ-BDVTU",
        date=date(2026, 11, 20),
        issuer=IssuingBody.objects.get(name="Ban Dân vận Tỉnh ủy Bắc Kạn"),
        form=CommendationForm.CERTIFICATE_OF_MERIT,
        year=2026,
    )
    workflow.add_recipient(decision, reviewer, model=published(reviewer, model))
    (notice,) = notices(babe_officer, Event.DECISION_ISSUED)
    assert notice.title == "Mô hình “Mô hình được khen” được khen thưởng"
    assert (
        notice.body
        == "Bằng khen của Ban Dân vận Tỉnh ủy Bắc Kạn, Quyết định số 45/QĐ-BDVTU ngày 20/11/2026."
    )
    assert not notices(chodon_officer)


def test_an_import_tells_the_administrator_who_ran_it(administrator):
    from tests.test_permission_matrix import _import_batch

    batch = _import_batch(administrator)
    (notice,) = notices(administrator, Event.IMPORT_FINISHED)
    assert notice.title == "Đã nhập xong tệp “babe-2023.xlsx”"
    assert notice.body.startswith("Tạo mới 1,")
    assert notice.url == f"/nhap-du-lieu/lan-nhap/{batch.pk}/"


def test_reminders_are_due_once_per_day_and_safe_to_run_twice(
    babe_officer, chodon_officer, reviewer
):
    chodon_officer.email = "chodon@example.vn"
    chodon_officer.save()
    round = make_round(RoundLevel.PROVINCE, "06", days=7)
    workflow.propose(babe_model(), round, babe_officer)  # Ba Bể has proposed, Chợ Đồn not

    call_command("send_reminders", "--dry-run")
    assert not Notification.objects.filter(event__in=[Event.ROUND_OPENED, Event.DEADLINE]).exists()
    assert not mail.outbox

    call_command("send_reminders")
    assert {n.event for n in notices(chodon_officer)} == {Event.ROUND_OPENED, Event.DEADLINE}
    deadline = notices(chodon_officer, Event.DEADLINE)[0]
    assert deadline.title.startswith("Còn 7 ngày đến hạn đề nghị")
    assert not notices(babe_officer, Event.DEADLINE)  # already proposed
    (missing,) = notices(reviewer, Event.SCORES_MISSING)
    assert missing.title.startswith("Còn 1 hồ sơ bạn chưa chấm điểm")
    # Chợ Đồn's officer has an address and the default daily digest: one message for both.
    (digest,) = mail.outbox
    assert digest.to == ["chodon@example.vn"] and digest.subject == "[Dân vận khéo] 2 thông báo mới"
    assert "Đã mở “" in digest.body and "Còn 7 ngày đến hạn đề nghị" in digest.body
    assert "Hồ sơ đề nghị mới" not in digest.body  # the reviewers' notices are not theirs
    before = Notification.objects.count()

    call_command("send_reminders")
    assert Notification.objects.count() == before
    assert len(mail.outbox) == 1


def test_the_one_day_reminder_comes_on_its_own_day(chodon_officer):
    make_round(RoundLevel.PROVINCE, "06", days=1)
    call_command("send_reminders")
    (notice,) = notices(chodon_officer, Event.DEADLINE)
    assert notice.title.startswith("Còn 1 ngày đến hạn đề nghị")
    assert notice.key.endswith(timezone.localdate().isoformat())


def test_an_immediate_preference_sends_at_once(
    babe_officer, reviewer, babe_client, django_capture_on_commit_callbacks
):
    babe_officer.email = "babe@example.vn"
    babe_officer.save()
    babe_client.post("/thong-bao/", {"email_mode": EmailMode.IMMEDIATE})
    assert Preference.objects.get(user=babe_officer).email_mode == EmailMode.IMMEDIATE
    round = make_round(RoundLevel.PROVINCE, "06")
    entry = workflow.propose(babe_model(title="Gửi thư ngay"), round, babe_officer)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_for_more_information(
            entry, reviewer, version=entry.version, reason="Thiếu ảnh"
        )
    (message,) = mail.outbox
    assert message.to == ["babe@example.vn"]
    assert "Gửi thư ngay" in message.subject and "Thiếu ảnh" in message.body
    call_command("send_reminders")
    assert len(mail.outbox) == 1  # not again in a digest


def test_no_mail_when_the_deployment_has_none(settings, babe_officer, reviewer):
    settings.NOTIFICATIONS_EMAIL = False
    babe_officer.email = "babe@example.vn"
    babe_officer.save()
    round = make_round(RoundLevel.PROVINCE, "06")
    entry = workflow.propose(babe_model(), round, babe_officer)
    workflow.return_for_more_information(entry, reviewer, version=entry.version, reason="Thiếu")
    call_command("send_reminders")
    assert not mail.outbox
    assert notices(babe_officer, Event.MODEL_RETURNED)  # in the portal all the same


def test_opening_a_notice_marks_it_read_and_follows_its_link(
    babe_officer, babe_client, chodon_client
):
    from notifications.delivery import notify

    (notice,) = notify(
        [babe_officer], Event.ROUND_OPENED, key="round:1", title="Đã mở đợt thử", url="/danh-gia/"
    )
    page = babe_client.get("/thong-bao/").content.decode()
    assert f'href="/thong-bao/{notice.pk}/"' in page
    assert chodon_client.get(f"/thong-bao/{notice.pk}/").status_code == 404
    assert babe_client.get(f"/thong-bao/{notice.pk}/")["Location"] == "/danh-gia/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_marking_read_clears_the_count(babe_officer, babe_client):
    from notifications.delivery import notify

    notify([babe_officer], Event.ROUND_OPENED, key="round:1", title="Đã mở đợt thử")
    assert "1" in babe_client.get("/thong-bao/chua-doc/").content.decode()
    babe_client.post("/thong-bao/da-doc/")
    assert babe_client.get("/thong-bao/chua-doc/").content.decode() == ""
    assert Notification.objects.get().read_at is not None


def test_notify_twice_with_the_same_key_tells_once(babe_officer):
    from notifications.delivery import notify

    first = notify([babe_officer], Event.ROUND_OPENED, key="round:1", title="Mở đợt")
    second = notify([babe_officer], Event.ROUND_OPENED, key="round:1", title="Mở đợt")
    assert len(first) == 1 and second == [] and Notification.objects.count() == 1


def test_the_header_links_to_the_notices(babe_client):
    page = babe_client.get("/mo-hinh/").content.decode()
    assert 'href="/thong-bao/"' in page and 'hx-get="/thong-bao/chua-doc/"' in page
    assert 'href="/dien-hinh/"' in page


def test_a_commune_officer_is_told_about_their_commune(commune_officer, reviewer):
    from models_registry.models import Status
    from tests.factories import make_model, unit

    model = make_model(unit("01864", current=True), year=2026, status=Status.REGISTERED)
    decision = Decision.objects.create(
        number="7/QĐ",
        date=timezone.localdate() - timedelta(days=1),
        issuer=IssuingBody.objects.get(name="Ban Dân vận Tỉnh ủy Bắc Kạn"),
        form=CommendationForm.COMMENDATION,
        year=2026,
    )
    workflow.add_recipient(decision, reviewer, model=published(reviewer, model))
    assert notices(commune_officer, Event.DECISION_ISSUED)
    assert (
        make_user("khac", Role.COMMUNE_STAFF, "01891")
        and not Notification.objects.filter(user__username="khac").exists()
    )


@pytest.mark.parametrize("rows", [1, 3])
def test_the_notices_page_query_count_is_fixed(babe_officer, babe_client, rows):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.delivery import notify

    for number in range(rows):
        notify([babe_officer], Event.ROUND_OPENED, key=f"round:{number}", title=f"Đợt số {number}")
    with CaptureQueriesContext(connection) as queries:
        page = babe_client.get("/thong-bao/").content.decode()
    assert page.count('data-testid="notification"') == rows
    # session, user, preference, page count, page rows, unread count
    assert len(queries) == 6


def test_a_proposal_to_a_commune_round_tells_the_communes_officer(
    commune_officer, administrator, reviewer
):
    from reviews.models import ReviewRound
    from tests.factories import make_model, unit

    commune = unit("01864", current=True)
    round = ReviewRound.objects.create(
        name="Công nhận mô hình cấp xã năm 2026",
        year=2026,
        level=RoundLevel.COMMUNE,
        organiser=commune,
        deadline=timezone.localdate() + timedelta(days=10),
    )
    model = make_model(commune, year=2026, title="Mô hình của xã Bằng Thành")
    workflow.propose(model, round, administrator)
    (received,) = notices(commune_officer, Event.PROPOSAL_RECEIVED)
    assert "Mô hình của xã Bằng Thành" in received.title
    # The provincial reviewer does not run a commune's round.
    assert not notices(reviewer, Event.PROPOSAL_RECEIVED)


# ---------------------------------------------------------------- a round opened


def open_province_round(client, name="Bình xét cấp tỉnh năm 2025"):
    deadline = timezone.localdate() + timedelta(days=20)
    return client.post(
        "/danh-gia/dot/moi/",
        {"name": name, "year": 2025, "deadline": deadline.isoformat(), "publish_on_close": "on"},
    )


def test_opening_a_round_tells_the_units_that_may_propose_at_once(
    babe_officer, chodon_officer, reviewer, reviewer_client, django_capture_on_commit_callbacks
):
    babe_officer.email, chodon_officer.email = "babe@example.vn", "chodon@example.vn"
    babe_officer.save()
    chodon_officer.save()
    Preference.objects.create(user=babe_officer, email_mode=EmailMode.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        response = open_province_round(reviewer_client)
    assert response.status_code == 302
    round = ReviewRound.objects.get(name="Bình xét cấp tỉnh năm 2025")
    for officer in (babe_officer, chodon_officer):
        (notice,) = notices(officer, Event.ROUND_OPENED)
        assert notice.title == (
            f"Đã mở “Bình xét cấp tỉnh năm 2025”, hạn đề nghị {round.deadline:%d/%m/%Y}"
        )
        assert notice.url == f"/danh-gia/dot/{round.pk}/"
    assert not notices(reviewer)  # a reviewer does not propose
    # Ba Bể chose e-mail at once; Chợ Đồn gets it in the daily digest.
    (message,) = mail.outbox
    assert message.to == ["babe@example.vn"]
    assert "Bình xét cấp tỉnh năm 2025" in message.subject


def test_send_reminders_does_not_tell_a_round_opened_twice(
    babe_officer, chodon_officer, reviewer_client
):
    chodon_officer.email = "chodon@example.vn"
    chodon_officer.save()
    open_province_round(reviewer_client)
    call_command("send_reminders")
    call_command("send_reminders")
    assert len(notices(babe_officer, Event.ROUND_OPENED)) == 1
    assert len(notices(chodon_officer, Event.ROUND_OPENED)) == 1
    (digest,) = mail.outbox
    assert digest.body.count("Đã mở “Bình xét cấp tỉnh năm 2025”") == 1
    # An officer whose account is created later is told by the next daily run, once.
    ba_be_2 = make_user("babe2", Role.DISTRICT_STAFF, "061")
    call_command("send_reminders")
    call_command("send_reminders")
    assert len(notices(ba_be_2, Event.ROUND_OPENED)) == 1
    assert len(notices(babe_officer, Event.ROUND_OPENED)) == 1


def test_a_round_opened_in_the_admin_goes_through_the_workflow(
    admin_client, babe_officer, chodon_officer
):
    from territory.models import Unit

    ba_be = Unit.objects.get(code="061", level=2)
    response = admin_client.post(
        "/quan-tri/reviews/reviewround/add/",
        {
            "name": "Bình xét cấp huyện Ba Bể 2025",
            "year": 2025,
            "level": RoundLevel.DISTRICT,
            "organiser": ba_be.pk,
            "deadline": (timezone.localdate() + timedelta(days=5)).isoformat(),
            "publish_on_close": "on",
        },
    )
    assert response.status_code == 302
    (notice,) = notices(babe_officer, Event.ROUND_OPENED)
    assert "Bình xét cấp huyện Ba Bể 2025" in notice.title
    assert not notices(chodon_officer)  # Chợ Đồn cannot propose to Ba Bể's round
    refused = admin_client.post(
        "/quan-tri/reviews/reviewround/add/",
        {
            "name": "Bình xét cấp huyện Ba Bể 2026",
            "year": 2026,
            "level": RoundLevel.DISTRICT,
            "organiser": ba_be.pk,
            "deadline": (timezone.localdate() + timedelta(days=5)).isoformat(),
        },
    )
    assert refused.status_code == 200
    assert not ReviewRound.objects.filter(year=2026).exists()


def test_open_round_keeps_its_rules(babe_officer, chodon_officer, reviewer):
    from territory.models import Unit

    ba_be = Unit.objects.get(code="061", level=2)
    round = ReviewRound(
        name="Đợt", year=2025, level=RoundLevel.DISTRICT, organiser=ba_be, deadline=date(2025, 6, 1)
    )
    with pytest.raises(workflow.NotAllowed):
        workflow.open_round(round, chodon_officer)  # not Chợ Đồn's round
    with pytest.raises(workflow.NotAllowed):
        workflow.open_round(round, reviewer)  # a reviewer opens the provincial round only
    workflow.open_round(round, babe_officer)
    again = ReviewRound(
        name="Lần hai",
        year=2025,
        level=RoundLevel.DISTRICT,
        organiser=ba_be,
        deadline=date(2025, 6, 1),
    )
    with pytest.raises(
        workflow.ReviewError, match="Huyện Ba Bể đã có đợt bình xét cấp huyện năm 2025."
    ):
        workflow.open_round(again, babe_officer)
    assert ReviewRound.objects.filter(organiser=ba_be).count() == 1


def test_notifications_read_no_table_of_the_apps_above_it():
    """Layers point one way: the apps above register their reminders and pass who is told."""
    import ast
    from pathlib import Path

    import notifications

    above = ("models_registry", "reviews", "importer", "stats", "showcase", "assistance")
    root = Path(notifications.__file__).parent
    imported = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
    assert not imported & set(above)


def _mail_settings(env):
    import json
    import os
    import subprocess
    import sys

    from django.conf import settings

    probe = (
        "import json, danvan.settings as s; print(json.dumps("
        "[getattr(s, 'EMAIL_BACKEND', 'smtp default'), s.NOTIFICATIONS_EMAIL]))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DEBUG"))}
    out = subprocess.run(
        [sys.executable, "-c", probe],
        env={**base, **env},
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return json.loads(out.stdout)


def test_make_run_prints_mail_on_the_console_and_production_sends_by_smtp():
    import re
    import shlex

    from django.conf import settings

    makefile = (settings.BASE_DIR / "Makefile").read_text()
    line = re.search(r"^DEMO_ENV := (.*?[^\\])$", makefile, re.S | re.M).group(1)
    demo = dict(word.split("=", 1) for word in shlex.split(line.replace("\\\n", " ")))
    assert _mail_settings(demo) == ["django.core.mail.backends.console.EmailBackend", True]
    production = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "danvan.example.vn"}
    assert _mail_settings({**production, "EMAIL_HOST": "smtp.example.vn"}) == [
        "django.core.mail.backends.smtp.EmailBackend",
        True,
    ]
    # No mail server configured: the notices stay in the portal.
    assert _mail_settings(production)[1] is False
