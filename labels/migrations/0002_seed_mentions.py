"""The jury's thematic mentions, as the label has awarded them: editors may add more."""

from django.db import migrations

MENTIONS = [
    ("democratie-locale", "Démocratie locale"),
    ("mediation-numerique", "Médiation numérique"),
    ("numerique-educatif", "Numérique éducatif"),
    ("arobase-verte", "Arobase verte — transition écologique"),
    ("inclusion-numerique", "Inclusion et accessibilité"),
    ("donnees-publiques", "Données publiques et transparence"),
    ("culture-et-patrimoine", "Culture et patrimoine"),
    ("cooperation-territoriale", "Coopération territoriale"),
]


def create_mentions(apps, schema_editor):
    Mention = apps.get_model("labels", "Mention")
    for order, (slug, name) in enumerate(MENTIONS):
        Mention.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("labels", "0001_initial")]

    operations = [migrations.RunPython(create_mentions, migrations.RunPython.noop)]
