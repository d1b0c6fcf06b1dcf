"""A dataset equivalent to the district reports the statistics must reproduce (DOMAIN.md):

- Chợ Đồn 2018–2020: 808 models registered, 179 recognised at district level, 47 of them
  exemplary; commendations: 1 collective by Ban Dân vận Trung ương (Hội Nông dân xã Nghĩa Tá),
  2 collectives + 4 individuals by Ban Dân vận Tỉnh ủy Bắc Kạn, 15 collectives + 9 individuals
  by UBND huyện Chợ Đồn.
- Chợ Đồn 2021: 196 collectives and 176 individuals registered.
- Ba Bể 2023: 128 models, 10 of them by individuals.

plus noise that must never be counted for Chợ Đồn 2018–2020: another district's models,
rounds and commendations, Chợ Đồn's 2021 models, rounds and decisions, drafts and withdrawn
registrations. Everything is inserted in bulk so that a test builds it in about a second.
"""

import itertools
from dataclasses import dataclass, field
from datetime import date

from danvan.text import fold
from models_registry.facts import refresh_facts
from models_registry.models import (
    Collective,
    CollectiveKind,
    DvkModel,
    Field,
    Individual,
    RegistrationType,
    Status,
)
from reviews.facts import refresh_result_facts
from reviews.models import (
    CommendationForm,
    Decision,
    Entry,
    EntryState,
    IssuerLevel,
    IssuingBody,
    Recipient,
    ReviewRound,
    RoundLevel,
)
from territory.models import Unit

FIELD_CODES = ["KT", "VHXH", "QPAN", "HTCT", "BK-NTM"]
CENTRAL = "Ban Dân vận Trung ương"
PROVINCIAL = "Ban Dân vận Tỉnh ủy Bắc Kạn"
CHODON_PC = "UBND huyện Chợ Đồn"
BABE_PC = "UBND huyện Ba Bể"

_seq = itertools.count(1)


@dataclass
class Dataset:
    chodon: Unit
    babe: Unit
    chodon_models: dict = field(default_factory=dict)  # year -> [DvkModel]
    babe_models: dict = field(default_factory=dict)


def district(code):
    return Unit.objects.get(code=code, valid_from__isnull=True)


def communes_of(unit):
    return list(Unit.objects.filter(parent=unit, valid_from__isnull=True).order_by("code"))


def collectives(communes, per_commune, kind=CollectiveKind.PARTY, prefix="Chi bộ thôn"):
    rows = [
        Collective(
            name=f"{prefix} {next(_seq)} {commune.short_name}",
            kind=kind,
            unit=commune,
        )
        for commune in communes
        for _ in range(per_commune)
    ]
    for row in rows:
        row.search_name = fold(row.name)
    return Collective.objects.bulk_create(rows)


def individuals(communes, per_commune):
    rows = [
        Individual(full_name=f"Nông Văn {next(_seq)}", unit=commune)
        for commune in communes
        for _ in range(per_commune)
    ]
    for row in rows:
        row.search_name = fold(row.full_name)
    return Individual.objects.bulk_create(rows)


def models(owner, communes, year, *, n_collective, n_individual, status=Status.REGISTERED):
    """`n_collective` + `n_individual` models spread over the communes, fields and types."""
    fields = list(Field.objects.filter(code__in=FIELD_CODES).order_by("code"))
    teams = collectives(communes, 1)
    people = individuals(communes, 1)
    rows = []
    for i in range(n_collective + n_individual):
        commune = communes[i % len(communes)]
        title = f"Vận động nhân dân {owner.short_name} số {next(_seq)} năm {year}"
        model = DvkModel(
            title=title,
            title_key=fold(title),
            search_text=fold(title),
            year=year,
            field=fields[i % len(fields)],
            unit=owner,
            commune=commune,
            status=status,
            registration_type=RegistrationType.CARRIED_OVER if i % 3 == 0 else RegistrationType.NEW,
        )
        if i < n_collective:
            model.collective = teams[i % len(teams)]
        else:
            model.individual = people[i % len(people)]
        rows.append(model)
    created = DvkModel.objects.bulk_create(rows)
    refresh_facts(model.pk for model in created)  # as the write functions do
    return created


