"""Page bodies rendered once per data version and audience, then served from the cache.

The registry list, a model's page and the statistics page cost 40–90 ms each to build (ORM
rows, template nodes); under load that was the whole server. Their body (everything inside
`{% block content %}`) depends only on

- the data, whose version `stats.cache` tracks with database triggers (any write anywhere
  gives a new version, so a cached body is never older than the data);
- the *audience*: every permission rule of the portal (`models_registry.rules`,
  `reviews.rules`, the scoped querysets) looks at the account's role, superuser flag and unit,
  never at the account itself, so two accounts with the same three see the same page;
- the page's own key (its GET parameters, the model's id).

The body is rendered without the request: no context processor runs, so a body template
cannot reach `user`, `request`, `perms` or messages even by mistake (the layout around it,
with the user's name and messages, is rendered per request). Forms inside a body get a
placeholder CSRF token that is replaced with the requesting user's token on the way out: a
marker with a random nonce drawn for that body and stored with it, so no text a user typed
into a model can ever equal it (and be rewritten into someone's token).

The views still check access before asking for a body (a model outside the user's territory
is a 404 whatever is cached).
"""

import secrets

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from stats.cache import cached

# What `{% csrf_token %}` writes inside a cached body, followed by that body's own nonce;
# swapped for the real token per request.
CSRF_MARKER = "csrf-placeholder-"


def audience(user):
    """Who gets the same page body (see the module docstring)."""
    return (user.role, bool(user.is_superuser), user.unit_id)


def cached_body(request, template_name, key, context):
    """The HTML of `template_name` rendered with `context()` (a callable, called only when the
    body is not cached yet), for this request's audience and `key`."""

    def render():
        values = context()
        placeholder = CSRF_MARKER + secrets.token_hex(16)
        values["csrf_token"] = placeholder
        return placeholder, render_to_string(template_name, values)

    # Stored as (placeholder, html) pairs under a namespace of their own.
    placeholder, html = cached("page-body", (template_name, audience(request.user), key), render)
    if placeholder in html:
        html = html.replace(placeholder, get_token(request))
    return mark_safe(html)  # noqa: S308 -- rendered by the template engine, which escaped it


def query_key(request, *ignored):
    """The GET parameters as a stable key (order-independent), without `ignored` names."""
    return tuple(sorted((k, tuple(v)) for k, v in request.GET.lists() if k not in ignored))
