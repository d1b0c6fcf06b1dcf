"""What the review views share: the stale-page message and how a refusal is shown."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from danvan.params import to_int

from .. import workflow

STALE_PAGE = "Trang này đã cũ hoặc thiếu dữ liệu: vui lòng tải lại trang rồi thực hiện lại."


def _posted_version(request):
    """The entry's `version` the page was loaded with; None when missing or not a number."""
    return to_int(request.POST.get("version"), minimum=0)


def _refused(request, error):
    if isinstance(error, workflow.NotAllowed):
        raise PermissionDenied(error.message)
    messages.error(request, error.message)
