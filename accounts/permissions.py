"""Vietnamese names for Django's built-in permissions.

Django names them "Can add <model>", "Can change …", "Can delete …", "Can view …" in English,
with the model's untranslated name ("Can add log entry"), stores the names and never renames
them afterwards. After every migrate, once Django has created what was missing, each is named
again from its action and the model's Vietnamese name: "Được thêm nhật ký thao tác quản trị".
"""

from django.utils import translation

ACTIONS = {
    "add": "Được thêm",
    "change": "Được sửa",
    "delete": "Được xóa",
    "view": "Được xem",
}


def vietnamese_name(permission):
    """The Vietnamese name of one of Django's four permissions of a model (None for others)."""
    action, _, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if action not in ACTIONS or model is None or model_name != model._meta.model_name:
        return None
    with translation.override("vi"):
        return f"{ACTIONS[action]} {model._meta.verbose_name}"[:255]


def name_permissions_in_vietnamese(using="default", app_config=None, **kwargs):
    from django.contrib.auth.models import Permission

    permissions = Permission.objects.using(using).select_related("content_type")
    if app_config is not None:  # sent once per app: that app's permissions
        permissions = permissions.filter(content_type__app_label=app_config.label)
    renamed = []
    for permission in permissions:
        name = vietnamese_name(permission)
        if name and name != permission.name:
            permission.name = name
            renamed.append(permission)
    Permission.objects.using(using).bulk_update(renamed, ["name"])
