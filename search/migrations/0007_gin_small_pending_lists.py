from django.db import migrations


def limit_pending_lists(apps, schema_editor):
    # Small GIN pending lists on the full-text index (see search/index_maintenance.py).
    from search.index_maintenance import limit_pending_lists

    limit_pending_lists(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0006_visitor_queries"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(limit_pending_lists, migrations.RunPython.noop)]
