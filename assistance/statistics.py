"""The help for difficult communes as a section of the statistics page (/thong-ke/): the
yearly report of the page's territory, scoped to the user, in its JSON under "assistance" and
in its Excel report. `stats.sections` names this module (why, and what a section provides:
its docstring); this module does not import `stats`."""

from . import exports, rules
from .report import yearly_report

KEY = "assistance"
TEMPLATE = "assistance/statistics_section.html"


def figures(user, unit_ids, year):
    """The report of `year` for the communes among `unit_ids` that the user may see (a commune
    officer: their own commune and the communes it was formed from), as `/giup-xa/?format=json`
    gives it."""
    return exports.as_json(yearly_report(year, rules.visible_communes(user), within=unit_ids))


def add_sheets(wb, figures, subtitle_lines):
    exports.add_sheets(wb, figures, subtitle_lines, name_prefix="Giúp đỡ xã - ")
