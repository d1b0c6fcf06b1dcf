"""Evidence files, on the model's page and already on the new model's form."""

from django import forms
from django.core.exceptions import ValidationError

from ..attachments import ACCEPT, inspect_upload


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
