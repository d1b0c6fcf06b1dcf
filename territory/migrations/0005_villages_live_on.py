from django.db import migrations


def carry(apps, schema_editor):
    from territory.workflow import carry_villages_forward

    carry_villages_forward(
        apps.get_model("territory", "Unit"), apps.get_model("territory", "Succession")
    )


class Migration(migrations.Migration):
    """Villages of the communes that ended on 30/6/2025 carry on under their successors (the old
    rows keep their commune, with an end date, for the records made before)."""

    dependencies = [("territory", "0004_portal_provinces")]

    operations = [migrations.RunPython(carry, migrations.RunPython.noop)]
