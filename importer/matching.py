"""Everything the planner looks up, loaded once into dictionaries (a handful of queries for a
whole file): places from the dated territory tree, fields, collectives, individuals, issuing
bodies. Matching compares folded names (no diacritics, case or "xã/thôn" prefix)."""

import difflib
import hashlib
import re
import unicodedata
from collections import defaultdict
from datetime import date

from danvan.text import clean, fold
from models_registry.models import Collective, Field, Individual
from models_registry.owners import owner_unit
from reviews.bulk import issuer_key
from reviews.models import IssuingBody
from territory.models import Level, Unit, split_prefix

from .memo import Memo

REFORM_DAY = date(2025, 7, 1)
# IN (…) lists stay below SQLite's variable limit.
CHUNK = 900
# Tone marks (grave, acute, tilde, hook, dot below); the other marks change the letter.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

_ABBREVIATIONS = [
    (re.compile(r"(?i)\bTT\.\s*"), "Thị trấn "),
    (re.compile(r"(?i)\bTP\.\s*"), "Thành phố "),
    (re.compile(r"(?i)\bTDP\.?\s+"), "Tổ dân phố "),
    (re.compile(r"\b[Xx]\.\s*"), "Xã "),
    (re.compile(r"\b[Pp]\.\s*"), "Phường "),
    (re.compile(r"\b[Hh]\.\s*"), "Huyện "),
]
COMMUNE_PREFIXES = {"xã", "phường", "thị trấn", "đặc khu"}
VILLAGE_PREFIXES = {"thôn", "bản", "tổ", "tổ dân phố"}
DISTRICT_PREFIXES = {"huyện", "thành phố", "thị xã"}


def digest(*parts):
    """A short stable text for what a plan read (importer.existing.made_from): each part is a
    collection of rows, compared whatever order the database returned them in."""
    text = repr([sorted(repr(row) for row in part) for part in parts])
    return hashlib.sha256(text.encode()).hexdigest()


def reference_date(year):
    """The day a registering year is read at: mid-year (2025 is still before the reform)."""
    return date(year, 6, 30)


def tone_signature(name):
    """Letters with their tone marks per syllable, ignoring where the mark sits: "Hoà" == "Hòa",
    "Tà" != "Tá"."""
    out = []
    for word in unicodedata.normalize("NFD", clean(name).lower()).split():
        tones = "".join(sorted(ch for ch in word if ch in _TONES))
        letters = "".join(ch for ch in word if ch not in _TONES)
        out.append(letters + tones)
    return " ".join(out)


def has_diacritics(name):
    return fold(name) != clean(name).lower()


_UNMARKED_PREFIX = re.compile(r"^(?:xa|phuong|thi tran|dac khu)\s+(?=\S)", re.IGNORECASE)
_BARE_PREFIX = re.compile(
    r"(?i)^(xã|phường|thị trấn|thôn|bản|tổ|tổ dân phố|huyện|thành phố|x\.|h\.|p\.|tt\.|tp\.)$"
)


def expand_abbreviations(text):
    for pattern, replacement in _ABBREVIATIONS:
        text = pattern.sub(replacement, text)
    return text


def split_places(raw):
    """ "Thôn Nà Hin, Xã Giáo Hiệu; Xã Bằng Lãng" -> [["Thôn Nà Hin", "Xã Giáo Hiệu"],
    ["Xã Bằng Lãng"]]; "X. Nghĩa Tá - H. Chợ Đồn" -> [["Xã Nghĩa Tá", "Huyện Chợ Đồn"]]."""
    if raw in (None, ""):
        return []
    pieces = []
    for piece in re.split(r"[;\n\r]+", str(raw)):
        piece = clean(piece)
        if not piece:
            continue
        # A line break inside a name ("Xã\nNghĩa Tá", "Thôn Nà Hin,\nXã Giáo Hiệu") is a wrap.
        if pieces and (_BARE_PREFIX.match(pieces[-1]) or pieces[-1].endswith((",", "-", "–"))):
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    entries = []
    for entry in pieces:
        entry = expand_abbreviations(entry)
        parts = [clean(p) for p in re.split(r"\s*,\s*|\s+[-–]\s+", entry) if clean(p)]
        if parts:
            entries.append(parts)
    return entries


