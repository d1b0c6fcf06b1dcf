"""Demo data (make run only): the 2026 provincial round of Thái Nguyên and the commune round of
Xã Bằng Thành with proposals from the registry's demo models, and the Chợ Đồn 2018–2020
commendations named in the district's report. Idempotent."""

from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from danvan.text import fold
from models_registry.facts import refresh_place_facts
from models_registry.models import Collective, CollectiveKind, DvkModel, Status
from reviews import workflow
from reviews.models import (
    CommendationForm,
    Decision,
    Entry,
    EntryEvent,
    EntryState,
    IssuingBody,
    Recipient,
    ReviewRound,
    RoundLevel,
)
from territory.models import Unit

YEAR = 2026
# Today's commune whose officer runs its own round in the demo (demo.accounts: `bangthanh`).
DEMO_COMMUNE = ("01864", "bangthanh")
MAX_PROPOSED = 8


def _unit(code):
    return Unit.objects.filter(code=code, valid_from__isnull=True).first()


def _today_unit(code):
    return Unit.objects.filter(code=code, valid_from__isnull=False).first()


def load(stdout):
    today = timezone.localdate()
    province = _today_unit("19") or _unit("06")
    if province is None:
        return
    # One provincial round a year: reuse the one the registry's generated history may have
    # opened, else open it for the province of today (Thái Nguyên).
    provincial = (
        ReviewRound.objects.filter(year=YEAR, level=RoundLevel.PROVINCE).order_by("id").first()
    )
    if provincial is None:
        provincial = ReviewRound.objects.create(
            year=YEAR,
            level=RoundLevel.PROVINCE,
            organiser=province,
            name=f"Bình xét mô hình “Dân vận khéo” cấp tỉnh năm {YEAR}",
            deadline=today + timedelta(days=30),
        )
    commune_round = None
    commune = _today_unit(DEMO_COMMUNE[0])
    if commune is not None:
        commune_round, _ = ReviewRound.objects.get_or_create(
            year=YEAR,
            level=RoundLevel.COMMUNE,
            organiser=commune,
            defaults={
                "name": f"Công nhận mô hình “Dân vận khéo” cấp xã năm {YEAR}, {commune.name}",
                "deadline": today + timedelta(days=10),
            },
        )
    proposed = _propose_demo_models(provincial, commune_round)
    _chodon_history()
    stdout.write(
        f"Bình xét: đợt cấp tỉnh năm {YEAR} ({provincial.entries.count()} hồ sơ, "
        f"{proposed} mới đề nghị), đợt cấp xã của {commune or 'xã mẫu'}; "
        "khen thưởng Chợ Đồn 2018–2020."
    )


def _propose_demo_models(provincial, commune_round):
    """The commune officer proposes one of the commune's registered 2026 models to the
    commune's round and the others to the province; the administrator proposes registered 2026
    models of communes without a demo account: up to 8 demo entries in the provincial round."""
    if provincial.is_closed or timezone.localdate() > provincial.deadline:
        return 0
    proposers = [DEMO_COMMUNE[1], "quantri"]
    if Entry.objects.filter(round__year=YEAR, proposed_by__username__in=proposers).exists():
        return 0  # already done by an earlier run
    count = 0
    officer = User.objects.filter(username=DEMO_COMMUNE[1]).first()
    if officer is not None and commune_round is not None:
        own = list(
            DvkModel.objects.editable_by(officer)
            .filter(year=YEAR, status=Status.REGISTERED)
            .order_by("id")
        )
        for n, model in enumerate(own):
            try:
                workflow.propose(model, commune_round if n == 0 else provincial, officer)
                count += 1
            except workflow.ReviewError:
                continue
    administrator = User.objects.filter(username="quantri").first()
    if administrator is None:
        return count
    others = (
        DvkModel.objects.filter(year=YEAR, status=Status.REGISTERED)
        .exclude(review_entries__isnull=False)
        .order_by("id")
    )
    for model in others:
        if provincial.entries.filter(proposed_by__username__in=proposers).count() >= MAX_PROPOSED:
            break
        try:
            workflow.propose(model, provincial, administrator)
            count += 1
        except workflow.ReviewError:
            continue
    return count


def _collective(name, kind, unit):
    if unit is None:
        return None
    found = Collective.objects.filter(search_name=fold(name), unit=unit).first()
    return found or Collective.objects.create(name=name, kind=kind, unit=unit)


