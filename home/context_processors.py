"""The header's menu: built here, in the app that composes the others (the one rule of who
imports lives with the importer; the menu asks it)."""

from importer.access import may_import


def navigation(request):
    """The header's user line and the main menu, with the current section highlighted."""
    path = request.path
    items = [
        ("Mô hình", "/mo-hinh/"),
        ("Đánh giá", "/danh-gia/"),
        ("Thống kê", "/thong-ke/"),
        ("Nhập dữ liệu", "/nhap-du-lieu/"),
        ("Quản trị", "/quan-tri/"),
    ]
    user = getattr(request, "user", None)
    menu = []
    signed_in = user is not None and user.is_authenticated
    for label, url in items:
        if url == "/quan-tri/" and not (signed_in and user.is_administrator):
            continue
        # Administrators, district officers (lists of before 1/7/2025) and commune officers.
        if url == "/nhap-du-lieu/" and not (signed_in and may_import(user)):
            continue
        menu.append({"label": label, "url": url, "active": path.startswith(url)})
    return {"main_menu": menu}