def review_round(organiser, year, level, closed=True):
    name = f"Bình xét mô hình Dân vận khéo năm {year} — {organiser.name}"
    return ReviewRound.objects.get_or_create(
        year=year,
        level=level,
        organiser=organiser,
        defaults={"name": name, "deadline": date(year, 11, 30), "is_closed": closed},
    )[0]


def entries(round_, models_and_states):
    """Outcomes as `reviews.workflow` leaves them: published when the round is closed; an
    exemplary entry proposed to the higher level keeps its `is_exemplary` flag."""
    rows = []
    for model, state in models_and_states:
        exemplary = state == EntryState.EXEMPLARY
        if state == "exemplary_proposed_higher":
            state, exemplary = EntryState.PROPOSED_HIGHER, True
        rows.append(
            Entry(
                round=round_,
                model=model,
                state=state,
                is_exemplary=exemplary,
                is_published=round_.is_closed,
            )
        )
    created = Entry.objects.bulk_create(rows)
    refresh_result_facts(row.model_id for row in created)  # as the write functions do
    return created


def issuer(name, level, unit=None):
    body, _ = IssuingBody.objects.get_or_create(name=name, defaults={"level": level, "unit": unit})
    return body


def decision(body, year, form=CommendationForm.COMMENDATION):
    return Decision.objects.create(
        number=f"{next(_seq)}/QĐ-KT",
        date=date(year + 1, 1, 15),
        issuer=body,
        form=form,
        year=year,
    )


def recipients(decision_, *, collectives_=(), individuals_=(), models_=()):
    """Recipients; the first ones are linked to `models_` (the rest name no model)."""
    rows = [Recipient(decision=decision_, collective=c) for c in collectives_]
    rows += [Recipient(decision=decision_, individual=p) for p in individuals_]
    for row, model in zip(rows, models_, strict=False):
        row.model = model
    return Recipient.objects.bulk_create(rows)


