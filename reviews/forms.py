from pathlib import Path
from urllib.parse import urlencode

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

from accounts.dated import unit_for_year
from danvan.forms import NumberField, VietnameseEmptyChoices
from danvan.params import IdsChoiceField
from models_registry.attachments import inspect_upload
from models_registry.models import DvkModel
from territory.models import Unit

from . import rules, workflow
from .models import (
    RECOGNISING_STATES,
    Decision,
    Entry,
    EntryState,
    IssuingBody,
    ReviewRound,
    RoundLevel,
)

SCAN_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RoundForm(VietnameseEmptyChoices, forms.ModelForm):
    """Administrators choose level and organiser; reviewers open the provincial round of their
    province (its successor for a year after a merger: Bắc Kạn's account opens Thái Nguyên's
    2026 round), local staff the round of their district or commune (`rules.own_round_level`)."""

    class Meta:
        model = ReviewRound
        fields = ["name", "year", "level", "organiser", "deadline", "publish_on_close"]
        widgets = {"deadline": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organiser"].queryset = Unit.objects.filter(level__lte=3).order_by("path")
        self.fields["year"].initial = timezone.localdate().year
        # A year the movement can have (a year like 10**19 would overflow the date checks).
        self.fields["year"].validators += [
            MinValueValidator(2000, "Năm phải từ 2000 trở đi."),
            MaxValueValidator(2100, "Năm phải trước 2100."),
        ]
        if not user.is_administrator:
            del self.fields["level"]
            del self.fields["organiser"]
            self.instance.level = rules.own_round_level(user) or RoundLevel.DISTRICT
            self.instance.organiser = user.unit

    def validate_unique(self):
        # clean() says it kindly (round_once_per_year_level_organiser stays in the database).
        pass

    def clean(self):
        data = super().clean()
        level = data.get("level", self.instance.level)
        organiser = data.get("organiser") or getattr(self.instance, "organiser", None)
        year = data.get("year")
        if level and organiser and year:
            if "organiser" not in self.fields:
                organiser = unit_for_year(organiser, year) or organiser
                self.instance.organiser = organiser
            problem = rules.round_problem(level, organiser, year)
            if problem:
                self.add_error("organiser" if "organiser" in self.fields else None, problem)
            clash = ReviewRound.objects.filter(year=year, level=level, organiser=organiser)
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error("year", rules.round_exists_message(level, organiser, year))
        return data


class ProposeForm(forms.Form):
    """Field names match what the registry list posts: mo_hinh=<id> (repeated) and dot=<id>."""

    dot = forms.ModelChoiceField(
        label="Đề nghị vào đợt",
        queryset=ReviewRound.objects.none(),
        empty_label="— Chọn đợt bình xét —",
        error_messages={"required": "Vui lòng chọn đợt bình xét."},
    )
    mo_hinh = IdsChoiceField(
        label="Mô hình",
        queryset=DvkModel.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Vui lòng chọn ít nhất một mô hình."},
    )

    def __init__(self, *args, rounds, models, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dot"].queryset = rounds
        self.fields["mo_hinh"].queryset = models
        self.fields["mo_hinh"].label_from_instance = lambda m: f"{m.title} ({m.year})"


class ScoreForm(forms.Form):
    comment = forms.CharField(
        label="Nhận xét", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, criteria, assessment=None, **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        if assessment is not None:
            initial["comment"] = assessment.comment
            initial["version"] = assessment.version
            for score in assessment.scores.all():
                initial[f"c_{score.criterion_id}"] = score.value.normalize()
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c_{criterion.pk}"] = NumberField(
                label=f"{criterion.name} (0–{criterion.max_score})",
                help_text=criterion.description,
                min_value=0,
                max_value=criterion.max_score,
                max_digits=5,
                decimal_places=2,  # "7,5" as offices write it (and "7.5" still works)
                error_messages={
                    "required": "Vui lòng chấm tiêu chí này.",
                    "invalid": "Điểm phải là một số, ví dụ 8 hoặc 7,5.",
                    "min_value": "Điểm không được nhỏ hơn 0.",
                    "max_value": f"Điểm không được lớn hơn {criterion.max_score}.",
                },
            )
        # Comment last, after the criteria.
        self.order_fields([f"c_{c.pk}" for c in criteria] + ["comment", "version"])

    def values(self):
        return {c.pk: self.cleaned_data[f"c_{c.pk}"] for c in self.criteria}


class DecideForm(forms.Form):
    state = forms.ChoiceField(label="Kết quả", widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Lý do, nhận xét", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    xac_nhan_chua_cham = forms.BooleanField(
        label="Tôi biết hồ sơ chưa có phiếu chấm nào và vẫn công nhận", required=False
    )

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry = entry
        # Asked only when it matters: recognising an entry no reviewer has scored.
        self.unscored = not entry.assessments.exists()
        if not self.unscored:
            del self.fields["xac_nhan_chua_cham"]
        targets = workflow.allowed_targets(entry.state)
        if entry.is_published:
            targets = [t for t in targets if t != EntryState.PROPOSED]
        labels = {EntryState.PROPOSED: "Xem xét lại (đưa về “Đang xét”)"}
        self.fields["state"].choices = [(t.value, labels.get(t, t.label)) for t in targets]
        self.fields["version"].initial = entry.version

    def clean(self):
        data = super().clean()
        state = data.get("state")
        if (
            state
            and workflow.reason_required(self.entry.state, state)
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", "Vui lòng ghi rõ lý do để đơn vị đề nghị biết và bổ sung.")
        if state == EntryState.RECOGNISED and self.unscored and not data.get("xac_nhan_chua_cham"):
            self.add_error(
                "xac_nhan_chua_cham",
                "Chưa có ai chấm điểm hồ sơ này. Nếu vẫn công nhận, đánh dấu ô xác nhận rồi "
                "lưu lại.",
            )
        return data


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label="Lý do xung đột lợi ích",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ví dụ: mô hình của đơn vị nơi tôi công tác.",
        error_messages={"required": "Vui lòng ghi rõ lý do xung đột lợi ích."},
    )


class ReplicationForm(forms.Form):
    note = forms.CharField(
        label="Ghi chú khuyến cáo nhân rộng",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Nhân rộng ở đâu, cho đối tượng nào.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecisionForm(VietnameseEmptyChoices, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["number", "date", "issuer", "form", "year", "signatory", "round", "scan"]
        widgets = {"date": DateInput()}
        help_texts = {
            "number": "Ví dụ: 125/QĐ-UBND",
            "form": "Theo Luật Thi đua, khen thưởng 2022 và Nghị định 152/2025/NĐ-CP (từ "
            "01/07/2025; quyết định trước ngày đó theo Nghị định 98/2023/NĐ-CP).",
            "scan": "Tệp PDF hoặc ảnh, tối đa 10 MB.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = IssuingBody.objects.usable_by(user).order_by(
            "level", "name"
        )
        self.fields["issuer"].label_from_instance = _issuer_label
        self.fields["round"].queryset = ReviewRound.objects.visible_to(user).select_related(
            "organiser"
        )
        self.fields["round"].required = False
        self.fields["year"].initial = timezone.localdate().year

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan and hasattr(scan, "size"):
            if Path(scan.name).suffix.lower() not in SCAN_EXTENSIONS:
                raise forms.ValidationError("Chỉ nhận tệp PDF, JPG hoặc PNG.")
            # The evidence files' checker: size, then content (PDF header, a decodable image).
            inspect_upload(scan)
        return scan

    def validate_unique(self):
        # clean() says it kindly (decision_unique_number stays in the database).
        pass

    def clean(self):
        data = super().clean()
        issuer, day, number = data.get("issuer"), data.get("date"), data.get("number")
        if issuer and day and not issuer.is_valid_on(day):
            successor = issuer.successor_on(day) if issuer.successor_id else None
            hint = f" Hãy chọn “{successor}”." if successor else ""
            self.add_error(
                "issuer",
                f"{issuer} không hoạt động vào ngày {day:%d/%m/%Y}.{hint}",
            )
        if issuer and day and number:
            clash = Decision.objects.filter(issuer=issuer, number=number.strip(), date=day)
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "number",
                    f"Quyết định số {number} ngày {day:%d/%m/%Y} của {issuer} đã được nhập.",
                )
        return data


def _issuer_label(issuer):
    if issuer.valid_until:
        return f"{issuer.name} (đến {issuer.valid_until:%d/%m/%Y})"
    if issuer.valid_from:
        return f"{issuer.name} (từ {issuer.valid_from:%d/%m/%Y})"
    return issuer.name


class PickEntriesForm(forms.Form):
    """Recipients in one step: the exemplary models of a round (all ticked by default)."""

    entries = IdsChoiceField(
        label="Mô hình điển hình",
        queryset=Entry.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Vui lòng chọn ít nhất một mô hình."},
    )

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].queryset = entries
        self.fields["entries"].label_from_instance = lambda e: (
            f"{e.model.title} — {e.model.implementer}"
        )
        self.fields["entries"].initial = [e.pk for e in entries]


# How many models the decision's searchable picker lists at once.
PICKER_LIMIT = 20


class RecipientForm(forms.Form):
    model = forms.ModelChoiceField(
        label="Mô hình được khen",
        queryset=DvkModel.objects.none(),
        empty_label="— Chọn mô hình đã được công nhận —",
        error_messages={"required": "Vui lòng chọn mô hình."},
    )
    position = forms.CharField(label="Chức vụ, đơn vị", required=False, max_length=255)
    citation = forms.CharField(
        label="Thành tích", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].queryset = (
            DvkModel.objects.visible_to(user)
            # Recognised in a published result (the workflow refuses an unpublished one too).
            .filter(review_entries__state__in=RECOGNISING_STATES, review_entries__is_published=True)
            .distinct()
            .select_related("collective", "individual")
            .order_by("-year", "title")
        )
        self.fields["model"].label_from_instance = lambda m: (
            f"{m.title} — {m.implementer} ({m.year})"
        )

    def matches(self, text, limit=PICKER_LIMIT):
        """The pickable models whose title, implementer or places hold every word of `text`
        (the registry's folded search), newest first; one more than `limit` says "more"."""
        return list(self.fields["model"].queryset.search(text)[: limit + 1])


class RoundFilterForm(forms.Form):
    """The rounds list's filters (GET). A value that cannot be read is ignored and said."""

    q = forms.CharField(
        label="Tên đợt",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )
    nam = forms.IntegerField(
        label="Năm",
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": "Năm phải là một số, ví dụ 2025."},
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    cap = forms.ChoiceField(
        label="Cấp",
        required=False,
        choices=[("", "Tất cả"), *RoundLevel.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    tinh_trang = forms.ChoiceField(
        label="Tình trạng",
        required=False,
        choices=[("", "Tất cả"), ("mo", "Đang diễn ra"), ("ket_thuc", "Đã kết thúc")],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def apply(self, rounds):
        data = self.cleaned_data
        if data.get("q"):
            rounds = rounds.filter(name__icontains=data["q"].strip())
        if data.get("nam"):
            rounds = rounds.filter(year=data["nam"])
        if data.get("cap"):
            rounds = rounds.filter(level=data["cap"])
        if data.get("tinh_trang"):
            rounds = rounds.filter(is_closed=data["tinh_trang"] == "ket_thuc")
        return rounds

    def _chosen(self):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {k: v for k, v in data.items() if v not in ("", None)}

    def querystring(self):
        """The filled-in filters, URL-encoded, for the page links ("nam=" when no year is chosen:
        every year, as without it the list opens on the current year)."""
        query = self._chosen()
        query.setdefault("nam", "")
        return urlencode(query)

    def all_years_querystring(self):
        """The same filters for every year."""
        return urlencode({**self._chosen(), "nam": ""})
