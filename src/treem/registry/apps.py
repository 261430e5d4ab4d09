from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "treem.registry"
    verbose_name = "Cơ sở dữ liệu trẻ em"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from treem.registry import jobs, lookups  # noqa: F401  (registers job and lookup)
