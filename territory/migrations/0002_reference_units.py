from django.db import migrations


def load(apps, schema_editor):
    from territory.reference import load_territory

    load_territory(apps.get_model("territory", "Unit"))


class Migration(migrations.Migration):
    dependencies = [("territory", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
