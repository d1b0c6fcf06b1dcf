"""Text folding shared by search, duplicate detection and the importer.

"Nà Hin", "NÀ HIN", "na hin" and a decomposed "Na\u0300 Hin" all fold to "na hin".
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_DD = str.maketrans({"đ": "d", "Đ": "d"})
# Control characters (other than whitespace, which collapses to one space) are dropped.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(value) -> str:
    """NFC, no control characters, single spaces, stripped. For display values."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = _CONTROL.sub("", text)
    return _SPACES.sub(" ", text).strip()


def fold(value) -> str:
    """Lower case, no diacritics, đ -> d, single spaces: the form every search compares."""
    text = clean(value).translate(_DD)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # A mark standing alone between spaces leaves two spaces (or one at an end) once removed.
    return _SPACES.sub(" ", stripped).strip().lower()
