"""The registry: "Dân vận khéo" models, who carries them out, where, and their evidence.

`catalogue` (fields and NTM criteria, loaded by migrations), `implementers` (collectives and
individuals), `model` (the model, its status and recognition, `RECOGNITION_RANK`), `progress`
(yearly progress), `evidence` (attachments), `place_facts` (the statistics' summary rows)."""

from .catalogue import Criterion, CriterionSet, Field
from .evidence import Attachment, AttachmentKind, attachment_path
from .implementers import Collective, CollectiveKind, Gender, Individual
from .model import (
    RECOGNITION_RANK,
    ChangeNotes,
    DvkModel,
    ImplementerType,
    RecognitionLevel,
    RegistrationType,
    Status,
)
from .place_facts import RESULT_FLAGS, CriterionFact, PlaceFact, ResultFact
from .progress import YearlyProgress

__all__ = [
    "RECOGNITION_RANK",
    "RESULT_FLAGS",
    "Attachment",
    "AttachmentKind",
    "ChangeNotes",
    "Collective",
    "CollectiveKind",
    "Criterion",
    "CriterionFact",
    "CriterionSet",
    "Field",
    "Gender",
    "ImplementerType",
    "Individual",
    "DvkModel",
    "PlaceFact",
    "RecognitionLevel",
    "RegistrationType",
    "ResultFact",
    "Status",
    "YearlyProgress",
    "attachment_path",
]
