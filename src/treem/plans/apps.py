from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "treem.plans"
    verbose_name = "Kế hoạch và chỉ tiêu"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from treem.plans import jobs  # noqa: F401  (registers the recompute job)
