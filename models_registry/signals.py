"""What the registry follows through signals: a village put under another commune or
deleted, and a model deleted (taken out of the statistics' counts first, however it is
deleted: the admin, the workflow, the bulk undo; `models_registry.facts.forget_models`).

A model's `PlaceFact` rows name the commune each of its places is in (a village stands for its
parent), so moving a village (a correction of the tree in the territory's admin, or any other
`Unit.save`) rewrites the rows of the models carried out in it, in the same transaction, and
deleting a unit that is a place rewrites them once their place links are gone. The
territory app does not import the registry (`tests/test_layers.py`), hence a signal.
`QuerySet.update` on units is not seen: `manage.py rebuild_statistics` rewrites every row."""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from territory.models import Level, Unit

from .facts import forget_models, refresh_facts
from .models import DvkModel


@receiver(pre_save, sender=Unit, dispatch_uid="registry_village_parent_before")
def _remember_parent(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or instance.level != Level.VILLAGE:
        return
    instance._parent_before = (
        Unit.objects.filter(pk=instance.pk).values_list("parent_id", flat=True).first()
    )


@receiver(post_save, sender=Unit, dispatch_uid="registry_village_moved")
def _refresh_models_of_moved_village(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_parent_before", instance.parent_id)
    if raw or created or before == instance.parent_id:
        return
    instance._parent_before = instance.parent_id
    refresh_facts(_placed_in(instance))


def _placed_in(unit):
    places = DvkModel.places.through.objects.filter(unit_id=unit.pk)
    return list(places.values_list("dvkmodel_id", flat=True))


@receiver(pre_delete, sender=Unit, dispatch_uid="registry_unit_deleted_before")
def _remember_models_placed(sender, instance, **kwargs):
    instance._placed_models = _placed_in(instance)


@receiver(post_delete, sender=Unit, dispatch_uid="registry_unit_deleted")
def _refresh_models_of_deleted_unit(sender, instance, **kwargs):
    # The place links went with the unit: the models' rows follow their remaining places.
    refresh_facts(getattr(instance, "_placed_models", ()))


@receiver(pre_delete, sender=DvkModel, dispatch_uid="registry_model_deleted")
def _forget_deleted_model(sender, instance, **kwargs):
    forget_models([instance.pk])
