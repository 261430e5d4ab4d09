# Trigram indexes for typo-tolerant name search on PostgreSQL (SQLite has its own path).
from django.db import migrations

from treem.core.migration_ops import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial"), ("geo", "0002_trigram_search")]

    operations = [
        PostgresOnlySQL(
            sql=[
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE INDEX IF NOT EXISTS child_name_trgm ON registry_child "
                "USING gin (name_key gin_trgm_ops)",
                "CREATE INDEX IF NOT EXISTS caregiver_name_trgm ON registry_caregiver "
                "USING gin (name_key gin_trgm_ops)",
            ],
            reverse_sql=[
                "DROP INDEX IF EXISTS child_name_trgm",
                "DROP INDEX IF EXISTS caregiver_name_trgm",
            ],
        )
    ]
