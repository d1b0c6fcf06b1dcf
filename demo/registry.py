"""Demo data (make run only): the models, collectives and individuals the seed articles name,
ten 2026 registrations for the demo provincial round (`demo.articles`), the commune officer's own
models, and a few hundred generated models.

Idempotent: records are looked up by their natural keys (folded names, year + title +
implementer) before anything is created, so running it twice adds nothing.
"""

from datetime import date

from accounts.models import User
from danvan.text import fold
from models_registry import workflow
from models_registry.models import (
    Collective,
    CollectiveKind,
    DvkModel,
    Field,
    Status,
    YearlyProgress,
)
from territory.models import Unit

from .articles import MODELS_2026, collective, criterion, new, seed_models
from .generator import generate, marker

GENERATED_COUNT = 300
GENERATED_SEED = 2026


# 2026 models of today's Xã Bằng Thành, kept by its commune officer `bangthanh`: (implementer,
# kind, title, field, NTM criteria of the 2026-2030 set, status, yearly progress). Their
# villages are those of the communes Bằng Thành was formed from (`bang_thanh_villages`).
MODELS_BANG_THANH = [
    (
        "Chi hội Nông dân thôn Nà Hin",
        CollectiveKind.FARMERS,
        "Vận động hội viên chăn nuôi lợn đen bản địa theo chuỗi liên kết",
        "KT",
        [3],
        Status.REGISTERED,
        "Thành lập tổ hợp tác 14 hộ; xây dựng chuồng trại xa nhà ở.",
    ),
    (
        "Đoàn Thanh niên xã Bằng Thành",
        CollectiveKind.YOUTH,
        "Thanh niên giúp người cao tuổi dùng dịch vụ công trực tuyến",
        "BK-CCHC",
        [],
        Status.REGISTERED,
        "Hướng dẫn 120 lượt người dân nộp hồ sơ trực tuyến.",
    ),
    (
        "Ban Xây dựng Đảng Đảng ủy xã Bằng Thành",
        CollectiveKind.PARTY,
        "Vận động đảng viên nêu gương giữ gìn vệ sinh đường làng, ngõ xóm",
        "BK-NTM",
        [8],
        Status.DRAFT,
        "",
    ),
]


def bang_thanh_villages(commune):
    """Villages of today's commune (those of the communes it was formed from carried on)."""
    return list(Unit.objects.under(commune).villages().current().order_by("name"))


def _ensure_model(user, implementer, places, values, criteria_numbers, status=Status.REGISTERED):
    values = dict(values)
    field = Field.objects.get(code=values.pop("field"))
    year = values["year"]
    lookup = (
        {"collective": implementer}
        if isinstance(implementer, Collective)
        else {"individual": implementer}
    )
    existing = DvkModel.objects.filter(year=year, title_key=fold(values["title"]), **lookup).first()
    if existing:
        return existing, False
    model = DvkModel(field=field, status=Status.DRAFT, **lookup, **values)
    criteria = [criterion(number, year) for number in criteria_numbers]
    workflow.save_model(
        model,
        user=user,
        places=places,
        criteria=criteria,
        register=status != Status.DRAFT,
        reason="Dữ liệu mẫu",
    )
    return model, True


def load(stdout):
    user = (
        User.objects.filter(username="quantri").first()
        or User.objects.filter(is_superuser=True).first()
    )
    if user is None:
        stdout.write("Mô hình mẫu: chưa có tài khoản quản trị, bỏ qua.")
        return
    created = 0
    for implementer, places, values, criteria_numbers, progress in seed_models():
        model, is_new = _ensure_model(user, implementer, places, values, criteria_numbers)
        created += is_new
        for year, activities, achievements in progress:
            if not YearlyProgress.objects.filter(model=model, year=year).exists():
                workflow.save_progress(
                    YearlyProgress(
                        model=model, year=year, activities=activities, achievements=achievements
                    ),
                    user=user,
                )
    for code, name, kind, title, field_code, criteria_numbers in MODELS_2026:
        commune = new(code)
        _model, is_new = _ensure_model(
            user,
            collective(name, kind, commune),
            [commune],
            {"title": title, "year": 2026, "field": field_code, "start_date": date(2026, 1, 1)},
            criteria_numbers,
        )
        created += is_new
    created += _bang_thanh_models(stdout)
    stdout.write(f"Mô hình trong các bài viết và năm 2026: thêm {created} mô hình.")
    if generate is not None:
        generate(GENERATED_COUNT, seed=GENERATED_SEED, stdout=stdout)
        lived = _live_generated_models(user)
        stdout.write(f"Lịch sử của mô hình sinh tự động: {lived} mô hình.")


