"""PostgreSQL text search configurations for French, accent-insensitive.

``atlaas_french``: the French stemmer and stop words, accents folded first by ``unaccent``.
``atlaas_simple``: folded but not stemmed, for autocomplete prefixes.
Nothing to do on other databases (SQLite is analysed in Python, see search.analysis).
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DROP TEXT SEARCH CONFIGURATION IF EXISTS atlaas_french;
CREATE TEXT SEARCH CONFIGURATION atlaas_french (COPY = french);
ALTER TEXT SEARCH CONFIGURATION atlaas_french
    ALTER MAPPING FOR hword, hword_part, word, asciiword, asciihword, hword_asciipart
    WITH unaccent, french_stem;
DROP TEXT SEARCH CONFIGURATION IF EXISTS atlaas_simple;
CREATE TEXT SEARCH CONFIGURATION atlaas_simple (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION atlaas_simple
    ALTER MAPPING FOR hword, hword_part, word, asciiword, asciihword, hword_asciipart
    WITH unaccent, simple;
"""

DROP = """
DROP TEXT SEARCH CONFIGURATION IF EXISTS atlaas_french;
DROP TEXT SEARCH CONFIGURATION IF EXISTS atlaas_simple;
"""


def create_configurations(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_configurations(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_configurations, drop_configurations)]
