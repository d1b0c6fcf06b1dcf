from django.db import models


class ImportBatchQuerySet(models.QuerySet):
    def for_list(self):
        """The batch list: who imported and who undid, in the same query."""
        return self.select_related("created_by", "undone_by", "default_district")
