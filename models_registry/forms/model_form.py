"""The form that registers and edits a model, and the registry's figures."""

from datetime import date

from django import forms

from danvan.forms import NumberField, VietnameseEmptyChoices
from danvan.params import IdsChoiceField
from danvan.text import fold
from territory.models import Level, Unit

from ..models import Collective, Criterion, CriterionSet, DvkModel, ImplementerType, Individual
from ..workflow import not_a_source_message, replication_sources
from .implementers import implementer_label
from .places import PlacesMixin, _year

# The registry's figures (amounts, not years): read and shown as 1.234.567 / 1.500,5.
FIGURES = [
    "households_mobilised",
    "land_donated_m2",
    "money_contributed",
    "workdays_contributed",
]


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
        model = DvkModel
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
                DvkModel.objects.visible_to(self.user).duplicates_of(
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
