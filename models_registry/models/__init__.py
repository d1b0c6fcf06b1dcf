"""The registry: "Dân vận khéo" models, who carries them out, where, and their evidence.

`catalogue` (fields and NTM criteria, loaded by migrations), `implementers` (collectives and
individuals), `model` (the model, its status and recognition, `RECOGNITION_RANK`), `progress`
(yearly progress), `evidence` (attachments), `place_facts` (the statistics' summary rows), `counts` (the statistics' counts by group)."""

from .catalogue import Criterion, CriterionSet, Field
from .counts import (
    CRITERION_GROUP,
    PLACE_GROUP,
    REGISTRATION_COUNTS,
    REGISTRATION_GROUP,
    RESULT_GROUP,
    RESULT_OUTCOMES,
    CriterionCount,
    PlaceCount,
    RegistrationCount,
    RegistrationFact,
    ResultCount,
)
from .evidence import Attachment, AttachmentKind, attachment_path
from .implementers import Collective, CollectiveKind, Gender, Individual
from .model import (
    NOT_REGISTERED,
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
    "CRITERION_GROUP",
    "PLACE_GROUP",
    "NOT_REGISTERED",
    "RECOGNITION_RANK",
    "REGISTRATION_COUNTS",
    "REGISTRATION_GROUP",
    "RESULT_FLAGS",
    "RESULT_GROUP",
    "RESULT_OUTCOMES",
    "Attachment",
    "AttachmentKind",
    "ChangeNotes",
    "Collective",
    "CollectiveKind",
    "Criterion",
    "CriterionCount",
    "CriterionFact",
    "CriterionSet",
    "Field",
    "Gender",
    "ImplementerType",
    "Individual",
    "DvkModel",
    "PlaceCount",
    "PlaceFact",
    "RecognitionLevel",
    "RegistrationCount",
    "RegistrationFact",
    "RegistrationType",
    "ResultCount",
    "ResultFact",
    "Status",
    "YearlyProgress",
    "attachment_path",
]
