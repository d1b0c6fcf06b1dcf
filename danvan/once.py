"""Double-submit protection for create forms.

A create form carries a one-time `form_token` (hidden input). The first POST with a token that
succeeds remembers where it led; a second POST with the same token (a double click, a browser
retry on a slow link) is sent to the same result instead of creating a second record.
Tokens live in the session, at most `KEEP` of them. The registry also keeps the token on the model
it made (unique in the database: `model_form_token_once`), so two submits sent at the same moment,
or from two sessions, still make one model.
"""

import uuid

SESSION_KEY = "form_tokens"
FIELD = "form_token"
KEEP = 50


def new_token():
    return uuid.uuid4().hex


def posted_token(request):
    """The posted token if it looks like one of ours (32 hex digits), else None."""
    token = request.POST.get(FIELD, "")
    return token if len(token) == 32 and all(c in "0123456789abcdef" for c in token) else None


def previous_result(request):
    """The URL the first submission of this form led to, or None."""
    token = request.POST.get(FIELD, "")
    return request.session.get(SESSION_KEY, {}).get(token) if token else None


def remember_result(request, url):
    token = request.POST.get(FIELD, "")
    if not token:
        return
    tokens = dict(request.session.get(SESSION_KEY, {}))
    tokens[token] = url
    if len(tokens) > KEEP:
        tokens = dict(list(tokens.items())[-KEEP:])
    request.session[SESSION_KEY] = tokens
