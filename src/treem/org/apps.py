from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "treem.org"
    label = "org"
    verbose_name = "Cơ quan và người dùng"
