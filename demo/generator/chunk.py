"""One chunk of generated models with their implementers, places, entries and decisions."""

from datetime import date, timedelta
from decimal import Decimal

from danvan.text import fold
from models_registry.models import (
    Collective,
    DvkModel,
    Gender,
    Individual,
    RecognitionLevel,
    RegistrationType,
    Status,
)
from models_registry.search import search_text
from reviews.models import (
    CommendationForm,
    Entry,
    EntryEvent,
    EntryState,
    IssuerLevel,
    Recipient,
    RoundLevel,
)
from reviews.workflow import TRANSITIONS

from .rows import Table, _next_id
from .words import (
    CROPS,
    ETHNICITIES,
    FEMALE_GIVEN,
    FEMALE_MIDDLE,
    MALE_GIVEN,
    MALE_MIDDLE,
    REJECTION_REASONS,
    RETURN_REASON,
    SURNAMES,
    TITLES,
    folded_name,
    lower_prefix,
)
from .world import ETHNICITY_WEIGHTS, REFORM_DAY, at, marker, pick

# ---------------------------------------------------------------- one chunk of models


def decision_steps(state):
    """The workflow's steps from "proposed" to the outcome `state` ((from, to) pairs, as
    `reviews.workflow.TRANSITIONS` allows them): "exemplary" and "proposed higher" come
    after "recognised", as a reviewer makes them."""
    if state in (EntryState.EXEMPLARY, EntryState.PROPOSED_HIGHER):
        return [(EntryState.PROPOSED, EntryState.RECOGNISED), (EntryState.RECOGNISED, state)]
    return [(EntryState.PROPOSED, state)]


