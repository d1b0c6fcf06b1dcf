"""Registry screens. Thin on purpose: objects come through `rules.get_visible_model` (404 outside
the user's territory, 403 when read-only) and every change goes through `workflow`.

`listing` (the list, its unit choices, the export), `detail` (a model's page), `editing` (create
and edit, the form's places, who carries it out created inline), `states` (submit, withdraw,
delete), `progress` (yearly progress), `evidence` (evidence files)."""

from .detail import model_detail
from .editing import (
    collective_create,
    form_places,
    individual_create,
    model_create,
    model_edit,
    model_url,
)
from .evidence import (
    attachment_delete,
    attachment_download,
    attachment_thumbnail,
    attachment_upload,
)
from .listing import commune_options, export, model_list, unit_options
from .progress import progress_add, progress_edit
from .states import model_delete, model_submit, model_withdraw

__all__ = [
    "attachment_delete",
    "attachment_download",
    "attachment_thumbnail",
    "attachment_upload",
    "collective_create",
    "commune_options",
    "export",
    "form_places",
    "individual_create",
    "model_create",
    "model_delete",
    "model_detail",
    "model_edit",
    "model_list",
    "model_submit",
    "model_url",
    "model_withdraw",
    "progress_add",
    "progress_edit",
    "unit_options",
]
