from django.conf import settings
from django.db import migrations


def load(apps, schema_editor):
    from territory.loading import load_provinces

    load_provinces(
        apps.get_model("territory", "Unit"),
        apps.get_model("territory", "Succession"),
        settings.PORTAL_PROVINCES,
    )


class Migration(migrations.Migration):
    """The provinces of today this deployment serves (settings.PORTAL_PROVINCES), with their
    history, from vietnamadminunits. More can be added later: manage.py load_territory."""

    dependencies = [("territory", "0003_succession_default")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
