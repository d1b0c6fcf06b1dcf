"""Reference data: the issuing bodies of the communes formed on 1/7/2025 (reviews.bodies)."""

from django.db import migrations


def load(apps, schema_editor):
    from reviews.bodies import ensure_commune_bodies

    ensure_commune_bodies(
        apps.get_model("reviews", "IssuingBody"), apps.get_model("territory", "Unit")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0005_commune_round_level"),
        ("territory", "0005_villages_live_on"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
