"""Who keeps a model: the one owner-unit rule, for the model form and the importer (which asks
it of its in-memory units)."""

from territory.models import Level


def owner_unit(commune, parent, parent_level):
    """The unit whose staff keep the models at a place of `commune` (`parent`: the commune's
    parent unit, of `parent_level`). Before 1/7/2025 a commune belongs to a district, which
    owns the model; the 2025 communes have no district and own their models themselves."""
    return parent if parent is not None and parent_level == Level.DISTRICT else commune
