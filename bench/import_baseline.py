"""(b) of the import benchmark (bench/import_bench.py): a plain django-import-export
`ModelResource` for `models_registry.DvkModel` fed the same rows as a flat table, what a team would
write first. The collectives and individuals it refers to are created beforehand and not
timed."""

import time

# The flat table's columns, which the resource reads.
COLUMNS = (
    "title",
    "year",
    "collective",
    "individual",
    "field",
    "unit",
    "places",
    "results",
    "note",
    "status",
)


def plain_resource():
    from import_export import fields, resources
    from import_export.widgets import ForeignKeyWidget, ManyToManyWidget

    from models_registry.models import Collective, DvkModel, Field, Individual
    from territory.models import Unit

    class PlainModelResource(resources.ModelResource):
        collective = fields.Field(
            attribute="collective",
            column_name="collective",
            widget=ForeignKeyWidget(Collective, "name"),
        )
        individual = fields.Field(
            attribute="individual",
            column_name="individual",
            widget=ForeignKeyWidget(Individual, "full_name"),
        )
        field = fields.Field(
            attribute="field", column_name="field", widget=ForeignKeyWidget(Field, "name")
        )
        unit = fields.Field(
            attribute="unit", column_name="unit", widget=ForeignKeyWidget(Unit, "code")
        )
        places = fields.Field(
            attribute="places", column_name="places", widget=ManyToManyWidget(Unit, field="name")
        )

        class Meta:
            model = DvkModel
            fields = COLUMNS
            import_id_fields = ("title", "year")

    return PlainModelResource()


def run_import_export(rows):
    import tablib

    from danvan.text import clean, fold
    from models_registry.models import Collective, CollectiveKind, Field, Individual
    from territory.models import Unit

    field_names = {
        "Kinh tế": "Lĩnh vực kinh tế",
        "Văn hóa - xã hội": "Lĩnh vực văn hóa - xã hội",
        "Quốc phòng - an ninh": "Lĩnh vực quốc phòng - an ninh",
        "Xây dựng hệ thống chính trị": "Lĩnh vực xây dựng hệ thống chính trị",
        "Xây dựng nông thôn mới": Field.objects.get(code="BK-NTM").name,
    }
    district_units = {u.code: u for u in Unit.objects.filter(level=2)}
    collectives, individuals = {}, {}
    for code, _name, kind, record in rows:
        name = clean(record["implementer"])
        if kind == "ca_nhan":
            name = name.split(" ", 1)[1]
            individuals.setdefault(
                name, Individual(full_name=name, search_name=fold(name), unit=district_units[code])
            )
        else:
            collectives.setdefault(
                name,
                Collective(
                    name=name,
                    search_name=fold(name),
                    kind=CollectiveKind.OTHER,
                    unit=district_units[code],
                ),
            )
    Collective.objects.bulk_create(collectives.values())
    Individual.objects.bulk_create(individuals.values())
    dataset = tablib.Dataset(headers=list(COLUMNS))
    for code, _name, kind, record in rows:
        name = clean(record["implementer"])
        person = name.split(" ", 1)[1] if kind == "ca_nhan" else ""
        dataset.append(
            [
                record["title"],
                record["year"],
                "" if person else name,
                person,
                field_names[record["field"]],
                code,
                record["place"],
                record["results"],
                record["note"],
                "dang_ky",
            ]
        )
    resource = plain_resource()
    started = time.perf_counter()
    result = resource.import_data(dataset, dry_run=False, raise_errors=True)
    elapsed = time.perf_counter() - started
    return {"total_s": elapsed, "created": result.totals["new"]}
