"""Vietnamese names for Django's built-in permissions.

Django creates "Can add <model>", "Can change …", "Can delete …", "Can view …" in English
(the names are stored, not translated) and never renames them afterwards. After every migrate,
once Django has created what was missing, this renames them to Vietnamese.
"""

from django.db.models import Value
from django.db.models.functions import Concat, Replace, Substr

ACTIONS = {
    "Can add ": "Được thêm ",
    "Can change ": "Được sửa ",
    "Can delete ": "Được xóa ",
    "Can view ": "Được xem ",
}
# Model names a package gives in English (danvan.apps names them in Vietnamese for permissions
# created from now on; these rename the ones created before).
MODEL_NAMES = {
    " TOTP device": " ứng dụng xác thực",
}


def name_permissions_in_vietnamese(using="default", **kwargs):
    from django.contrib.auth.models import Permission

    for english, vietnamese in ACTIONS.items():
        Permission.objects.using(using).filter(name__startswith=english).update(
            name=Concat(Value(vietnamese), Substr("name", len(english) + 1))
        )
    for english, vietnamese in MODEL_NAMES.items():
        Permission.objects.using(using).filter(name__endswith=english).update(
            name=Replace("name", Value(english), Value(vietnamese))
        )
