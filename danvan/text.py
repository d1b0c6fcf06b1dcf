"""Text folding shared by search, duplicate detection, the importer and the demo generator: the
portal's one `clean` and one `fold`.

"Nà Hin", "NÀ HIN", "na hin" and a decomposed "Na\u0300 Hin" all fold to "na hin".

Both are fast, because the importer cleans and folds every cell of files with tens of thousands
of rows and the generator a million titles; `_clean_slowly` and `_fold_slowly` say what they
compute (the tests check the fast ways against them, with generated text too):
- text that is clean already (no control characters, no whitespace other than single spaces
  inside, NFC: nearly every cell) is recognised with a few checks in C instead of being
  normalised and rewritten;
- the combining marks are removed in C instead of a Python loop over characters: when the
  decomposed text has no other non-ASCII character (Vietnamese uses only marks of
  U+0300–U+036F: nearly every cell) by encoding it to ASCII, else with one regular expression
  and, for any other mark, one `str.translate`.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_DD = str.maketrans({"đ": "d", "Đ": "d"})
# Control characters (other than whitespace, which collapses to one space) are dropped.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Combining marks of the Basic Multilingual Plane (built once, ~65,000 checks).
_COMBINING = {cp: None for cp in range(0x10000) if unicodedata.combining(chr(cp))}
# The Combining Diacritical Marks block without U+034F (a grapheme joiner, not a mark).
_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]")
_NOT_MARK_OR_ASCII = re.compile("[^\x00-\x7f\u0300-\u034e\u0350-\u036f]")


def _clean_slowly(value) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = _CONTROL.sub("", text)
    return _SPACES.sub(" ", text).strip()


def _fold_slowly(value) -> str:
    text = _clean_slowly(value).translate(_DD)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # A mark standing alone between spaces leaves two spaces (or one at an end) once removed.
    return _SPACES.sub(" ", stripped).strip().lower()


def clean(value) -> str:
    """NFC, no control characters, single spaces, stripped. For display values."""
    if value is None:
        return ""
    text = value if type(value) is str else str(value)
    # Printable: no control character and no whitespace but the space (the other characters
    # that are not printable take the long way, which leaves most of them as they are).
    if (
        text.isprintable()
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
        and unicodedata.is_normalized("NFC", text)
    ):
        return text
    return _clean_slowly(text)


def fold(value) -> str:
    """Lower case, no diacritics, đ -> d, single spaces: the form every search compares."""
    text = clean(value)
    if text.isascii():
        return text.lower()
    if "đ" in text or "Đ" in text:
        text = text.replace("đ", "d").replace("Đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    if _NOT_MARK_OR_ASCII.search(decomposed) is None:
        # Letters and marks of U+0300–U+036F only (nearly all Vietnamese text): the marks are
        # all that is not ASCII.
        stripped = decomposed.encode("ascii", "ignore").decode("ascii")
    else:
        stripped = _MARKS.sub("", decomposed)
    if not stripped.isascii():
        if max(stripped) > "\uffff":
            return _fold_slowly(value)
        stripped = stripped.translate(_COMBINING)
    if "  " in stripped or stripped[:1] == " " or stripped[-1:] == " ":
        # A mark alone between spaces leaves extra spaces once removed.
        stripped = _SPACES.sub(" ", stripped).strip()
    return stripped.lower()
