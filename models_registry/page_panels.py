"""Panels that the apps above the registry add to a model's page: a template hook.

The registry does not import those apps. One that has something to show beside a model (the
reviews app: entries, outcomes, commendations) registers a template and a function from its
`AppConfig.ready()`; the model page calls each function with the model and the user and includes
its template with the result as `panel`.
"""

_PANELS = {}


def register(template_name, build):
    """Show `template_name` on every model page, with `build(model, user)` as `panel`."""
    _PANELS[template_name] = build


def for_model(model, user):
    """[(template name, panel)] in the order the apps were registered."""
    return [(template_name, build(model, user)) for template_name, build in _PANELS.items()]
