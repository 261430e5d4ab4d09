# Name search at millions of children (PostgreSQL): a word-level GIN index whose keys are each
# name word ("=huong") and each of its one-letter deletions ("~huog", "~hong", ...). Two words
# are at most one typo apart (a letter missing, extra, changed, or two letters swapped) exactly
# when their token sets, built this way, meet; so a typo-tolerant query becomes an array
# overlap that the index answers from short per-word posting lists, where trigram similarity
# of whole names had to recheck every "Nguyễn Thị H..." (see registry/search.py).
from django.db import migrations

from treem.core.migration_ops import PostgresOnlySQL

TOKENS_FUNCTION = """
CREATE OR REPLACE FUNCTION treem_name_tokens(key text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  word text;
  n int;
  tokens text[] := '{}';
BEGIN
  FOREACH word IN ARRAY string_to_array(key, ' ') LOOP
    CONTINUE WHEN word = '';
    tokens := tokens || ('=' || word);
    n := length(word);
    IF n > 1 THEN
      FOR i IN 1..n LOOP
        tokens := tokens || ('~' || left(word, i - 1) || right(word, n - i));
      END LOOP;
    END IF;
  END LOOP;
  RETURN tokens;
END
$$
"""


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_trigram_search")]

    operations = [
        PostgresOnlySQL(
            sql=[
                TOKENS_FUNCTION,
                "CREATE INDEX IF NOT EXISTS child_name_tokens ON registry_child "
                "USING gin (treem_name_tokens(name_key))",
            ],
            reverse_sql=[
                "DROP INDEX IF EXISTS child_name_tokens",
                "DROP FUNCTION IF EXISTS treem_name_tokens(text)",
            ],
        )
    ]
