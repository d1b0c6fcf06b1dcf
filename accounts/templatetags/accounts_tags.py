from django import template

register = template.Library()


@register.inclusion_tag("accounts/partials/unit_notice.html")
def unit_notice(user):
    """The notice an account of an abolished unit sees: what it may still do, and the units
    that took its territory over. One query, for those accounts only."""
    if not user.is_authenticated or not user.unit_abolished:
        return {"unit": None}
    return {"unit": user.unit, "successors": list(user.successor_units())}
