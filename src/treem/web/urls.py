from django.urls import path

from treem.web.views import auth, home

urlpatterns = [
    path("", home.home, name="home"),
    path("dang-nhap/", auth.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", auth.account, name="account"),
    path("tai-khoan/xac-thuc-hai-lop/", auth.two_factor, name="two_factor"),
]
