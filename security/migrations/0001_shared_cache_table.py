from django.db import migrations


def create_cache_table(apps, schema_editor):
    from security.shared_cache import create_cache_table

    create_cache_table(schema_editor.connection.alias)


def drop_cache_table(apps, schema_editor):
    from security.shared_cache import CACHE_TABLE

    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
