from django.apps import AppConfig


class PlanImportConfig(AppConfig):
    name = "treem.planimport"
    label = "planimport"
    verbose_name = "Nhập kế hoạch"
    default_auto_field = "django.db.models.BigAutoField"
