"""The glossary as shipped: acronyms and names that sheets of the label write in several
ways. Editors extend it in the admin (Référentiel → Glossaire); an entry they changed is
left as they wrote it."""

from django.db import migrations

ENTRIES = [
    ("EPN", ["espace public numérique"]),
    ("ENT", ["espace numérique de travail"]),
    ("CNFS", ["conseiller numérique France Services"]),
    ("France Services", ["MSAP", "maison de services au public", "maison France Services"]),
    ("THD", ["très haut débit"]),
    ("SIG", ["système d'information géographique"]),
    ("RGPD", ["règlement général sur la protection des données"]),
    ("GRC", ["gestion de la relation citoyen", "gestion de la relation usager"]),
    ("PIMMS", ["point information médiation multi services"]),
    ("open data", ["données ouvertes", "données publiques ouvertes"]),
    ("DPO", ["délégué à la protection des données"]),
    ("TNI", ["tableau numérique interactif", "TBI", "tableau blanc interactif"]),
    ("FTTH", ["fibre jusqu'à l'abonné", "fibre à l'abonné"]),
    ("SDTAN", ["schéma directeur territorial d'aménagement numérique"]),
    ("RIP", ["réseau d'initiative publique"]),
    ("GED", ["gestion électronique des documents"]),
    ("SIRH", ["système d'information des ressources humaines"]),
    ("DSI", ["direction des systèmes d'information"]),
    ("CCAS", ["centre communal d'action sociale"]),
    ("EPCI", ["établissement public de coopération intercommunale"]),
    ("MOOC", ["cours en ligne ouvert à tous", "formation en ligne ouverte à tous"]),
    ("QR code", ["code QR", "flashcode"]),
    ("PMR", ["personne à mobilité réduite"]),
    ("RGAA", ["référentiel général d'amélioration de l'accessibilité"]),
    ("logiciel libre", ["open source", "logiciel open source"]),
    ("e-administration", ["administration électronique", "administration en ligne"]),
    ("téléservice", ["démarche en ligne", "téléprocédure"]),
    ("pass numérique", ["chèque numérique", "APTIC"]),
    ("IoT", ["internet des objets", "objets connectés"]),
    ("IA", ["intelligence artificielle"]),
    ("TIC", ["technologies de l'information et de la communication", "NTIC"]),
    ("PLU", ["plan local d'urbanisme"]),
    ("cybersécurité", ["sécurité informatique", "sécurité des systèmes d'information"]),
    ("wifi", ["internet sans fil", "hotspot"]),
    ("fablab", ["laboratoire de fabrication"]),
    ("BIM", ["maquette numérique du bâtiment"]),
]


def seed(apps, schema_editor):
    GlossaryEntry = apps.get_model("search", "GlossaryEntry")
    for term, equivalents in ENTRIES:
        GlossaryEntry.objects.get_or_create(term=term, defaults={"equivalents": "\n".join(equivalents)})


def unseed(apps, schema_editor):
    GlossaryEntry = apps.get_model("search", "GlossaryEntry")
    for term, equivalents in ENTRIES:
        GlossaryEntry.objects.filter(term=term, equivalents="\n".join(equivalents)).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0004_glossary")]

    operations = [migrations.RunPython(seed, unseed)]
