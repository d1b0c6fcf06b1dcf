from django import forms
from django.core.exceptions import ValidationError

from territory.models import Unit

from .reader import ALLOWED_SUFFIXES, MAX_FILE_SIZE, UnreadableFile, read_file


class DefaultsForm(forms.Form):
    """Year and sending unit for rows whose file does not say them (column, section, sheet
    name or title rows win when they do). A local officer always sends for their own unit:
    the unit is not asked."""

    year = forms.IntegerField(
        label="Năm đăng ký (nếu tệp không ghi)",
        min_value=1990,
        max_value=2100,
        required=False,
        widget=forms.NumberInput(attrs={"placeholder": "Ví dụ: 2023"}),
    )
    district = forms.ModelChoiceField(
        label="Đơn vị gửi (nếu tệp không ghi)",
        help_text="Huyện (danh sách trước 01/07/2025) hoặc xã, phường hiện nay.",
        queryset=(
            Unit.objects.districts().filter(valid_until__isnull=False)
            | Unit.objects.communes().filter(valid_from__isnull=False, valid_until__isnull=True)
        ).order_by("level", "name"),
        required=False,
        empty_label="— Theo tệp —",
    )
    overwrite = forms.BooleanField(
        label="Ghi đè các trường đã có giá trị bằng giá trị trong tệp",
        help_text="Không chọn: mô hình đã có chỉ được điền các trường còn trống.",
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not user.is_administrator:
            del self.fields["district"]


class UploadForm(DefaultsForm):
    file = forms.FileField(
        label="Tệp danh sách",
        help_text="Excel (.xlsx, .xls), OpenDocument (.ods) hoặc .csv; tối đa "
        f"{MAX_FILE_SIZE // 1024 // 1024} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_SUFFIXES)}),
        error_messages={
            "required": "Hãy chọn tệp danh sách cần nhập.",
            "empty": "Tệp gửi lên rỗng (không có dữ liệu).",
            "invalid": "Không nhận được tệp; hãy chọn lại.",
        },
    )
    field_order = ["file", "year", "district", "overwrite"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise ValidationError(
                f"Tệp quá lớn ({upload.size / 1024 / 1024:.1f} MB); chỉ nhận tệp đến "
                f"{MAX_FILE_SIZE // 1024 // 1024} MB."
            )
        data = upload.read()
        try:
            self.sheets = read_file(data, upload.name)
        except UnreadableFile as exc:
            raise ValidationError(str(exc)) from exc
        self.data_bytes = data
        return upload


class ConfirmForm(forms.Form):
    skip_errors = forms.BooleanField(
        label="Bỏ qua các dòng lỗi, chỉ nhập các dòng đúng", required=False
    )
