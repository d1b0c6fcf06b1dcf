from django.db import migrations

SOURCE = "Đề án 06-ĐA/TU của Tỉnh ủy Bắc Kạn (2018–2020)"
KEYS = ["xa_co_mo_hinh", "xa_co_mo_hinh_ntm", "co_quan_co_mo_hinh", "mo_hinh_duoc_danh_gia"]


def load(apps, schema_editor):
    CoverageTarget = apps.get_model("stats", "CoverageTarget")
    for order, key in enumerate(KEYS, start=1):
        # get_or_create: an administrator's later change of a percentage is never overwritten.
        CoverageTarget.objects.get_or_create(
            key=key, defaults={"percent": 100, "source": SOURCE, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
