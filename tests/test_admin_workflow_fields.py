"""The admin (/quan-tri/) cannot change what only the workflow functions change (issue 15): a
model's status and recognition, a round's closing, an entry's state; and a decision's
recipients added or removed there go through `reviews.workflow`, with the portal's history and
notices."""

from datetime import date
from html.parser import HTMLParser

import pytest

from models_registry.models import RecognitionLevel, Status
from notifications.models import Event, Notification
from reviews import workflow
from reviews.models import (
    CommendationForm,
    Decision,
    EntryEvent,
    EntryState,
    IssuingBody,
    Recipient,
)
from tests.test_reviews_helpers import babe_model, make_round, published

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]


class FormValues(HTMLParser):
    """What the browser would send back from the admin's change form, unchanged."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value") or "on")
            else:
                self.data.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += (
                data.lstrip("\n") if not self.data[self._textarea][0] else data
            )


def form_values(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parser = FormValues()
    parser.feed(response.content.decode())
    return {k: v for k, v in parser.data.items() if k != "csrfmiddlewaretoken"}


def test_the_admin_cannot_change_a_models_status_or_recognition(admin_client):
    model = babe_model(title="Mô hình chưa công nhận")
    url = f"/quan-tri/models_registry/dvkmodel/{model.pk}/change/"
    data = form_values(admin_client, url)
    assert "status" not in data and "recognition_level" not in data
    data.update(
        status=Status.WITHDRAWN,
        recognition_level=RecognitionLevel.PROVINCE,
        recognition_year="2025",
        is_exemplary="on",
        replication_recommended="on",
        replication_note="Nhân rộng toàn tỉnh",
        title="Mô hình đã sửa tên",
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    model.refresh_from_db()
    assert model.title == "Mô hình đã sửa tên"  # the form was saved…
    assert model.status == Status.REGISTERED  # …but not what belongs to the workflow
    assert model.recognition_level == ""
    assert model.recognition_year is None
    assert not model.is_exemplary and not model.replication_recommended
    assert model.replication_note == ""


def test_the_admins_owner_unit_and_commune_follow_the_places_by_the_one_rule(admin_client):
    """The owner unit is not typed in the admin (it could be set to a unit that does not keep
    the model's places): it and the commune follow the first place, as the portal's form
    sets them (`models_registry.owners`)."""
    from .factories import unit

    model = babe_model(title="Mô hình chuyển địa bàn")
    assert (model.unit.code, model.commune.code) == ("061", "01891")
    url = f"/quan-tri/models_registry/dvkmodel/{model.pk}/change/"
    data = form_values(admin_client, url)
    assert "unit" not in data
    nghia_ta = unit("02071")  # xã Nghĩa Tá, Chợ Đồn
    data.update(places=[str(nghia_ta.pk)], unit=str(unit("061").pk))  # unit: ignored
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    model.refresh_from_db()
    assert (model.unit.code, model.commune.code) == ("064", "02071")
    assert model.history.first().unit_id == model.unit_id  # the history row says so too


def test_the_admin_cannot_close_a_round_or_change_an_entry(admin_client, babe_officer):
    round = make_round()
    url = f"/quan-tri/reviews/reviewround/{round.pk}/change/"
    data = form_values(admin_client, url)
    data.update(is_closed="on", closed_at="2025-12-01 10:00:00")
    assert admin_client.post(url, data).status_code == 302
    round.refresh_from_db()
    assert not round.is_closed and round.closed_at is None

    entry = workflow.propose(babe_model(), round, babe_officer)
    admin_client.raise_request_exception = False
    response = admin_client.post(
        f"/quan-tri/reviews/entry/{entry.pk}/change/", {"state": "recognised"}
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.state == EntryState.PROPOSED and not entry.is_published


def _decision(number):
    return Decision.objects.create(
        number=number,
        date=date(2026, 11, 20),
        issuer=IssuingBody.objects.get(name="Ban Dân vận Tỉnh ủy Bắc Kạn"),
        form=CommendationForm.CERTIFICATE_OF_MERIT,
        year=2026,
    )


def _new_recipient(data, model, citation=""):
    data.update(
        {
            "recipients-0-model": str(model.pk),
            "recipients-0-position": "",
            "recipients-0-citation": citation,
        }
    )
    return data


def _written(decision, model):
    events = EntryEvent.objects.filter(model=model, reason__contains=str(decision.number))
    notices = Notification.objects.filter(
        event=Event.DECISION_ISSUED, key__startswith=f"decision:{decision.pk}:"
    )
    return (
        [(e.actor_id, e.action, e.entry_id, e.reason.replace(str(decision), "D")) for e in events],
        sorted(
            (
                n.user_id,
                n.title,
                n.body.replace(decision.number, "N"),
                n.url.replace(str(decision.pk), "P"),
            )
            for n in notices
        ),
    )


def test_a_recipient_added_in_the_admin_writes_what_the_portal_writes(
    administrator, admin_client, babe_officer, reviewer
):
    model = published(reviewer, babe_model(title="Mô hình được khen"))
    in_portal, in_admin = _decision("45/QĐ-BDVTU"), _decision("46/QĐ-BDVTU")
    workflow.add_recipient(in_portal, administrator, model=model)

    url = f"/quan-tri/reviews/decision/{in_admin.pk}/change/"
    response = admin_client.post(url, _new_recipient(form_values(admin_client, url), model))
    assert response.status_code == 302, response.content.decode()[:3000]

    made, expected = in_admin.recipients.get(), in_portal.recipients.get()
    fields = ["collective_id", "individual_id", "model_id", "order", "position", "citation"]
    assert [getattr(made, f) for f in fields] == [getattr(expected, f) for f in fields]
    assert _written(in_admin, model) == _written(in_portal, model)
    assert _written(in_admin, model)[0] and _written(in_admin, model)[1]

    # Removing it there, too, is the portal's withdrawal, with its line of history.
    data = form_values(admin_client, url)
    data["recipients-0-DELETE"] = ["on"]
    assert admin_client.post(url, data).status_code == 302
    workflow.remove_recipient(expected, administrator)
    assert not Recipient.objects.exists()
    assert _written(in_admin, model) == _written(in_portal, model)
    assert EntryEvent.objects.filter(reason__startswith="Rút khỏi danh sách").count() == 2


def test_an_unpublished_model_is_refused_in_the_admin_with_a_message(admin_client, reviewer):
    round = make_round()
    model = babe_model(title="Mô hình đang bình xét")
    decision = _decision("47/QĐ-BDVTU")
    url = f"/quan-tri/reviews/decision/{decision.pk}/change/"
    data = _new_recipient(form_values(admin_client, url), model, citation="Thành tích đã gõ")
    data["signatory"] = "Người ký đã gõ"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "chưa công bố (đợt bình xét chưa kết thúc)" in page
    assert "Thành tích đã gõ" in page and "Người ký đã gõ" in page
    decision.refresh_from_db()
    assert decision.signatory == "" and not decision.recipients.exists()
    assert not EntryEvent.objects.filter(action="commend").exists()
    assert round.pk


def test_deleting_a_decision_in_the_admin_withdraws_its_recipients_with_history(
    administrator, admin_client, reviewer
):
    model = published(reviewer, babe_model())
    decision = _decision("48/QĐ-BDVTU")
    workflow.add_recipient(decision, administrator, model=model)
    response = admin_client.post(
        f"/quan-tri/reviews/decision/{decision.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Decision.objects.filter(pk=decision.pk).exists()
    assert EntryEvent.objects.filter(
        model=model, reason=f"Rút khỏi danh sách khen thưởng: {decision}"
    ).exists()


def test_a_new_decision_with_its_recipients_in_one_form_goes_through_the_workflow(
    admin_client, babe_officer, reviewer
):
    model = published(reviewer, babe_model(title="Mô hình khen ngay"))
    data = form_values(admin_client, "/quan-tri/reviews/decision/add/")
    data.update(
        number="49/QĐ-BDVTU",
        date="20/11/2026",
        issuer=str(IssuingBody.objects.get(name="Ban Dân vận Tỉnh ủy Bắc Kạn").pk),
        form=CommendationForm.CERTIFICATE_OF_MERIT,
        year="2026",
    )
    response = admin_client.post("/quan-tri/reviews/decision/add/", _new_recipient(data, model))
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = Decision.objects.get(number="49/QĐ-BDVTU")
    assert decision.recipients.get().model == model
    events, notices = _written(decision, model)
    assert [action for _actor, action, _entry, _reason in events] == ["commend"]
    assert [user for user, *_ in notices] == [babe_officer.pk]


def test_the_admin_lists_a_models_files_but_cannot_delete_them(admin_client):
    from models_registry.models import Attachment, AttachmentKind

    model = babe_model()
    Attachment.objects.create(
        model=model,
        kind=AttachmentKind.DOCUMENT,
        file="minh-chung/bao-cao.pdf",
        original_name="bao-cao.pdf",
        content_type="application/pdf",
        size=1200,
    )
    url = f"/quan-tri/models_registry/dvkmodel/{model.pk}/change/"
    data = form_values(admin_client, url)
    assert "bao-cao.pdf" in admin_client.get(url).content.decode()
    assert not any(name.endswith("-DELETE") and "attachment" in name for name in data)
    prefix = next(n for n in data if n.endswith("-TOTAL_FORMS") and "attachment" in n)[:-12]
    data[prefix + "-0-DELETE"] = ["on"]
    assert admin_client.post(url, data).status_code == 302
    assert model.attachments.count() == 1


def test_the_admin_deletes_a_draft_only_as_the_portal_does(admin_client):
    """A registered model leaves the registry by withdrawal (with its history and its
    reviews), not by a delete in the admin; a draft may go, and its deletion is in the
    history."""
    from models_registry.models import DvkModel

    registered = babe_model(title="Đã đăng ký")
    draft = babe_model(title="Bản nháp")
    DvkModel.objects.filter(pk=draft.pk).update(status=Status.DRAFT)
    assert registered.status != Status.DRAFT

    page = admin_client.get(f"/quan-tri/models_registry/dvkmodel/{registered.pk}/delete/")
    assert page.status_code == 403
    refused = admin_client.post(
        f"/quan-tri/models_registry/dvkmodel/{registered.pk}/delete/", {"post": "yes"}
    )
    assert refused.status_code == 403 and DvkModel.objects.filter(pk=registered.pk).exists()
    # Nor by ticking it in the list: the bulk delete action is not offered.
    changelist = admin_client.get("/quan-tri/models_registry/dvkmodel/").content.decode()
    assert 'value="delete_selected"' not in changelist

    gone = admin_client.post(
        f"/quan-tri/models_registry/dvkmodel/{draft.pk}/delete/", {"post": "yes"}
    )
    assert gone.status_code == 302 and not DvkModel.objects.filter(pk=draft.pk).exists()
    assert DvkModel.history.filter(id=draft.pk, history_type="-").exists()
