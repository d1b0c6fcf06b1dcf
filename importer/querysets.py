from django.db import models
from django.db.models import Q


class ImportBatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one door to batches: administrators see all; a local officer the batches sent
        for a unit of their territory, and their own (importer.access)."""
        if user.sees_everything:
            return self
        if not user.unit_id:
            return self.filter(created_by=user)
        return self.filter(Q(default_district_id__in=user.scope_unit_ids()) | Q(created_by=user))

    def for_list(self):
        """The batch list: who imported and who undid, in the same query."""
        return self.select_related("created_by", "undone_by", "default_district")
