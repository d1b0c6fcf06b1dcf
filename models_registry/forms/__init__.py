"""The registry's forms.

`places` (places chosen by year, units in scope), `model_form` (registering and editing a model,
the registry's figures), `implementers` (collectives and individuals created inline), `progress`
(yearly progress), `evidence` (evidence files), `withdraw` (withdrawing with a reason)."""

from .evidence import (
    CHOOSE_AGAIN,
    AttachmentForm,
    MultipleFileField,
    MultipleFileInput,
    NewModelEvidenceForm,
)
from .implementers import (
    CollectiveForm,
    ImplementerUnitMixin,
    IndividualForm,
    implementer_label,
    unit_label,
)
from .model_form import FIGURES, RegistryModelForm
from .places import (
    FIRST_YEAR_WITHOUT_DISTRICTS,
    LAST_YEAR_WITH_DISTRICTS,
    PlacesMixin,
    scope_units,
    valid_in_year_q,
)
from .progress import ProgressForm
from .withdraw import WithdrawForm

__all__ = [
    "CHOOSE_AGAIN",
    "FIGURES",
    "FIRST_YEAR_WITHOUT_DISTRICTS",
    "LAST_YEAR_WITH_DISTRICTS",
    "AttachmentForm",
    "CollectiveForm",
    "ImplementerUnitMixin",
    "IndividualForm",
    "MultipleFileField",
    "MultipleFileInput",
    "NewModelEvidenceForm",
    "PlacesMixin",
    "ProgressForm",
    "RegistryModelForm",
    "WithdrawForm",
    "implementer_label",
    "scope_units",
    "unit_label",
    "valid_in_year_q",
]
