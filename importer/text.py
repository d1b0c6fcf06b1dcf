"""danvan.text.clean and fold, fast: the importer cleans and folds every cell of files with tens
of thousands of rows.

Same results as `danvan.text` (tests check it, with generated text too), but
- text that is clean already (no control characters, no whitespace other than single spaces
  inside, NFC: nearly every cell) is recognised with a few checks in C instead of being
  normalised and rewritten;
- the combining marks are removed in C instead of a Python loop over characters: when the
  decomposed text has no other non-ASCII character (Vietnamese uses only marks of
  U+0300–U+036F: nearly every cell) by encoding it to ASCII, else with one regular expression
  and, for any other mark, one `str.translate`;
- repeated values (places, fields, implementers) are cleaned and folded once.
"""

import re
import unicodedata
from functools import lru_cache

from danvan.text import _SPACES, clean
from danvan.text import fold as slow_fold

# Combining marks of the Basic Multilingual Plane (built once, ~65,000 checks).
_COMBINING = {cp: None for cp in range(0x10000) if unicodedata.combining(chr(cp))}
# The Combining Diacritical Marks block without U+034F (a grapheme joiner, not a mark).
_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]")
_NOT_MARK_OR_ASCII = re.compile("[^\x00-\x7f\u0300-\u034e\u0350-\u036f]")


def quick_clean(value) -> str:
    """`danvan.text.clean`, returning clean text as it is."""
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
    return clean(text)


@lru_cache(maxsize=200_000)
def fold(value) -> str:
    text = quick_clean(value)
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
            return slow_fold(value)
        stripped = stripped.translate(_COMBINING)
    if "  " in stripped or stripped[:1] == " " or stripped[-1:] == " ":
        # As in danvan.text.fold: a mark alone between spaces leaves extra spaces once removed.
        stripped = _SPACES.sub(" ", stripped).strip()
    return stripped.lower()


# Cells repeat (places, fields, names, "Kinh tế"): clean each distinct text once.
cached_clean = lru_cache(maxsize=200_000)(quick_clean)
