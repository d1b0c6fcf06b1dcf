import django.db.models.deletion
from django.db import migrations, models


def one_default_each(apps, schema_editor):
    """Links added before the flag all say "default": where a unit had several, the first one
    added stays the default (an administrator can change it in the admin)."""
    Succession = apps.get_model("territory", "Succession")
    seen = set()
    for link in Succession.objects.order_by("from_unit_id", "id"):
        if link.from_unit_id in seen:
            Succession.objects.filter(pk=link.pk).update(is_default=False)
        seen.add(link.from_unit_id)


class Migration(migrations.Migration):
    """Successor links get a model of their own, on the table the plain many-to-many created,
    with one new column: which of a split commune's successors it rolls up into."""

    dependencies = [("territory", "0002_reference_units")]

    operations = [
        migrations.AlterField(
            model_name="unit",
            name="kind",
            field=models.CharField(
                choices=[
                    ("tinh", "Tỉnh"),
                    ("thanh_pho_tw", "Thành phố trực thuộc trung ương"),
                    ("huyen", "Huyện"),
                    ("quan", "Quận"),
                    ("thi_xa", "Thị xã"),
                    ("thanh_pho", "Thành phố thuộc tỉnh"),
                    ("xa", "Xã"),
                    ("phuong", "Phường"),
                    ("thi_tran", "Thị trấn"),
                    ("dac_khu", "Đặc khu"),
                    ("thon", "Thôn"),
                    ("ban", "Bản"),
                    ("to_dan_pho", "Tổ dân phố"),
                ],
                max_length=16,
                verbose_name="loại",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Succession",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "from_unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="succession_links",
                                to="territory.unit",
                                verbose_name="đơn vị cũ",
                            ),
                        ),
                        (
                            "to_unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="predecession_links",
                                to="territory.unit",
                                verbose_name="đơn vị kế thừa",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "đơn vị kế thừa",
                        "verbose_name_plural": "đơn vị kế thừa",
                        "db_table": "territory_unit_successors",
                        "unique_together": {("from_unit", "to_unit")},
                    },
                ),
                migrations.AlterField(
                    model_name="unit",
                    name="successors",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="predecessors",
                        through="territory.Succession",
                        through_fields=("from_unit", "to_unit"),
                        to="territory.unit",
                        verbose_name="được sáp nhập vào",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="succession",
            name="is_default",
            field=models.BooleanField(
                default=True,
                help_text="Đơn vị cũ bị chia cho nhiều đơn vị mới: số liệu cũ được cộng vào đơn vị này.",
                verbose_name="đơn vị kế thừa chính",
            ),
        ),
        migrations.RunPython(one_default_each, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="succession",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_default", True)),
                fields=("from_unit",),
                name="succession_one_default",
                violation_error_message="Mỗi đơn vị cũ chỉ có một đơn vị kế thừa chính "
                "(nơi cộng số liệu cũ): bỏ chọn ở đơn vị kia trước.",
            ),
        ),
    ]
