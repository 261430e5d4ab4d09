from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "treem.geo"
    label = "geo"
    verbose_name = "Đơn vị hành chính"

    def ready(self) -> None:
        from treem.geo import jobs, lookups  # noqa: F401  (registers the lookup and the job)
