"""The folded search column of a model, built in one place for the portal's forms, the importer
and the demo generator.

`search_text` is what `DvkModel.objects.search` matches: the model's title, implementer and place
labels ("Thôn Nà Hin, Xã Giáo Hiệu"), each folded, joined with " | ".
"""

from danvan.text import fold


def search_text(texts, folded=None):
    """`texts`: title, implementer, place labels (empty ones are left out). `folded`: the same
    texts already folded, when the caller has them (the importer and the generator fold each
    name once).

    Folding works character by character and every part is clean text, so the folded whole is
    the folded parts joined; a part that folds to nothing (a lone mark) takes the long way, as
    the spaces around it collapse."""
    if folded is None:
        folded = [fold(text) if text else "" for text in texts]
    parts = [(text, key) for text, key in zip(texts, folded, strict=True) if text]
    if all(key for _text, key in parts):
        return " | ".join(key for _text, key in parts)
    return fold(" | ".join(text for text, _key in parts))
