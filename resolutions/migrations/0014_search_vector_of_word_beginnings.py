from django.db import migrations

# PostgreSQL only. The stored vector (migration 0013) now holds every beginning of every word of
# search_text ("khoa" gives k, kh, kho, khoa), so that a search for words that begin words of the
# record looks up plain lexemes ("khoa & hoc") instead of prefixes ("khoa:* & hoc:*"): a prefix
# makes the GIN index merge the rows of every word it begins ("so:*" alone, thousands), 28-34 ms
# for "chuyen doi so" at 100,000 tasks against 3 ms for the plain lexemes. Same matches, by
# construction; no positions (nothing ranks by them).
TABLES = {name: f"resolutions_{name}" for name in ("agency", "document", "law", "task")}
WORD_BEGINNINGS = """
CREATE FUNCTION resolutions_word_beginnings(words text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    word text;
    beginnings text[] := '{}';
BEGIN
    FOREACH word IN ARRAY tsvector_to_array(to_tsvector('simple', COALESCE(words, ''))) LOOP
        FOR size IN 1..length(word) LOOP
            beginnings := beginnings || left(word, size);
        END LOOP;
    END LOOP;
    RETURN array_to_tsvector(beginnings);
END $$
"""


def fill_search_vectors(schema_editor, vector):
    schema_editor.execute("SET LOCAL statement_timeout = 0")  # 100,000 rows outlast the site's
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION resolutions_fill_search_vector() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN NEW.search_vector := {vector}; RETURN NEW; END $$"
    )
    for name, table in TABLES.items():
        # Built again after the update rather than updated row by row: faster, and compact.
        schema_editor.execute(f"DROP INDEX {name}_search_vector_gin")
        schema_editor.execute(f"UPDATE {table} SET search_vector = NULL")  # the trigger fills it
        schema_editor.execute(f"CREATE INDEX {name}_search_vector_gin ON {table} USING gin (search_vector)")


def store_word_beginnings(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(WORD_BEGINNINGS)
    fill_search_vectors(schema_editor, "resolutions_word_beginnings(NEW.search_text)")


def store_words(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    fill_search_vectors(schema_editor, "to_tsvector('simple', COALESCE(NEW.search_text, ''))")
    schema_editor.execute("DROP FUNCTION resolutions_word_beginnings(text)")


class Migration(migrations.Migration):

    dependencies = [
        ('resolutions', '0013_stored_search_vector'),
    ]

    operations = [
        migrations.RunPython(store_word_beginnings, store_words),
    ]
