"""The notices the workflows send, one function per event.

Called from the one workflow function that makes each change (`reviews.workflow`,
`importer.workflow`). They read the objects they are given (an entry, a round, a decision, an
import batch) by attribute and never import those apps: this app sits just above `accounts`.
Who is told is worked out from the objects, or, where it takes the rules of the app above
(who runs a round, who may propose to it), passed in by the caller (`reviews.reminders`).
"""

from .delivery import local_officers, notify
from .models import Event


def model_url(model_id):
    return f"/mo-hinh/{model_id}/"


def model_returned(entry):
    """To the officers of the returned model's unit, with the reason."""
    model = entry.model
    notify(
        local_officers([model.unit_id, model.commune_id]),
        Event.MODEL_RETURNED,
        key=f"entry:{entry.pk}:v{entry.version}",
        title=f"Mô hình “{model.title}” bị trả lại để bổ sung",
        body=f"Đợt: {entry.round.name}. Lý do: {entry.reason}",
        url=model_url(model.pk),
    )


def results_published(round, entries):
    """To the officers of every unit with a model in the round, once it closes."""
    units = {e.model.unit_id for e in entries} | {e.model.commune_id for e in entries}
    notify(
        local_officers(units),
        Event.RESULTS_PUBLISHED,
        key=f"round:{round.pk}",
        title=f"Đã công bố kết quả “{round.name}”",
        body="Xem kết quả của các mô hình của đơn vị trên trang đợt bình xét.",
        url=f"/danh-gia/dot/{round.pk}/",
    )


def proposal_received(entry, reviewers):
    """To the round's reviewers (the users who score and decide in it)."""
    notify(
        reviewers,
        Event.PROPOSAL_RECEIVED,
        key=f"entry:{entry.pk}:v{entry.version}",
        title=f"Hồ sơ đề nghị mới: “{entry.model.title}”",
        body=f"Đợt: {entry.round.name}.",
        url=f"/danh-gia/ho-so/{entry.pk}/",
    )


def commended(decision, recipients):
    """To the officers of the units whose models a decision commends."""
    for recipient in recipients:
        model = recipient.model
        if model is None:
            continue
        notify(
            local_officers([model.unit_id, model.commune_id]),
            Event.DECISION_ISSUED,
            key=f"decision:{decision.pk}:model:{model.pk}",
            title=f"Mô hình “{model.title}” được khen thưởng",
            body=(
                f"{decision.get_form_display()} của {decision.issuer.name}, "
                f"Quyết định số {decision.number} ngày {decision.date:%d/%m/%Y}."
            ),
            url=f"/danh-gia/quyet-dinh/{decision.pk}/",
        )


def import_finished(batch, user):
    """To the administrator who ran the import."""
    if user is None:
        return
    notify(
        [user],
        Event.IMPORT_FINISHED,
        key=f"batch:{batch.pk}",
        title=f"Đã nhập xong tệp “{batch.original_name}”",
        body=(
            f"Tạo mới {batch.created_count}, cập nhật {batch.updated_count}, "
            f"bỏ qua {batch.skipped_count}, lỗi {batch.error_count} dòng."
        ),
        url=f"/nhap-du-lieu/lan-nhap/{batch.pk}/",
    )