def build():
    chodon, babe = district("064"), district("061")
    province = Unit.objects.get(code="06", valid_from__isnull=True)
    data = Dataset(chodon=chodon, babe=babe)
    cd_communes, bb_communes = communes_of(chodon), communes_of(babe)

    # ---- Chợ Đồn 2018–2020: 808 registrations (plus drafts and a withdrawal: not counted).
    for year, (n_col, n_ind) in {2018: (190, 70), 2019: (199, 70), 2020: (208, 70)}.items():
        data.chodon_models[year] = models(
            chodon, cd_communes, year, n_collective=n_col, n_individual=n_ind
        )
    models(chodon, cd_communes, 2019, n_collective=8, n_individual=4, status=Status.DRAFT)
    models(chodon, cd_communes, 2020, n_collective=3, n_individual=0, status=Status.WITHDRAWN)

    # ---- Chợ Đồn 2021: 196 collectives and 176 individuals (noise for 2018–2020).
    data.chodon_models[2021] = models(chodon, cd_communes, 2021, n_collective=196, n_individual=176)

    # ---- Ba Bể: 30 models in 2019 (noise), 128 in 2023 of which 10 by individuals.
    data.babe_models[2019] = models(babe, bb_communes, 2019, n_collective=25, n_individual=5)
    data.babe_models[2023] = models(babe, bb_communes, 2023, n_collective=118, n_individual=10)
    models(babe, bb_communes, 2023, n_collective=4, n_individual=1, status=Status.DRAFT)

    # ---- Chợ Đồn district rounds: 179 distinct models recognised, 47 of them exemplary.
    plan = {2018: (60, 15), 2019: (60, 16), 2020: (59, 16)}  # recognised, of which exemplary
    for year, (recognised, exemplary) in plan.items():
        round_ = review_round(chodon, year, RoundLevel.DISTRICT)
        pool = data.chodon_models[year]
        outcomes = []
        for i, model in enumerate(pool[:recognised]):
            if i == exemplary - 1:
                state = "exemplary_proposed_higher"  # still one of the exemplary models
            elif i < exemplary:
                state = EntryState.EXEMPLARY
            elif i < exemplary + 3:
                state = EntryState.PROPOSED_HIGHER
            else:
                state = EntryState.RECOGNISED
            outcomes.append((model, state))
        outcomes += [(m, EntryState.NOT_RECOGNISED) for m in pool[recognised : recognised + 8]]
        outcomes += [(m, EntryState.RETURNED) for m in pool[recognised + 8 : recognised + 12]]
        if year == 2019:
            # A 2018 model recognised again in 2019 is still one recognised model.
            outcomes.append((data.chodon_models[2018][-1], EntryState.NOT_RECOGNISED))
            outcomes.append((data.chodon_models[2018][20], EntryState.RECOGNISED))
        entries(round_, outcomes)
    # The province recognised three of Chợ Đồn's proposals in 2020.
    province_round = review_round(province, 2020, RoundLevel.PROVINCE)
    entries(province_round, [(m, EntryState.RECOGNISED) for m in data.chodon_models[2020][16:19]])
    # Noise: Ba Bể's district round and Chợ Đồn's 2021 round.
    entries(
        review_round(babe, 2019, RoundLevel.DISTRICT),
        [(m, EntryState.RECOGNISED) for m in data.babe_models[2019][:10]]
        + [(m, EntryState.EXEMPLARY) for m in data.babe_models[2019][10:14]],
    )
    entries(
        review_round(chodon, 2021, RoundLevel.DISTRICT),
        [(m, EntryState.EXEMPLARY) for m in data.chodon_models[2021][:30]],
    )

    # ---- Commendations.
    central = issuer(CENTRAL, IssuerLevel.CENTRAL)
    provincial = issuer(PROVINCIAL, IssuerLevel.PROVINCE, province)
    chodon_pc = issuer(CHODON_PC, IssuerLevel.DISTRICT, chodon)
    babe_pc = issuer(BABE_PC, IssuerLevel.DISTRICT, babe)
    by_name = {c.short_name: c for c in cd_communes}

    nghia_ta_farmers = Collective.objects.create(
        name="Hội Nông dân xã Nghĩa Tá", kind=CollectiveKind.FARMERS, unit=by_name["Nghĩa Tá"]
    )
    melon_rice = DvkModel.objects.create(
        title="Vận động cán bộ, hội viên và nhân dân phát triển kinh tế xen canh Dưa-Lúa",
        year=2019,
        field=Field.objects.get(code="KT"),
        unit=chodon,
        commune=by_name["Nghĩa Tá"],
        collective=nghia_ta_farmers,
        status=Status.RECOGNISED,
    )
    refresh_facts([melon_rice.pk])  # as the write functions do
    data.chodon_models[2019].append(melon_rice)  # 199 + 70 + this one = 270 in 2019
    recipients(
        decision(central, 2020, CommendationForm.CERTIFICATE_OF_MERIT),
        collectives_=[nghia_ta_farmers],
        models_=[melon_rice],
    )
    na_duong = Collective.objects.create(
        name="Chi bộ thôn Nà Duồng", kind=CollectiveKind.PARTY, unit=by_name["Bằng Lãng"]
    )
    bang_phuc_farmers = Collective.objects.create(
        name="Hội Nông dân xã Bằng Phúc", kind=CollectiveKind.FARMERS, unit=by_name["Bằng Phúc"]
    )
    recipients(
        decision(provincial, 2020),
        collectives_=[na_duong, bang_phuc_farmers],
        individuals_=individuals(cd_communes[:4], 1),
    )
    recipients(
        decision(chodon_pc, 2019),
        collectives_=[m.collective for m in data.chodon_models[2019][:8]],
        individuals_=individuals(cd_communes[:5], 1),
        models_=data.chodon_models[2019][:8],
    )
    recipients(
        decision(chodon_pc, 2020),
        collectives_=collectives(cd_communes[:7], 1, prefix="Chi hội Phụ nữ thôn"),
        individuals_=individuals(cd_communes[5:9], 1),
    )
    # Noise: Ba Bể's district committee, a Ba Bể recipient of the provincial committee, and
    # Chợ Đồn's 2021 decision.
    recipients(
        decision(babe_pc, 2019),
        collectives_=collectives(bb_communes[:3], 1),
        individuals_=individuals(bb_communes[:2], 1),
    )
    recipients(
        decision(provincial, 2019),
        collectives_=[data.babe_models[2019][0].collective],
        models_=[data.babe_models[2019][0]],
    )
    recipients(
        decision(chodon_pc, 2021),
        collectives_=collectives(cd_communes[:2], 1),
        individuals_=individuals(cd_communes[:3], 1),
    )
    return data
