from django.db import migrations


def load(apps, schema_editor):
    from models_registry.reference import load_criteria, load_fields

    load_fields(apps.get_model("models_registry", "Field"))
    load_criteria(
        apps.get_model("models_registry", "CriterionSet"),
        apps.get_model("models_registry", "Criterion"),
    )


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
