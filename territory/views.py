from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from . import workflow
from .forms import CommuneChoiceForm, VillageForm
from .models import Level, Unit


def managed_commune(user, requested):
    """The commune whose villages `user` may add: a local officer's own commune of today, or
    the one an administrator picked (None until picked). Anyone else: 403."""
    if user.is_administrator:
        if not requested:
            return None
        scope = Unit.objects.all() if user.sees_everything else user.scope_units()
        return scope.communes().current().filter(pk=requested).first()
    unit = user.unit
    if user.is_local_staff and unit and unit.level == Level.COMMUNE and unit.is_current:
        return unit
    raise PermissionDenied("Chỉ cán bộ cấp xã và quản trị viên thêm được thôn, tổ dân phố.")


@login_required
def villages(request):
    """Today's villages of a commune (those carried on from its former communes included) and
    the form that adds one."""
    requested = request.POST.get("xa") or request.GET.get("xa")
    commune = managed_commune(request.user, requested)
    chooser = None
    if request.user.is_administrator:
        chooser = CommuneChoiceForm(initial={"xa": commune.pk if commune else None})
    form = VillageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        valid = form.is_valid()
        if commune is None:
            form.add_error(None, "Chọn xã, phường trước khi thêm thôn.")
        elif valid:
            try:
                village = workflow.add_village(
                    commune,
                    name=form.cleaned_data["name"],
                    kind=form.cleaned_data["kind"],
                    user=request.user,
                )
            except ValidationError as error:
                for name, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(name if name in form.fields else None, message)
            else:
                messages.success(request, f"Đã thêm {village.name} vào {commune.name}.")
                url = reverse("territory:villages")
                return redirect(f"{url}?xa={commune.pk}" if request.user.is_administrator else url)
    rows = list(Unit.objects.for_village_list(commune)) if commune else []
    return render(
        request,
        "territory/villages.html",
        {"commune": commune, "chooser": chooser, "form": form, "villages": rows},
    )
