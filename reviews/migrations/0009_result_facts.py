from django.db import migrations


def rebuild(apps, schema_editor):
    """The statistics' result rows of the entries already recorded."""
    from reviews.facts import rebuild_result_facts

    rebuild_result_facts()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0008_vietnamese_labels"),
        ("models_registry", "0018_statistics_criterion_and_result_facts"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
