"""The portal's `clean` and `fold` (`danvan.text`), remembered: cells repeat (places, fields,
names, "Kinh tế"), so each distinct text is cleaned and folded once per import."""

from functools import lru_cache

from danvan.text import clean, fold

quick_clean = clean  # the name the importer's modules know it by
fold = lru_cache(maxsize=200_000)(fold)
cached_clean = lru_cache(maxsize=200_000)(clean)
