# Trigram index for accent-free name search on PostgreSQL; SQLite scans a covering index.
from django.db import migrations

from treem.core.migration_ops import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]

    operations = [
        PostgresOnlySQL(
            sql=[
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE INDEX IF NOT EXISTS unit_search_trgm ON geo_unit "
                "USING gin (search_key gin_trgm_ops)",
            ],
            reverse_sql=["DROP INDEX IF EXISTS unit_search_trgm"],
        )
    ]
