from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from danvan.forms import NumberField, VietnameseEmptyChoices
from danvan.params import IdsChoiceField, to_id
from danvan.text import fold
from territory.models import Level, Unit

from .attachments import ACCEPT, inspect_upload
from .models import (
    Collective,
    Criterion,
    CriterionSet,
    ImplementerType,
    Individual,
    Model,
    YearlyProgress,
)
from .workflow import not_a_source_message, replication_sources

# From this year on the districts are gone (1/7/2025): places are the new communes.
FIRST_YEAR_WITHOUT_DISTRICTS = 2026
LAST_YEAR_WITH_DISTRICTS = 2025


def _year(value):
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if 1990 <= year <= 2100 else None


def valid_in_year_q(year, prefix=""):
    """Units that existed at some point of `year`."""
    return (
        Q(**{f"{prefix}valid_from__isnull": True})
        | Q(**{f"{prefix}valid_from__lte": date(year, 12, 31)})
    ) & (
        Q(**{f"{prefix}valid_until__isnull": True})
        | Q(**{f"{prefix}valid_until__gte": date(year, 1, 1)})
    )


def scope_units(user):
    return Unit.objects.all() if user.sees_everything else Unit.objects.in_scope_of(user.unit)


def _ids(values):
    """The values that are ids (others, such as "abc" or 10**30, are left out)."""
    return [pk for pk in map(to_id, values) if pk is not None]


# The registry's figures (amounts, not years): read and shown as 1.234.567 / 1.500,5.
FIGURES = [
    "households_mobilised",
    "land_donated_m2",
    "money_contributed",
    "workdays_contributed",
]


class PlacesMixin:
    """District → commune → village choices that follow each other (refreshed with htmx).

    Which units are offered depends on the registering year: before 1/7/2025 communes are
    chosen within a district; from 2026 the new communes (no district) are offered."""

    def setup_places(self, user, year):
        self.user = user
        self.place_year = year or date.today().year
        scope = scope_units(user)
        in_year = valid_in_year_q(self.place_year)
        self.uses_districts = self.place_year <= LAST_YEAR_WITH_DISTRICTS
        districts = Unit.objects.districts().filter(in_year, pk__in=scope.values("pk"))
        self.fields["district"].queryset = districts
        district_id = self._selected("district")
        district = next((d for d in districts if str(d.pk) == str(district_id)), None)
        if district is None and user.unit_id and user.unit.level == Level.DISTRICT:
            district = next((d for d in districts if d.pk == user.unit_id), None)
        self.selected_district = district if self.uses_districts else None
        communes = Unit.objects.communes().filter(in_year, pk__in=scope.values("pk"))
        if self.selected_district is not None:
            communes = communes.filter(parent=self.selected_district)
        else:
            communes = communes.exclude(parent__level=Level.DISTRICT)
        self.fields["communes"].queryset = communes.order_by("name")
        chosen_communes = _ids(self._selected_list("communes"))
        self.fields["villages"].queryset = (
            Unit.objects.villages()
            .filter(in_year, parent__in=chosen_communes, pk__in=scope.values("pk"))
            .select_related("parent")
            .order_by("parent__name", "name")
        )

    def _selected(self, name):
        if self.is_bound:
            return self.data.get(name)
        return self.initial.get(name)

    def _selected_list(self, name):
        if self.is_bound:
            return self.data.getlist(name) if hasattr(self.data, "getlist") else []
        return [getattr(v, "pk", v) for v in (self.initial.get(name) or [])]

    def places_context(self):
        """What the places partial shows, from the typed (or initial) values, without running
        validation (the partial is also rendered on every htmx refresh)."""
        chosen_communes = {str(v) for v in self._selected_list("communes")}
        chosen_villages = {str(v) for v in self._selected_list("villages")}
        communes = list(self.fields["communes"].queryset)
        villages = [
            v for v in self.fields["villages"].queryset if str(v.parent_id) in chosen_communes
        ]
        return {
            "uses_districts": self.uses_districts,
            "district_fixed": bool(
                self.user.unit_id and self.user.unit.level == Level.DISTRICT and self.uses_districts
            ),
            "districts": list(self.fields["district"].queryset),
            "selected_district": self.selected_district,
            "communes": [(c, str(c.pk) in chosen_communes) for c in communes],
            "villages": [(v, str(v.pk) in chosen_villages) for v in villages],
            "year": self.place_year,
        }

    def chosen_places(self):
        """Selected villages, and the selected communes in which no village was chosen."""
        villages = list(self.cleaned_data.get("villages") or [])
        with_village = {v.parent_id for v in villages}
        communes = [c for c in self.cleaned_data.get("communes") or [] if c.pk not in with_village]
        return communes + villages


