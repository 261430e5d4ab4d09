# The registry's write path carried indexes nothing reads and per-row key checks on provenance
# columns; each cost every import and every form save (docs/decisions/0008). Dropped: the
# b-trees on name keys (search uses the word-token and trigram GIN indexes), the full index on
# the child's ID number (lookups are of live records, served by the partial unique index), the
# indexes and keys of created_by/import_run, and on PostgreSQL the trigram indexes on names: the
# child's was replaced by the word-token index (0003), the caregiver's by a GIN index of the
# name's words, a fifth the entries (caregiver search matches whole words, as child search). Merged-into, village, caregiver phone and caregiver
# ID number keep partial indexes over the rows that have a value.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from treem.core.migration_ops import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0003_unit_counterpart_path"),
        ("registry", "0003_scale_name_tokens"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        PostgresOnlySQL(
            sql=[
                "DROP INDEX IF EXISTS child_name_trgm",
                "DROP INDEX IF EXISTS caregiver_name_trgm",
                "CREATE INDEX IF NOT EXISTS caregiver_name_words ON registry_caregiver "
                "USING gin (string_to_array(name_key, ' '))",
            ],
            reverse_sql=[
                "DROP INDEX IF EXISTS caregiver_name_words",
                "CREATE INDEX IF NOT EXISTS child_name_trgm ON registry_child "
                "USING gin (name_key gin_trgm_ops)",
                "CREATE INDEX IF NOT EXISTS caregiver_name_trgm ON registry_caregiver "
                "USING gin (name_key gin_trgm_ops)",
            ],
        ),
        migrations.RemoveIndex(
            model_name="caregiver",
            name="caregiver_name_idx",
        ),
        migrations.RemoveIndex(
            model_name="caregiver",
            name="caregiver_phone_idx",
        ),
        migrations.RemoveIndex(
            model_name="child",
            name="child_name_idx",
        ),
        migrations.RemoveIndex(
            model_name="child",
            name="child_pid_idx",
        ),
        migrations.AlterField(
            model_name="child",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="child",
            name="import_run",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="registry.importrun",
            ),
        ),
        migrations.AlterField(
            model_name="child",
            name="merged_into",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="merged_from",
                to="registry.child",
            ),
        ),
        migrations.AlterField(
            model_name="child",
            name="village",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="geo.unit",
                verbose_name="thôn/tổ dân phố",
            ),
        ),
        migrations.AddIndex(
            model_name="caregiver",
            index=models.Index(
                condition=models.Q(("phone", ""), _negated=True),
                fields=["phone"],
                name="caregiver_phone_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="caregiver",
            index=models.Index(
                condition=models.Q(("personal_id", ""), _negated=True),
                fields=["personal_id"],
                name="caregiver_pid_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="child",
            index=models.Index(
                condition=models.Q(("merged_into__isnull", False)),
                fields=["merged_into"],
                name="child_merged_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="child",
            index=models.Index(
                condition=models.Q(("village__isnull", False)),
                fields=["village"],
                name="child_village_idx",
            ),
        ),
    ]