class Chunk:
    def __init__(self, world, rng, cursor):
        self.w = world
        self.rng = rng
        self.note = f"{marker(world.seed)} Dữ liệu mẫu sinh tự động."
        self.ids = {m: _next_id(cursor, m) for m in (Collective, Individual, DvkModel, Entry)}
        self.collectives = Table(Collective)
        self.individuals = Table(Individual)
        self.models = Table(DvkModel)
        self.places = Table(DvkModel.places.through, ["dvkmodel", "unit"])
        self.criteria = Table(DvkModel.criteria.through, ["dvkmodel", "criterion"])
        self.entries = Table(Entry)
        self.events = Table(EntryEvent, explicit_id=False)
        self.recipients = Table(Recipient, explicit_id=False)

    def take_id(self, model):
        pk = self.ids[model]
        self.ids[model] += 1
        return pk

    def folded(self, text):
        return folded_name(text)

    # -- implementers

    def collective(self, commune, village, post, created):
        options = self.w.collective_options[(village is not None, post)]
        kind, pattern, level, _ = options[0][pick(self.rng, options[1])]
        home = commune.successor.unit if post and commune.successor else commune.unit
        if level == "village":
            unit = village
        elif level == "district":
            unit = commune.district
        else:
            unit = home
        name = pattern.format(
            thon=lower_prefix(village.name) if village else "",
            Thon=village.name if village else "",
            xa=lower_prefix(home.name),
            xa_ten=home.short_name,
            huyen=lower_prefix(commune.district.name) if commune.district else "",
        )
        key = (unit.pk, name)
        pk = self.w.collectives.get(key)
        if pk is None:
            pk = self.w.collectives[key] = self.take_id(Collective)
            self.collectives.add(
                id=pk,
                name=name,
                kind=kind,
                unit_id=unit.pk,
                search_name=self.folded(name),
                created_at=created,
            )
        return pk, name

    def individual(self, place, village, home, created):
        rng = self.rng
        ethnicity = ETHNICITIES[pick(rng, ETHNICITY_WEIGHTS)][0]
        female = rng.random() < 0.45
        middle = rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE)
        if ethnicity == "Mông" and not female:
            middle = rng.choice(["Seo", "A", "Văn"])
        given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
        name = f"{rng.choice(SURNAMES[ethnicity])} {middle} {given}"
        where = lower_prefix(village.name) if village else lower_prefix(home.name)
        position = rng.choice(
            [
                f"Trưởng {where}",
                f"Bí thư Chi bộ {where}",
                f"Người có uy tín {where}",
                f"Nông dân {where}",
                f"Hội viên Hội Nông dân {lower_prefix(home.name)}",
                f"Công chức Văn phòng - Thống kê {lower_prefix(home.name)}",
            ]
        )
        pk = self.take_id(Individual)
        self.individuals.add(
            id=pk,
            full_name=name,
            gender=Gender.FEMALE if female else Gender.MALE,
            birth_year=rng.randint(1955, 2000),
            ethnicity=ethnicity,
            position=position,
            unit_id=place.pk,
            search_name=self.folded(name),
            created_at=created,
        )
        return pk, name, ethnicity

    # -- the model

    def add_model(self):
        w, rng = self.w, self.rng
        year = w.years[pick(rng, w.year_weights)]
        commune = w.communes[pick(rng, w.commune_weights)]
        post = commune.successor is not None and (
            year > 2025 or (year == 2025 and rng.random() < 0.5)
        )
        villages = commune.successor.villages if post else commune.villages
        village = rng.choice(villages) if villages and rng.random() < 0.6 else None
        home = commune.successor.unit if post else commune.unit
        place = village or home
        start = date(
            year,
            (rng.randint(7, 9) if post else rng.randint(1, 4))
            if year == 2025
            else rng.randint(1, 6),
            rng.randint(1, 28),
        )
        created = at(start, 8 + rng.randint(0, 8))

        field_code, keyword, first_year, pattern = rng.choice(w.titles)
        if first_year > year:
            field_code, keyword, first_year, pattern = w.titles[0]
        criteria = w.criteria.get(year, [])
        criterion = None
        if keyword and criteria:
            if keyword == "*":
                criterion = rng.choice(criteria)
            else:
                matching = [c for c in criteria if keyword.lower() in c.name.lower()]
                criterion = matching[0] if matching else None
        if keyword == "*" and criterion is None:
            pattern = TITLES[0][3]
        noi = lower_prefix(place.name)
        xa = lower_prefix(home.name)

        if rng.random() < 0.72:
            collective_id, implementer = self.collective(commune, village, post, created)
            individual_id, ethnicity = None, rng.choice(["Tày", "Dao", "Nùng", "Mông"])
        else:
            individual_id, implementer, ethnicity = self.individual(place, village, home, created)
            collective_id = None
        title = pattern.format(
            tai=f"tại {noi}, {xa}" if village else f"tại {xa}",
            tai_xa=f"tại {xa}",
            noi=noi,
            xa=xa,
            dan_toc=ethnicity if ethnicity != "Kinh" else "Tày",
            cay=rng.choice(CROPS),
            tieu_chi=f"tiêu chí số {criterion.number} – {criterion.name}" if criterion else "",
        )

        pk = self.take_id(DvkModel)
        title_key = fold(title)
        # The model's one place as the workflow labels it ("Thôn Nà Hin, Xã Giáo Hiệu").
        place_label = f"{place.name}, {home.name if village else home.parent.name}"
        households = rng.randint(20, 400) if rng.random() < 0.7 else None
        land = Decimal(rng.randint(100, 5000)) if "đất" in title or "đường" in title else None
        money = rng.randint(5, 500) * 1_000_000 if rng.random() < 0.5 else None
        workdays = rng.randint(50, 3000) if rng.random() < 0.5 else None
        results = []
        if households:
            results.append(f"Vận động được {households} hộ tham gia")
        if land:
            results.append(f"nhân dân hiến {land} m² đất")
        if workdays:
            results.append(f"đóng góp {workdays} ngày công")
        outcome = self.outcome(year)
        level, rec_year, exemplary, replication = self.review(
            pk, year, commune, post, outcome, created, collective_id, individual_id, implementer
        )
        self.models.add(
            id=pk,
            title=title,
            collective_id=collective_id,
            individual_id=individual_id,
            field_id=w.fields[field_code],
            year=year,
            registration_type=RegistrationType.CARRIED_OVER
            if rng.random() < 0.2
            else RegistrationType.NEW,
            unit_id=home.pk if post else commune.district.pk,
            commune_id=home.pk,
            start_date=start,
            end_date=date(year, 12, 31) if rng.random() < 0.6 else None,
            results=(", ".join(results) + ".") if results else "",
            households_mobilised=households,
            land_donated_m2=land,
            money_contributed=money,
            workdays_contributed=workdays,
            note=self.note,
            status=Status.RECOGNISED if outcome == "exemplary" else outcome,
            recognition_level=level,
            recognition_year=rec_year,
            is_exemplary=exemplary,
            replication_recommended=replication,
            title_key=title_key,
            search_text=search_text(
                [title, implementer, place_label],
                [title_key, folded_name(implementer), folded_name(place_label)],
            ),
            created_at=created,
            updated_at=created,
        )
        self.places.add_tuple((pk, place.pk))
        if criterion is not None:
            self.criteria.add_tuple((pk, criterion.pk))
            if rng.random() < 0.25:
                other = rng.choice(criteria)
                if other.pk != criterion.pk:
                    self.criteria.add_tuple((pk, other.pk))

    def outcome(self, year):
        r = self.rng.random()
        if year < self.w.open_year:
            if r < 0.055:
                return "exemplary"
            if r < 0.215:
                return Status.RECOGNISED
            if r < 0.31:
                return Status.NOT_RECOGNISED
            if r < 0.32:
                return Status.WITHDRAWN
            return Status.REGISTERED
        if r < 0.03:
            return Status.DRAFT
        if r < 0.15:
            return Status.PROPOSED
        if r < 0.17:
            return Status.RETURNED
        return Status.REGISTERED

    def review(
        self, pk, year, commune, post, outcome, created, collective_id, individual_id, implementer
    ):
        """Entries, events and commendations for one model; returns its denormalised outcome."""
        w, rng = self.w, self.rng
        status_to_state = {
            "exemplary": EntryState.EXEMPLARY,
            Status.RECOGNISED: EntryState.RECOGNISED,
            Status.NOT_RECOGNISED: EntryState.NOT_RECOGNISED,
            Status.PROPOSED: EntryState.PROPOSED,
            Status.RETURNED: EntryState.RETURNED,
        }
        if outcome not in status_to_state:
            return "", None, False, False
        state = status_to_state[outcome]
        exemplary = state == EntryState.EXEMPLARY
        replication = exemplary and rng.random() < 0.4
        province = w.new_province if (year >= 2025 and w.new_province) else w.old_province
        if post or commune.district is None:
            first = w.round_for(year, RoundLevel.PROVINCE, province)
            level = RecognitionLevel.PROVINCE
        else:
            first = w.round_for(year, RoundLevel.DISTRICT, commune.district)
            level = RecognitionLevel.DISTRICT
        proposed = min(created + timedelta(days=rng.randint(10, 60)), at(first.deadline, 9))
        self.entry(first, pk, state, proposed, replication)
        recognised = state in (EntryState.RECOGNISED, EntryState.EXEMPLARY)
        if not recognised:
            return "", None, False, False
        decided = first.deadline + timedelta(days=15)
        if exemplary and level == RecognitionLevel.DISTRICT:
            if rng.random() < 0.5:
                self.commend(
                    w.issuer(f"UBND {lower_prefix(commune.district.name)}", IssuerLevel.DISTRICT, commune.district, valid_until=date(2025, 6, 30)),
                    year, CommendationForm.COMMENDATION, "/QĐ-UBND", decided + timedelta(days=10), first,
                    pk, collective_id, individual_id,
                )  # fmt: skip
            if rng.random() < 0.35:
                higher = w.round_for(year, RoundLevel.PROVINCE, province)
                top = EntryState.EXEMPLARY if rng.random() < 0.3 else EntryState.RECOGNISED
                proposed_higher = at(first.deadline + timedelta(days=20), 9)
                self.entry(higher, pk, top, proposed_higher, replication)
                level = RecognitionLevel.PROVINCE
        if level == RecognitionLevel.PROVINCE and exemplary:
            before = year < 2025
            if rng.random() < 0.4:
                self.commend(
                    w.issuer("Ban Dân vận Tỉnh ủy Bắc Kạn", IssuerLevel.PROVINCE, w.old_province, valid_until=date(2025, 2, 28))
                    if before
                    else w.issuer("Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên", IssuerLevel.PROVINCE, province, valid_from=REFORM_DAY),
                    year, CommendationForm.COMMENDATION, "-QĐ/BDVTU" if before else "-QĐ/BTGDVTU",
                    date(year, 12, 28), w.round_for(year, RoundLevel.PROVINCE, province),
                    pk, collective_id, individual_id,
                )  # fmt: skip
            if rng.random() < 0.06:
                level = RecognitionLevel.CENTRAL
                self.commend(
                    w.issuer("Ban Dân vận Trung ương", IssuerLevel.CENTRAL, None, valid_until=date(2025, 2, 28))
                    if before
                    else w.issuer("Ban Tuyên giáo và Dân vận Trung ương", IssuerLevel.CENTRAL, None, valid_from=date(2025, 3, 1)),
                    year, CommendationForm.CERTIFICATE_OF_MERIT, "-QĐ/BDVTW" if before else "-QĐ/BTGDVTW",
                    date(year, 12, 30), None, pk, collective_id, individual_id,
                )  # fmt: skip
        return level, year, exemplary, replication

    def entry(self, review_round, model_id, state, proposed, replication):
        entry_id = self.take_id(Entry)
        decided = None
        if state != EntryState.PROPOSED:
            decided = at(review_round.deadline + timedelta(days=15), 10)
            if state == EntryState.RETURNED:
                decided = proposed + timedelta(days=20)
        reason = ""
        if state == EntryState.NOT_RECOGNISED:
            reason = self.rng.choice(REJECTION_REASONS)
        elif state == EntryState.RETURNED:
            reason = RETURN_REASON
        self.entries.add(
            id=entry_id,
            round_id=review_round.pk,
            model_id=model_id,
            state=state,
            reason=reason,
            is_published=review_round.is_closed,
            proposed_at=proposed,
            decided_at=decided,
            replication_recommended=replication
            and state in (EntryState.EXEMPLARY, EntryState.RECOGNISED),
        )
        self.events.add(
            entry_id=entry_id, model_id=model_id, at=proposed, action="propose",
            from_state="", to_state=EntryState.PROPOSED,
        )  # fmt: skip
        if decided is not None:
            for from_state, to_state in decision_steps(state):
                self.events.add(
                    entry_id=entry_id, model_id=model_id, at=decided,
                    action=TRANSITIONS[(from_state, to_state)],
                    from_state=from_state, to_state=to_state,
                    reason=reason if to_state == state else "",
                )  # fmt: skip

    def commend(
        self, issuer, year, form, suffix, when, review_round, model_id, collective_id, individual_id
    ):
        slot = self.w.decision(issuer, year, form, suffix, when, review_round)
        slot[1] += 1
        self.recipients.add(
            decision_id=slot[0].pk,
            collective_id=collective_id,
            individual_id=individual_id,
            model_id=model_id,
            citation=f"Đã có thành tích xuất sắc trong phong trào thi đua “Dân vận khéo” năm {year}",
            order=slot[1],
        )

    def write(self, cursor):
        for table in (
            self.collectives,
            self.individuals,
            self.models,
            self.places,
            self.criteria,
            self.entries,
            self.events,
            self.recipients,
        ):
            table.flush(cursor)