def _name_review_actors(models, officers, admin):
    """The generator writes its models' review steps without an actor ("—" in the model's
    history). A proposal is made by the officer who registered the model; an outcome by
    whoever runs the round: the provincial reviewer for the province's, the organising
    unit's officer for a district's or a commune's (the administrator where there is none)."""
    from accounts.models import Role
    from reviews.models import EntryEvent, RoundLevel

    reviewer = User.objects.filter(role=Role.PROVINCIAL_REVIEWER).order_by("id").first() or admin
    runners = {
        **{u.unit_id: u for u in User.objects.filter(role=Role.COMMUNE_STAFF, unit__isnull=False)},
        **officers,
    }
    events = list(
        EntryEvent.objects.filter(model__in=models, actor__isnull=True).select_related(
            "entry__round", "model__created_by"
        )
    )
    for event in events:
        if event.action == "propose":
            event.actor = event.model.created_by or admin
        elif event.entry.round.level == RoundLevel.PROVINCE:
            event.actor = reviewer
        else:
            event.actor = runners.get(event.entry.round.organiser_id, admin)
    EntryEvent.objects.bulk_update(events, ["actor"], batch_size=1000)


def _live_generated_models(admin):
    """The generator inserts its models in bulk, without history. Give each the life a real one
    has, through the workflow: registered by its district's officer, the first year's results
    for every other one, a later edit with a reason for every fifth one. Only models without
    history are touched, so a second run adds nothing."""
    from accounts.models import Role
    from models_registry import rules

    fresh = list(
        DvkModel.objects.filter(note__startswith=marker(GENERATED_SEED))
        .exclude(pk__in=DvkModel.history.values("id"))
        .order_by("id")
    )
    officers = {
        u.unit_id: u for u in User.objects.filter(role=Role.DISTRICT_STAFF, unit__isnull=False)
    }
    for model in fresh:
        # "Người nhập" on the model page is the officer its history says registered it.
        model.created_by = model._history_user = officers.get(model.unit_id, admin)
    DvkModel.objects.bulk_update(fresh, ["created_by"], batch_size=1000)
    workflow.record_bulk_creation(fresh, reason="Đăng ký mô hình")
    _name_review_actors(fresh, officers, admin)
    for index, model in enumerate(fresh):
        officer = officers.get(model.unit_id, admin)
        if model.status == Status.WITHDRAWN:
            continue  # kept as it was when withdrawn
        if index % 2 == 0:
            workflow.save_progress(
                YearlyProgress(
                    model=model,
                    year=model.year,
                    activities="Họp dân, tuyên truyền; phân công đảng viên phụ trách nhóm hộ.",
                    households_mobilised=20 + model.pk * 7 % 80,
                    money_contributed=(5 + model.pk * 13 % 50) * 1_000_000,
                ),
                # A district account only reads after 30/6/2025: the administrator adds what
                # its officer would have added then.
                user=officer if rules.can_add_evidence(officer, model) else admin,
            )
        if index % 5 == 0:
            model.refresh_from_db()
            model.workdays_contributed = (model.workdays_contributed or 0) + 30
            workflow.save_model(
                model,
                user=officer if rules.can_edit_model(officer, model) else admin,
                places=list(model.places.select_related("parent")),
                reason="Bổ sung ngày công theo báo cáo sơ kết",
            )
    return len(fresh)


def _bang_thanh_models(stdout):
    """The commune officer's own 2026 models, registered through the workflow as that officer."""
    officer = User.objects.filter(username="bangthanh").first()
    if officer is None:
        return 0
    commune = officer.unit
    villages = bang_thanh_villages(commune)
    created = 0
    for n, (name, kind, title, field_code, criteria_numbers, status, progress) in enumerate(
        MODELS_BANG_THANH
    ):
        places = [commune] + ([villages[n % len(villages)]] if villages else [])
        model, is_new = _ensure_model(
            officer,
            collective(name, kind, commune),
            places,
            {"title": title, "year": 2026, "field": field_code, "start_date": date(2026, 2, 1)},
            criteria_numbers,
            status=status,
        )
        created += is_new
        if progress and not YearlyProgress.objects.filter(model=model, year=2026).exists():
            workflow.save_progress(
                YearlyProgress(model=model, year=2026, activities=progress), user=officer
            )
    return created
