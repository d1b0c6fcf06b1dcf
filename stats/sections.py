"""Sections that sibling apps add to the statistics page, its JSON and its Excel report.

A choice about layering: `stats` and `assistance` sit side by side above `reviews`, so neither
imports the other. The statistics page composes the help for difficult communes (issue:
"on the statistics page and in its Excel and JSON") through this small hook instead: `SECTIONS`
names each provider module by dotted path, the way Django's settings name middleware, and the
provider owns its figures, its template partial and its sheets. What passes between the two
is plain: the user, the territory's unit ids (`TerritoryTree.unit_ids`, the same territory as
every other figure of the page), the period's last year, and JSON-ready figures.

A provider module has
- `KEY`: the key of its figures in `statistics()` and in the page's JSON ("assistance");
- `TEMPLATE`: the partial the page body includes, with its figures as `figures`;
- `figures(user, unit_ids, year)`: JSON-ready figures, in a fixed number of queries;
- `add_sheets(workbook, figures, subtitle_lines)`: its sheets of the Excel report.

The figures are part of `statistics()` and, like the others, computed afresh on every visit.
"""

from functools import cache
from importlib import import_module

from django.apps import apps

SECTIONS = ("assistance.statistics",)


@cache
def sections():
    """The provider modules of the installed apps, in the order of `SECTIONS`."""
    return [import_module(path) for path in SECTIONS if apps.is_installed(path.split(".", 1)[0])]
