# Name search within a province or commune at millions of children (PostgreSQL): the search
# index also holds the child's place, one "@<path>" key per enclosing unit below the country
# ("@c/56/", "@c/56/22435/"). A search by someone who sees one province then asks the index for
# rows holding the name's words *and* that province's key, and GIN intersects the posting lists
# itself, instead of fetching every "Trần ... Khánh" in the country to filter by place, or
# intersecting with a bitmap of the whole province (see registry/search_pg.py). A child who
# moves changes unit_path, and with it these keys.
from django.db import migrations

from treem.core.migration_ops import PostgresOnlySQL

SEARCH_TOKENS_FUNCTION = """
CREATE OR REPLACE FUNCTION treem_search_tokens(key text, path text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  tokens text[] := treem_name_tokens(key);
  part text;
  prefix text := '';
  depth int := 0;
BEGIN
  FOREACH part IN ARRAY string_to_array(rtrim(path, '/'), '/') LOOP
    prefix := prefix || part || '/';
    depth := depth + 1;
    IF depth > 1 THEN  -- the country's own key would be on every row
      tokens := tokens || ('@' || prefix);
    END IF;
  END LOOP;
  RETURN tokens;
END
$$
"""


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_import_indexes")]

    operations = [
        PostgresOnlySQL(
            sql=[
                SEARCH_TOKENS_FUNCTION,
                "CREATE INDEX IF NOT EXISTS child_search_tokens ON registry_child "
                "USING gin (treem_search_tokens(name_key, unit_path))",
                "DROP INDEX IF EXISTS child_name_tokens",
            ],
            reverse_sql=[
                "CREATE INDEX IF NOT EXISTS child_name_tokens ON registry_child "
                "USING gin (treem_name_tokens(name_key))",
                "DROP INDEX IF EXISTS child_search_tokens",
                "DROP FUNCTION IF EXISTS treem_search_tokens(text, text)",
            ],
        )
    ]