class Lookups:
    """Reference and existing rows in dictionaries; built once per plan. `reference_digest`
    sums up the reference rows read (territory, fields, issuing bodies): a stored plan is
    used again only while a new Lookups() reads the same (importer.uploads)."""

    def __init__(self):
        self.units = {}
        self.children = defaultdict(list)
        for row in Unit.objects.values(
            "id", "code", "name", "level", "parent_id", "valid_from", "valid_until", "search_name"
        ):
            self.units[row["id"]] = row
            if row["parent_id"]:
                self.children[row["parent_id"]].append(row["id"])
        self.successors = defaultdict(list)
        self.predecessors = defaultdict(list)
        links = list(Unit.successors.through.objects.values_list("from_unit_id", "to_unit_id"))
        for from_id, to_id in links:
            self.successors[from_id].append(to_id)
            self.predecessors[to_id].append(from_id)
        self.communes_by_name = defaultdict(list)
        self.villages_by_name = defaultdict(list)
        self.districts_by_name = {}
        self.districts_by_code = {}
        self.district_codes = {}  # folded short name -> code (importer.titles)
        self.units_by_code = defaultdict(list)
        for unit in self.units.values():
            if unit["code"]:
                self.units_by_code[unit["code"]].append(unit["id"])
            if unit["level"] == Level.COMMUNE:
                self.communes_by_name[unit["search_name"]].append(unit["id"])
            elif unit["level"] == Level.VILLAGE:
                self.villages_by_name[unit["search_name"]].append(unit["id"])
            elif unit["level"] == Level.DISTRICT:
                self.districts_by_name[unit["search_name"]] = unit["id"]
                self.districts_by_code[unit["code"]] = unit["id"]
                self.district_codes[unit["search_name"]] = unit["code"]
        self.province_ids = [u["id"] for u in self.units.values() if u["level"] == Level.PROVINCE]
        self._commune_districts = {}
        self.owner_cache = {}
        # Files repeat the same places and fields thousands of times: each is matched once.
        self.place_cache = {}
        self._commune_cache = {}
        self._field_cache = {}
        self.memo = Memo()  # the other texts the rows repeat (importer.memo)

        self.fields = list(Field.objects.values("id", "code", "name"))
        for f in self.fields:
            f["norm"] = _norm_field(f["name"])
        # Filled by load_implementers() with only the names the file mentions.
        self.collectives = {}
        self.individuals = {}
        # Folded name -> [(id, valid_from, valid_until)], latest first: bodies are dated, and
        # the same name can be two bodies (Đảng ủy xã Nghĩa Tá before and after 1/7/2025).
        self.issuers = {}
        bodies = list(
            IssuingBody.objects.order_by("-valid_from", "id").values_list(
                "id", "name", "valid_from", "valid_until"
            )
        )
        for pk, name, start, end in bodies:
            self.issuers.setdefault(_norm_issuer(name), []).append((pk, start, end))
        self.reference_digest = digest(
            self.units.values(),
            links,
            [(f["id"], f["code"], f["name"]) for f in self.fields],
            bodies,
        )

    def load_implementers(self, collective_names, individual_names):
        """Existing collectives and individuals with these folded names, keyed by (name,
        owner): a few chunked queries instead of loading every implementer of the province.
        Returns the rows read: (kind, id, folded name, unit id)."""
        read = []
        for model, names, target in (
            (Collective, collective_names, self.collectives),
            (Individual, individual_names, self.individuals),
        ):
            names = sorted(names)
            for start in range(0, len(names), CHUNK):
                chunk = names[start : start + CHUNK]
                for pk, name, unit_id in (
                    model.objects.filter(search_name__in=chunk)
                    .order_by("pk")
                    .values_list("id", "search_name", "unit_id")
                ):
                    read.append((model.__name__, pk, name, unit_id))
                    target.setdefault((name, self.owner_of(unit_id)), pk)
        return read

    # ------------------------------------------------------------ territory

    def valid_at(self, unit_id, when):
        u = self.units[unit_id]
        return (u["valid_from"] is None or u["valid_from"] <= when) and (
            u["valid_until"] is None or u["valid_until"] >= when
        )

    def commune_of(self, unit_id):
        u = self.units[unit_id]
        return u["parent_id"] if u["level"] == Level.VILLAGE else unit_id

    def owner_of(self, unit_id):
        """The unit whose staff keep a model here: the district before 1/7/2025, the commune
        after (the district level was abolished)."""
        if unit_id in self.owner_cache:
            return self.owner_cache[unit_id]
        u = self.units[unit_id]
        owner = unit_id
        if u["level"] >= Level.COMMUNE:
            commune = self.units[self.commune_of(unit_id)]
            parent = self.units.get(commune["parent_id"])
            owner = owner_unit(commune, parent, parent["level"] if parent else None)["id"]
        self.owner_cache[unit_id] = owner
        return owner

    def commune_districts(self, commune_id):
        """Pre-2025 districts a commune belongs to (a 2025 commune: those of its predecessors)."""
        if commune_id not in self._commune_districts:
            found = set()
            todo, seen = [commune_id], set()
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                parent = self.units.get(self.units[current]["parent_id"])
                if parent and parent["level"] == Level.DISTRICT:
                    found.add(parent["id"])
                todo.extend(self.predecessors.get(current, ()))
            self._commune_districts[commune_id] = found
        return self._commune_districts[commune_id]

    def name(self, unit_id):
        return self.units[unit_id]["name"]

    def label(self, unit_id):
        u = self.units[unit_id]
        if u["level"] >= Level.COMMUNE and u["parent_id"]:
            return f"{u['name']}, {self.units[u['parent_id']]['name']}"
        return u["name"]

    def find_district(self, text):
        """A pre-2025 district by code or name ("Huyện Chợ Đồn", "Chợ Đồn", "064")."""
        value = clean(text)
        if value in self.districts_by_code:
            return self.districts_by_code[value]
        key = re.sub(r"^(huyen|thanh pho|thi xa|tp\.?|h\.)\s*", "", fold(value))
        return self.districts_by_name.get(key)

    def find_owner(self, text, when):
        """The owner named in "Đơn vị quản lý": a district, or a commune from 1/7/2025."""
        value = clean(text)
        if split_prefix(value)[0] not in COMMUNE_PREFIXES:
            district = self.find_district(value)
            if district:
                return district
        codes = [u for u in self.units_by_code.get(value, ()) if self.valid_at(u, when)]
        if codes:
            return codes[0]
        name = fold(split_prefix(value)[1])
        found = [c for c in self.communes_by_name.get(name, ()) if self.valid_at(c, when)]
        return found[0] if len(found) == 1 else None

    def match_commune(self, name, districts, when):
        """(commune id, note) or raises PlaceError. `districts` narrows the search when known."""
        key = (name, frozenset(districts or ()), when)
        if key not in self._commune_cache:
            try:
                self._commune_cache[key] = self._match_commune(name, districts, when)
            except PlaceError as exc:
                self._commune_cache[key] = exc
        found = self._commune_cache[key]
        if isinstance(found, PlaceError):
            raise found
        return found

    def _match_commune(self, name, districts, when):
        short = split_prefix(name)[1]
        if short == clean(name):
            # "Xa Phuc Loc", "Thi tran Cho Ra": a prefix written without its diacritics.
            short = _UNMARKED_PREFIX.sub("", short, count=1) or short
        key = fold(short)
        if re.fullmatch(r"\d{5}", key):
            codes = self.units_by_code.get(key, ())
            at_date = [c for c in codes if self.valid_at(c, when)] or list(codes)
            if at_date:
                return at_date[0], ""
        candidates = self.communes_by_name.get(key, [])
        if districts:
            candidates = [c for c in candidates if self.commune_districts(c) & districts]
        if candidates and has_diacritics(short):
            same = [
                c
                for c in candidates
                if tone_signature(split_prefix(self.name(c))[1]) == tone_signature(short)
            ]
            if not same:
                raise PlaceError(short, districts, self, suggestion=self.name(candidates[0]))
            candidates = same
        if not candidates:
            raise PlaceError(short, districts, self, suggestion=self._suggest(key, districts))
        valid = [c for c in candidates if self.valid_at(c, when)]
        if len(valid) == 1:
            return valid[0], ""
        if len(valid) > 1:
            raise PlaceError(short, districts, self, ambiguous=valid)
        # A retired name: follow the dated tree to the unit that carries it on that date.
        for candidate in candidates:
            u = self.units[candidate]
            if u["valid_until"] and u["valid_until"] < when:
                heirs = self._heirs_at(candidate, when)
                if len(heirs) == 1:
                    return heirs[0], f"tên cũ “{u['name']}”, nay là “{self.name(heirs[0])}”"
        first = self.units[candidates[0]]
        raise PlaceError(
            short,
            districts,
            self,
            message=f"“{first['name']}” chỉ có hiệu lực từ {first['valid_from']:%d/%m/%Y}; "
            f"năm {when.year} hãy ghi tên xã lúc đó",
        )

    def _heirs_at(self, unit_id, when, depth=0):
        heirs = []
        for succ in self.successors.get(unit_id, ()):
            if self.valid_at(succ, when):
                heirs.append(succ)
            elif depth < 3:
                heirs.extend(self._heirs_at(succ, when, depth + 1))
        return heirs

    def bare_commune(self, written, districts, when):
        """The commune whose whole name is `written` ("Bản Thi": Xã Bản Thi, "Nà Phặc": Thị
        trấn Nà Phặc) within `districts` (none: anywhere), at `when`; None if there is none.
        Raises PlaceError when several communes have that name."""
        candidates = self.communes_by_name.get(fold(clean(written)), [])
        if districts:
            candidates = [c for c in candidates if self.commune_districts(c) & districts]
        valid = [c for c in candidates if self.valid_at(c, when)]
        if len(valid) > 1:
            raise PlaceError(clean(written), districts, self, ambiguous=valid)
        if valid:
            return valid[0]
        heirs = {h for c in candidates for h in self._heirs_at(c, when)}
        return heirs.pop() if len(heirs) == 1 else None

    def match_village(self, name, commune_id, districts, when=None):
        """The villages of that name (in the commune, or the districts, when known). A village
        carried on to a 2025 commune has two rows, the old one until 30/6/2025 and the new one
        after: only the row valid on `when` is a candidate."""
        key = fold(split_prefix(name)[1])
        candidates = self.villages_by_name.get(key, [])
        if when is not None:
            candidates = [v for v in candidates if self.valid_at(v, when)] or candidates
        if commune_id:
            # Villages hang under the pre-2025 commune; a 2025 commune reaches them through its
            # predecessors.
            communes = {commune_id, *self.predecessors.get(commune_id, ())}
            return [v for v in candidates if self.units[v]["parent_id"] in communes]
        if districts:
            return [
                v
                for v in candidates
                if self.commune_districts(self.units[v]["parent_id"]) & districts
            ]
        return candidates

    def _suggest(self, key, districts):
        pool = {}
        for name, ids in self.communes_by_name.items():
            for c in ids:
                if not districts or self.commune_districts(c) & districts:
                    pool.setdefault(name, c)
        close = difflib.get_close_matches(key, list(pool), n=1, cutoff=0.75)
        return self.units[pool[close[0]]]["name"] if close else ""

    # ------------------------------------------------------------ fields and bodies

    def match_field(self, text):
        """A field by code or name: "KT", "Kinh tế", "Lĩnh vực kinh tế", "Xây dựng nông thôn
        mới" (-> BK-NTM). Returns the id or None."""
        if text not in self._field_cache:
            self._field_cache[text] = self._match_field(text)
        return self._field_cache[text]

    def _match_field(self, text):
        value = clean(text)
        if not value:
            return None
        for f in self.fields:
            if f["code"].lower() == value.lower():
                return f["id"]
        key = _norm_field(value)
        exact = [f["id"] for f in self.fields if f["norm"] == key]
        if exact:
            return exact[0]
        contained = [f["id"] for f in self.fields if key and key in f["norm"]]
        return contained[0] if len(contained) == 1 else None

    def field_suggestions(self, text):
        names = {_norm_field(f["name"]): f["name"] for f in self.fields}
        close = difflib.get_close_matches(_norm_field(text), list(names), n=1, cutoff=0.6)
        return names[close[0]] if close else ""

    def match_issuer(self, text, when=None):
        """The body of that name active on `when` (the decision's date), else None."""
        for pk, start, end in self.issuers.get(_norm_issuer(text), ()):
            if when is None or ((start is None or start <= when) and (end is None or when <= end)):
                return pk
        return None

    def add_issuer(self, text, pk):
        """A body the import created (undated)."""
        self.issuers.setdefault(_norm_issuer(text), []).append((pk, None, None))


def _norm_field(text):
    s = " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())
    for prefix in ("linh vuc ", "dan van kheo trong "):
        if s.startswith(prefix):
            s = s[len(prefix) :]
    return s


_norm_issuer = issuer_key


class PlaceError(Exception):
    """ "không tìm thấy xã 'Nghĩa Tà' ở huyện Chợ Đồn — có phải 'Nghĩa Tá'?" """

    def __init__(self, name, districts, lookups, suggestion="", ambiguous=None, message=""):
        where = ""
        if districts and len(districts) == 1:
            district = lookups.name(next(iter(districts)))
            where = " ở " + district[0].lower() + district[1:]
        if message:
            text = f"xã “{name}”: {message}"
        elif ambiguous:
            names = ", ".join(lookups.label(c) for c in ambiguous[:4])
            text = f"có nhiều xã tên “{name}” ({names}) — hãy ghi rõ huyện"
        else:
            text = f"không tìm thấy xã “{name}”{where}"
            if suggestion:
                text += f" — có phải “{split_prefix(suggestion)[1]}”?"
        super().__init__(text)
