from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "treem.web"
    label = "web"
    verbose_name = "Giao diện web"
