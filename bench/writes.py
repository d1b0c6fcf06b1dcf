"""Real writes for the benchmark, as an officer makes them: an edit of a model and a new
registration, through `models_registry.workflow.save_model` (the function the edit and create
forms call), so the history row, the version and the summary rows (`PlaceFact`) are written
exactly as after a user's save.

The writer is the commune officer `bangthanh` (Xã Bằng Thành, from 1/7/2025), editing the
models their commune keeps. An edit moves "số người tham gia" up by one and back on the next
edit, so repeated runs leave the data as they found it. Registrations are marked with
`WRITE_MARK` in their note and removed by `remove_registrations()` when the run ends (a
registered model cannot be deleted through the workflow; the generator's count of its own
models must come back to the size asked for).
"""

WRITER = "bangthanh"
WRITE_MARK = "[bench:write]"


def writer():
    from accounts.models import User

    return User.objects.select_related("unit").get(username=WRITER)


def editable_ids(user, limit=20):
    """Up to `limit` models `user` may edit (their own unit's, of a year they work for)."""
    from models_registry import rules
    from models_registry.models import DvkModel

    found = []
    candidates = (
        DvkModel.objects.filter(unit_id=user.unit_id, status__in=rules.STAFF_EDITABLE)
        .exclude(note=WRITE_MARK)
        .order_by("-year", "pk")[: limit * 5]
    )
    for model in candidates:
        if rules.can_edit_model(user, model):
            found.append(model.pk)
        if len(found) == limit:
            break
    if not found:
        raise RuntimeError(f"{WRITER} không có mô hình nào được sửa trong cơ sở dữ liệu này")
    return found


def edit(user, pk):
    """One edit from the form: the model as stored, one figure changed, saved by the workflow."""
    from models_registry import workflow
    from models_registry.models import DvkModel

    model = DvkModel.objects.get(pk=pk)
    people = model.people_mobilised or 0
    model.people_mobilised = people + 1 if model.version % 2 else max(0, people - 1)
    return workflow.save_model(
        model,
        user=user,
        places=list(model.places.all()),
        criteria=list(model.criteria.all()),
        expected_version=model.version,
        reason="Cập nhật số người tham gia",
    )


def register(user, source_pk, n):
    """One registration from the create form: a new model like `source_pk`, registered at once."""
    from models_registry import workflow
    from models_registry.models import DvkModel, Status

    source = DvkModel.objects.get(pk=source_pk)
    model = DvkModel(
        title=f"{source.title} (đăng ký thêm {n})",
        collective_id=source.collective_id,
        individual_id=source.individual_id,
        field_id=source.field_id,
        year=source.year,
        registration_type=source.registration_type,
        goals=source.goals,
        approach=source.approach,
        results=source.results,
        note=WRITE_MARK,
        status=Status.DRAFT,
    )
    return workflow.save_model(
        model,
        user=user,
        places=list(source.places.all()),
        criteria=list(source.criteria.all()),
        register=True,
    )


def remove_registrations():
    """Delete the models the benchmark registered (their places and summary rows go with them)."""
    from models_registry.models import DvkModel

    _, deleted = DvkModel.objects.filter(note=WRITE_MARK).delete()
    return deleted.get(DvkModel._meta.label, 0)


class Writes:
    """Round-robin edits (and, when asked, registrations) over a few of the writer's models."""

    def __init__(self, registrations=False):
        self.user = writer()
        self.ids = editable_ids(self.user)
        self.registrations = registrations
        self.count = 0

    def next(self):
        self.count += 1
        pk = self.ids[self.count % len(self.ids)]
        if self.registrations and self.count % 2 == 0:
            return "registration", register(self.user, pk, self.count)
        return "edit", edit(self.user, pk)