class RegistryModelForm(PlacesMixin, VietnameseEmptyChoices, forms.ModelForm):
    # Drafts may be saved incomplete: the server says what is missing, in Vietnamese.
    use_required_attribute = False
    implementer_type = forms.ChoiceField(
        label="Người thực hiện là",
        choices=ImplementerType.choices,
        widget=forms.RadioSelect,
        initial=ImplementerType.COLLECTIVE,
    )
    district = forms.ModelChoiceField(
        label="Huyện, thành phố",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="— Chọn huyện —",
    )
    communes = IdsChoiceField(
        label="Xã, phường, thị trấn",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    villages = IdsChoiceField(
        label="Thôn, bản, tổ dân phố",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    parent_number = forms.IntegerField(
        label="Nhân rộng từ mô hình số",
        required=False,
        min_value=1,
        help_text="Số của mô hình gốc (ghi ở đầu trang chi tiết mô hình), nếu mô hình này nhân rộng từ mô hình khác.",
    )
    confirm_duplicate = forms.BooleanField(
        label="Tôi đã xem mô hình trùng và vẫn muốn lưu", required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        label="Lý do thay đổi (không bắt buộc)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ghi vào lịch sử thay đổi của mô hình.",
    )

    class Meta:
        model = Model
        fields = [
            "title",
            "collective",
            "individual",
            "field",
            "year",
            "registration_type",
            "start_date",
            "end_date",
            "goals",
            "approach",
            "results",
            "households_mobilised",
            "land_donated_m2",
            "money_contributed",
            "workdays_contributed",
            "other_outcomes",
            "criteria",
            "partners",
            "note",
            "individual_consents",
        ]
        # Figures typed the office way: "120.000.000" đồng, "1.500,5" m²; criteria ids that
        # are not numbers (or too large) are invalid choices, not a 500.
        field_classes = {**dict.fromkeys(FIGURES, NumberField), "criteria": IdsChoiceField}
        widgets = {
            "start_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "end_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "approach": forms.Textarea(attrs={"rows": 3}),
            "results": forms.Textarea(attrs={"rows": 3}),
            "other_outcomes": forms.Textarea(attrs={"rows": 2}),
            "partners": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
            "criteria": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "year": {"invalid": "Năm đăng ký phải là một số, ví dụ 2024."},
            "start_date": {"invalid": "Ngày không hợp lệ, ghi theo dạng dd/mm/yyyy."},
            "end_date": {"invalid": "Ngày không hợp lệ, ghi theo dạng dd/mm/yyyy."},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk and not self.is_bound:
            self._initial_from_instance(instance)
        elif not instance.pk and not self.is_bound:
            self.initial.setdefault("year", date.today().year)
        year = _year(self.data.get("year")) if self.is_bound else _year(self.initial.get("year"))
        year = year or instance.year or date.today().year
        self.setup_places(user, year)
        if not instance.pk:
            del self.fields["change_reason"]  # asked on edits only
        self.fields["title"].widget.attrs["autofocus"] = not instance.pk
        self.fields["year"].widget.attrs.update({"min": 1990, "max": 2100})
        self.fields["collective"].queryset = Collective.objects.visible_to(user).select_related(
            "unit__parent"
        )
        self.fields["individual"].queryset = Individual.objects.visible_to(user).select_related(
            "unit__parent"
        )
        # Near-namesakes ("Chi bộ thôn Nà Lần" of two communes) told apart by their unit.
        self.fields["collective"].label_from_instance = implementer_label
        self.fields["individual"].label_from_instance = implementer_label
        self.fields["collective"].required = False
        self.fields["individual"].required = False
        self.fields["collective"].empty_label = "— Chọn tập thể —"
        self.fields["individual"].empty_label = "— Chọn cá nhân —"
        self.fields["field"].empty_label = "— Chọn lĩnh vực —"
        self.fields["field"].required = False
        self.fields["title"].required = True
        self.criterion_set = CriterionSet.objects.for_year(year)
        self.fields["criteria"].queryset = (
            Criterion.objects.filter(criterion_set=self.criterion_set)
            if self.criterion_set
            else Criterion.objects.none()
        )
        self.fields["criteria"].required = False
        self.duplicates = []

    def _initial_from_instance(self, instance):
        places = list(instance.places.select_related("parent"))
        communes = {p for p in places if p.level == Level.COMMUNE}
        communes |= {p.parent for p in places if p.level == Level.VILLAGE}
        self.initial.update(
            implementer_type=instance.implementer_type,
            communes=[c.pk for c in communes],
            villages=[p.pk for p in places if p.level == Level.VILLAGE],
            version=instance.version,
            parent_number=instance.parent_id,
        )
        district = next((c.parent for c in communes if c.parent.level == Level.DISTRICT), None)
        if district:
            self.initial["district"] = district.pk

    def criteria_context(self):
        chosen = {str(v) for v in self._criteria_selected()}
        return {
            "criterion_set": self.criterion_set,
            "criteria": [(c, str(c.pk) in chosen) for c in self.fields["criteria"].queryset],
        }

    def _criteria_selected(self):
        if self.is_bound:
            return self.data.getlist("criteria") if hasattr(self.data, "getlist") else []
        if self.instance.pk and "criteria" not in self.initial:
            return [c.pk for c in self.instance.criteria.all()]
        return [getattr(v, "pk", v) for v in (self.initial.get("criteria") or [])]

    def clean_title(self):
        from danvan.text import clean

        return clean(self.cleaned_data.get("title"))

    def clean_parent_number(self):
        number = self.cleaned_data.get("parent_number")
        if not number:
            return None
        # Same rule as workflow.save_model: the territory, or a recognised model of the province.
        parent = replication_sources(self.user).filter(pk=number).first()
        if parent is None:
            raise forms.ValidationError(not_a_source_message(number))
        if self.instance.pk and parent.pk == self.instance.pk:
            raise forms.ValidationError("Một mô hình không thể nhân rộng từ chính nó.")
        return parent

    def clean(self):
        data = super().clean()
        kind = data.get("implementer_type")
        if kind == ImplementerType.COLLECTIVE:
            data["individual"] = None
            if not data.get("collective") and "collective" not in self.errors:
                self.add_error("collective", "Chọn tập thể thực hiện (hoặc thêm tập thể mới).")
        elif kind == ImplementerType.INDIVIDUAL:
            data["collective"] = None
            if not data.get("individual") and "individual" not in self.errors:
                self.add_error("individual", "Chọn cá nhân thực hiện (hoặc thêm cá nhân mới).")
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            # Same rule as the constraint model_period_ordered.
            self.add_error("end_date", "Thời gian kết thúc phải sau thời gian bắt đầu.")
        year = data.get("year")
        if year and not 1990 <= year <= 2100:
            # Same rule as the constraint model_year_plausible.
            self.add_error("year", "Năm đăng ký phải trong khoảng 1990–2100.")
        if year and data.get("title") and (data.get("collective") or data.get("individual")):
            self.duplicates = list(
                Model.objects.visible_to(self.user).duplicates_of(
                    year=year,
                    title=data["title"],
                    collective=data.get("collective"),
                    individual=data.get("individual"),
                    exclude_pk=self.instance.pk,
                )[:5]
            )
            if self.duplicates and not data.get("confirm_duplicate"):
                self.add_error(
                    "title",
                    "Đã có mô hình cùng tên, cùng người thực hiện trong năm này (xem bên dưới). "
                    "Nếu đây không phải mô hình trùng, đánh dấu ô xác nhận rồi lưu lại.",
                )
        return data

    def apply(self):
        """The unsaved model with the typed values (the workflow saves it)."""
        model = self.save(commit=False)
        model.collective = self.cleaned_data.get("collective")
        model.individual = self.cleaned_data.get("individual")
        model.parent = self.cleaned_data.get("parent_number")
        model.title_key = fold(model.title)
        return model


class ImplementerUnitMixin:
    def setup_unit(self, user):
        # Units of the user's territory, old tree then new (ordered by path), named with parent.
        self.fields["unit"].queryset = (
            scope_units(user)
            .filter(level__gte=Level.PROVINCE)
            .select_related("parent")
            .order_by("path")
        )
        self.fields["unit"].label_from_instance = unit_label
        self.fields["unit"].empty_label = "— Chọn địa bàn —"


def implementer_label(implementer):
    """ "Chi bộ thôn Pác Châm — Xã Bành Trạch, Huyện Ba Bể" (a collective or an individual)."""
    return (
        f"{implementer} — {implementer.unit.label()}" if implementer.unit_id else str(implementer)
    )


def unit_label(unit):
    label = unit.label()
    if unit.valid_until:
        label += f" (đến {unit.valid_until:%d/%m/%Y})"
    return label


class CollectiveForm(ImplementerUnitMixin, VietnameseEmptyChoices, forms.ModelForm):
    # Rendered inside the model form: browser "required" checks would block saving the model.
    use_required_attribute = False
    prefix = "tt"

    class Meta:
        model = Collective
        fields = ["name", "kind", "unit"]
        help_texts = {"name": "Ví dụ: Chi bộ Văn phòng Huyện ủy Pác Nặm, Hội Nông dân xã Nghĩa Tá"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_unit(user)


class IndividualForm(ImplementerUnitMixin, VietnameseEmptyChoices, forms.ModelForm):
    use_required_attribute = False
    prefix = "cn"

    class Meta:
        model = Individual
        fields = ["full_name", "gender", "birth_year", "ethnicity", "position", "unit"]
        error_messages = {"birth_year": {"invalid": "Năm sinh phải là một số, ví dụ 1975."}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_unit(user)

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and not 1900 <= year <= 2100:
            # Same rule as the constraint individual_birth_year_plausible.
            raise forms.ValidationError("Năm sinh phải trong khoảng 1900–2100.")
        return year


class ProgressForm(VietnameseEmptyChoices, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        label="Lý do thay đổi (không bắt buộc)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = YearlyProgress
        fields = [
            "year",
            "activities",
            "achievements",
            "households_mobilised",
            "money_contributed",
            "workdays_contributed",
        ]
        field_classes = {name: NumberField for name in FIGURES if name != "land_donated_m2"}
        widgets = {
            "activities": forms.Textarea(attrs={"rows": 3}),
            "achievements": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "activities": {"required": "Nhập nội dung đã thực hiện trong năm."},
            "year": {"required": "Nhập năm.", "invalid": "Năm phải là một số, ví dụ 2024."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        if not self.instance.pk:
            del self.fields["change_reason"]  # asked on edits only


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (<input type="file" multiple>): cleans to a list."""

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, list | tuple):
            # No file at all: None, so that "required" is said as for one file.
            return [one(item, initial) for item in data] if data else [one(None, initial)]
        return [one(data, initial)]


class AttachmentForm(forms.Form):
    file = MultipleFileField(
        label="Tệp minh chứng",
        help_text=(
            "Ảnh (JPG, PNG, WEBP) hoặc tài liệu (PDF, Word, Excel), tối đa 10 MB mỗi tệp; "
            "chọn được nhiều tệp một lần."
        ),
        error_messages={"required": "Chọn tệp để tải lên.", "empty": "Tệp rỗng."},
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )
    caption = forms.CharField(label="Chú thích", max_length=255, required=False)
    is_public = forms.BooleanField(
        label="Công khai ảnh này trên trang mô hình điển hình",
        required=False,
        help_text="Chỉ áp dụng cho ảnh; tài liệu không bao giờ được công khai.",
    )


CHOOSE_AGAIN = "Các tệp đã chọn ({names}) chưa được lưu: chọn lại các tệp trước khi gửi lại."


class NewModelEvidenceForm(forms.Form):
    """Evidence chosen on the "Thêm mô hình" form, saved with the new model.

    Every file is checked by content before anything is saved: one refused file saves neither
    the model nor the other files. A browser never refills a file input, so when the page comes
    back with an error the files must be chosen again, and the page says which."""

    evidence = MultipleFileField(
        label="Tệp minh chứng",
        required=False,
        help_text=(
            "Không bắt buộc. Ảnh (JPG, PNG, WEBP) hoặc tài liệu (PDF, Word, Excel), tối đa 10 MB "
            "mỗi tệp; chọn được nhiều tệp một lần. Thêm được tệp sau, ở trang của mô hình."
        ),
        error_messages={"empty": "Tệp rỗng."},
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )

    def chosen_names(self):
        return [upload.name for upload in self.files.getlist("evidence") if upload.name]

    def clean_evidence(self):
        chosen = [upload for upload in self.cleaned_data["evidence"] if upload]
        refused = []
        for upload in chosen:
            try:
                inspect_upload(upload)
            except ValidationError as error:
                said = " ".join(error.messages)
                refused.append(said if f"“{upload.name}”" in said else f"“{upload.name}”: {said}")
        if refused:
            raise ValidationError([*refused, self.choose_again_message()])
        return chosen

    def choose_again_message(self):
        return CHOOSE_AGAIN.format(names=", ".join(self.chosen_names()))

    def ask_to_choose_again(self):
        """The model form was refused: say that the chosen files were not kept (once)."""
        message = self.choose_again_message()
        if self.chosen_names() and message not in self.errors.get("evidence", []):
            self.add_error("evidence", message)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Lý do rút mô hình",
        max_length=90,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Nhập lý do rút mô hình."},
    )
