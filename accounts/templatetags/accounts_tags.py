from django import template

register = template.Library()


@register.inclusion_tag("accounts/partials/unit_notice.html")
def unit_notice(user):
    """The notice an account of an abolished unit sees (`User.reads_only`): it only reads its
    old records, and the units that took its territory over. One query, for those accounts
    only."""
    if not user.is_authenticated or not user.reads_only:
        return {"unit": None}
    return {"unit": user.unit, "successors": list(user.successor_units())}
