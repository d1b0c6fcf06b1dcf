from urllib.parse import urlsplit

from django import template
from django.http import QueryDict
from django.urls import reverse

register = template.Library()


@register.filter
def report_docx_url(statistics_url):
    """The sơ kết report in Word for the same territory and period as a statistics URL
    ("/thong-ke/?nam=2026&format=xlsx" -> "/van-ban/so-ket.docx?nam=2026")."""
    query = QueryDict(urlsplit(statistics_url).query, mutable=True)
    query.pop("format", None)
    return f"{reverse('documents:report_docx')}?{query.urlencode()}"