def _chodon_history():
    """Chợ Đồn 2018–2020: Bằng khen of Ban Dân vận Trung ương to Hội Nông dân xã Nghĩa Tá;
    the provincial committee commended chi bộ Nà Duồng (xã Bằng Lãng) and Hội Nông dân xã
    Bằng Phúc. Decision numbers are illustrative (marked "minh họa"), not the real ones."""
    chodon = _unit("064")
    nghia_ta = _unit("02071")
    if chodon is None or nghia_ta is None:
        return
    farmers = _collective("Hội Nông dân xã Nghĩa Tá", CollectiveKind.FARMERS, nghia_ta)
    title = (
        "Vận động cán bộ, hội viên và nhân dân phát triển kinh tế xen canh Dưa-Lúa "
        "nâng cao thu nhập"
    )
    model = DvkModel.objects.filter(title_key=fold(title)).first()
    if model is None:
        model = DvkModel(title=title, year=2019, unit=chodon, commune=nghia_ta, collective=farmers)
        model.status = Status.RECOGNISED
        model.save()
        model.places.set([nghia_ta])
        refresh_place_facts([model.pk])
    district_round, _ = ReviewRound.objects.get_or_create(
        year=2020,
        level=RoundLevel.DISTRICT,
        organiser=chodon,
        defaults={
            "name": "Bình xét mô hình “Dân vận khéo” huyện Chợ Đồn năm 2020",
            "deadline": date(2020, 10, 31),
            "is_closed": True,
        },
    )
    entry, created = Entry.objects.get_or_create(
        round=district_round,
        model=model,
        defaults={"state": EntryState.EXEMPLARY, "is_exemplary": True, "is_published": True},
    )
    if created:
        EntryEvent.objects.create(
            entry=entry,
            model=model,
            action="publish",
            from_state=EntryState.EXEMPLARY,
            to_state=EntryState.EXEMPLARY,
            reason="Dữ liệu lịch sử (báo cáo sơ kết 2018–2020 của huyện Chợ Đồn)",
        )
        DvkModel.objects.filter(pk=model.pk).update(
            status=Status.RECOGNISED,
            recognition_level="huyen",
            recognition_year=2020,
            is_exemplary=True,
        )
        refresh_place_facts([model.pk])
    central = IssuingBody.objects.filter(name="Ban Dân vận Trung ương").first()
    provincial = IssuingBody.objects.filter(name="Ban Dân vận Tỉnh ủy Bắc Kạn").first()
    if central:
        decision, _ = Decision.objects.get_or_create(
            issuer=central,
            number="01/QĐ-BDVTW (minh họa)",
            date=date(2020, 12, 15),
            defaults={"form": CommendationForm.CERTIFICATE_OF_MERIT, "year": 2020},
        )
        if farmers and not decision.recipients.exists():
            Recipient.objects.create(
                decision=decision,
                collective=farmers,
                model=model,
                order=1,
                position="Xã Nghĩa Tá, Huyện Chợ Đồn",
                citation="Đã có thành tích xuất sắc trong phong trào thi đua “Dân vận khéo” giai đoạn 2018–2020",
            )
    if provincial:
        decision, _ = Decision.objects.get_or_create(
            issuer=provincial,
            number="02/QĐ-BDVTU (minh họa)",
            date=date(2020, 12, 10),
            defaults={"form": CommendationForm.COMMENDATION, "year": 2020},
        )
        if not decision.recipients.exists():
            na_duong = Unit.objects.filter(name="Thôn Nà Duồng").first() or _unit("02065")
            bang_phuc = _unit("02041")
            for order, (name, kind, unit, position) in enumerate(
                [
                    (
                        "Chi bộ Nà Duồng",
                        CollectiveKind.PARTY,
                        na_duong,
                        "Xã Bằng Lãng, Huyện Chợ Đồn",
                    ),
                    (
                        "Hội Nông dân xã Bằng Phúc",
                        CollectiveKind.FARMERS,
                        bang_phuc,
                        "Xã Bằng Phúc, Huyện Chợ Đồn",
                    ),
                ],
                start=1,
            ):
                collective = _collective(name, kind, unit)
                if collective:
                    Recipient.objects.create(
                        decision=decision,
                        collective=collective,
                        order=order,
                        position=position,
                        citation="Đã có thành tích trong phong trào thi đua “Dân vận khéo” giai đoạn 2018–2020",
                    )
