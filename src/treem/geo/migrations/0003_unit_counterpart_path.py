from django.db import migrations, models


def fill_counterparts(apps, schema_editor):  # type: ignore[no-untyped-def]
    from treem.geo.crosswalk import refresh_counterparts

    refresh_counterparts(apps.get_model("geo", "Unit"), apps.get_model("geo", "Succession"))


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0002_trigram_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="counterpart_path",
            field=models.CharField(blank=True, editable=False, max_length=120),
        ),
        migrations.RunPython(fill_counterparts, migrations.RunPython.noop),
    ]
