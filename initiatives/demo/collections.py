"""The demo's « Collections »: the index under the home page and two thematic collections,
so that the section is there from the first run (editors need not guess to create it).
Found by slug, so a rerun creates nothing twice and keeps what editors changed."""

from django.db import transaction

from initiatives.models import (
    ActionSheetPage,
    Enjeu,
    ThematicCollectionIndexPage,
    ThematicCollectionPage,
    ThematicCollectionSheet,
)

INDEX_SLUG = "collections"
HAND_PICKED = 3
COLLECTIONS = (
    {
        "slug": "aller-vers-les-habitants",
        "title": "Médiation numérique : aller vers les habitants",
        "introduction": (
            "<p>Permanences, conseillers itinérants, ateliers au marché : des collectivités "
            "qui vont au-devant de ceux que le numérique laisse de côté.</p>"
        ),
        "enjeu": "mediation",
        "featured": True,
        "note": "Un bon point de départ pour une petite commune.",
    },
    {
        "slug": "democratie-locale-en-ligne",
        "title": "Démocratie locale en ligne",
        "introduction": (
            "<p>Conseils municipaux filmés, budgets participatifs, consultations : associer "
            "les habitants aux décisions, avec des outils à la mesure de chaque territoire.</p>"
        ),
        "enjeu": "democratie-locale",
        "featured": False,
        "note": "",
    },
)


@transaction.atomic
def ensure_demo_collections(home) -> int:
    """Creates what is missing; returns the number of pages created."""
    created = 0
    index = ThematicCollectionIndexPage.objects.first()
    if index is None:
        index = ThematicCollectionIndexPage(
            title="Collections",
            slug=INDEX_SLUG,
            introduction="<p>Des fiches réunies par la rédaction de Villes Internet.</p>",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        created += 1
    existing = set(index.get_children().values_list("slug", flat=True))
    for spec in COLLECTIONS:
        if spec["slug"] in existing:
            continue
        enjeu = Enjeu.objects.filter(slug=spec["enjeu"]).first()
        collection = ThematicCollectionPage(
            title=spec["title"],
            slug=spec["slug"],
            introduction=spec["introduction"],
            featured=spec["featured"],
        )
        if enjeu is not None:
            collection.auto_enjeux = [enjeu]
            picks = (
                ActionSheetPage.objects.live()
                .filter(services__enjeu=enjeu)
                .distinct()
                .order_by("-date", "pk")[:HAND_PICKED]
            )
            collection.sheet_items = [
                ThematicCollectionSheet(sheet=sheet, note=spec["note"] if rank == 0 else "")
                for rank, sheet in enumerate(picks)
            ]
        index.add_child(instance=collection)
        collection.save_revision().publish()
        created += 1
    return created
