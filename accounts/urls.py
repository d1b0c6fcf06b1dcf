from django.urls import path

from . import passwords, two_factor, views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/mat-khau/", passwords.PasswordChangeView.as_view(), name="password_change"),
    path(
        "tai-khoan/dat-lai-mat-khau/<uidb64>/<token>/",
        passwords.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("tai-khoan/hai-lop/", two_factor.setup, name="two_factor_setup"),
    path("tai-khoan/xac-thuc/", two_factor.verify, name="two_factor_verify"),
]
