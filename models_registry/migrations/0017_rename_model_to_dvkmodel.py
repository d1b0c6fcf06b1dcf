"""The registry's model class is called `DvkModel` (it was `Model`, easy to confuse with
`django.db.models.Model`). Its tables keep their names (`models_registry_model`,
`models_registry_historicalmodel`, `models_registry_model_places`, `…_criteria`), so no row
moves: the names are fixed first, then the class is renamed. Django renames the one column
named after the class, `model_id` of the two link tables, to `dvkmodel_id`, and the content
type; the four permissions keep their meaning under their new codenames."""

from django.db import migrations

OLD_TO_NEW = {"model": "dvkmodel", "historicalmodel": "historicaldvkmodel"}


def rename_permissions(apps, schema_editor, old_to_new=OLD_TO_NEW):
    Permission = apps.get_model("auth", "Permission")
    for old, new in old_to_new.items():
        for action in ("add", "change", "delete", "view"):
            permissions = Permission.objects.filter(
                content_type__app_label="models_registry", codename=f"{action}_{old}"
            )
            if not Permission.objects.filter(
                content_type__app_label="models_registry", codename=f"{action}_{new}"
            ).exists():
                permissions.update(codename=f"{action}_{new}")


def restore_permissions(apps, schema_editor):
    rename_permissions(apps, schema_editor, {new: old for old, new in OLD_TO_NEW.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("assistance", "0002_vietnamese_labels"),
        ("importer", "0004_pending_plan"),
        ("models_registry", "0016_place_fact_territory_indexes"),
        ("reviews", "0008_vietnamese_labels"),
    ]

    operations = [
        migrations.AlterModelTable(name="model", table="models_registry_model"),
        migrations.AlterModelTable(name="historicalmodel", table="models_registry_historicalmodel"),
        migrations.RenameModel(old_name="Model", new_name="DvkModel"),
        migrations.RenameModel(old_name="HistoricalModel", new_name="HistoricalDvkModel"),
        migrations.RunPython(rename_permissions, restore_permissions),
    ]
