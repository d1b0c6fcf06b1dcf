"""The registry: "Dân vận khéo" models, who carries them out, where, and their evidence.

`catalogue` (fields and NTM criteria, loaded by migrations), `implementers` (collectives and
individuals), `model` (the model, its status and recognition, `RECOGNITION_RANK`), `progress`
(yearly progress), `evidence` (attachments), `place_facts` (the statistics' place rows)."""

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
from .place_facts import PlaceFact
from .progress import YearlyProgress

__all__ = [
    "RECOGNITION_RANK",
    "Attachment",
    "AttachmentKind",
    "ChangeNotes",
    "Collective",
    "CollectiveKind",
    "Criterion",
    "CriterionSet",
    "Field",
    "Gender",
    "ImplementerType",
    "Individual",
    "DvkModel",
    "PlaceFact",
    "RecognitionLevel",
    "RegistrationType",
    "Status",
    "YearlyProgress",
    "attachment_path",
]
