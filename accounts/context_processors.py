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
    for label, url in items:
        if url in ("/nhap-du-lieu/", "/quan-tri/") and not (
            user and user.is_authenticated and user.is_administrator
        ):
            continue
        menu.append({"label": label, "url": url, "active": path.startswith(url)})
    return {"main_menu": menu}
