"""File formats of the admin's django-import-export exports, safe to open in a spreadsheet.

django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT removes a leading "=" only,
and turns every cell into text on the way (an empty cell reads "None", a number becomes text).
Here the escaping touches only text that starts like a formula (`danvan.xlsx.FORMULA_START`):

- CSV and TSV: the cell gets a leading apostrophe, so a spreadsheet shows it as text
  ("=HYPERLINK(…)" is kept, visibly, rather than run);
- xlsx: tablib drops the leading "=" of what would become a formula cell; other cells keep
  their type.
"""

from django.utils.text import capfirst
from import_export import admin, resources
from import_export.formats import base_formats

from .xlsx import looks_like_formula


def _quote(value):
    return "'" + value if looks_like_formula(value) else value


class _QuotedText:
    def _escape_formulae(self, dataset):
        for _ in range(dataset.height):
            dataset.append([_quote(cell) for cell in dataset.lpop()])


class CSV(_QuotedText, base_formats.CSV):
    pass


class TSV(_QuotedText, base_formats.TSV):
    pass


class XLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        # tablib's own escape keeps every other cell's type.
        return dataset.export(self.get_title(), escape=True, **kwargs)


class JSON(base_formats.JSON):
    """Not opened by spreadsheets: written as it is."""

    def _escape_formulae(self, dataset):
        pass


# The admin offers these (no HTML, YAML or legacy .xls).
FORMATS = [CSV, XLSX, TSV, JSON]
# django-import-export keeps cell types (numbers, dates, empty cells) only for the formats in
# this list, compared by exact class: ours is one of them.
base_formats.BINARY_FORMATS.append(XLSX)


class ModelResource(resources.ModelResource):
    """Columns headed by the fields' Vietnamese names ("Tên", "Đơn vị cấp trên"), not their
    Python names: the administrator reads the export and fills the same columns to import."""

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        field.column_name = capfirst(str(django_field.verbose_name))
        return field


class ImportExportModelAdmin(admin.ImportExportModelAdmin):
    """django-import-export's admin, with these formats and, for an admin that declares no
    resource, the model's fields under their Vietnamese names."""

    formats = FORMATS

    def get_resource_classes(self, request):
        if self.resource_classes:
            return self.resource_classes
        return [resources.modelresource_factory(self.model, resource_class=ModelResource)]
