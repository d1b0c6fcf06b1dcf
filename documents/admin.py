from django.contrib import admin

from danvan.forms import AdminFigures

from .models import IssuerLayout, guess_header


@admin.register(IssuerLayout)
class IssuerLayoutAdmin(AdminFigures, admin.ModelAdmin):
    list_display = ["issuer", "header", "signer_title", "offset_x_mm", "offset_y_mm"]
    list_select_related = ["issuer"]
    autocomplete_fields = ["issuer"]

    def get_changeform_initial_data(self, request):
        from reviews.models import IssuingBody

        initial = super().get_changeform_initial_data(request)
        issuer = IssuingBody.objects.filter(pk=initial.get("issuer")).first()
        if issuer is not None:
            initial.setdefault("header", guess_header(issuer.name))
        return initial
