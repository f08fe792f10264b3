"""Every public page type of the site, on a small world: what the HTML checker, the social
metadata and the cache tests walk through. Each address is one kind of page a visitor meets."""

from home.site_pages import seed_site_pages
from initiatives.models import ActionSheetPage, Enjeu, Service
from tests.opendata_helpers import add_media, make_collection, make_image
from tests.test_labels_models import make_award, make_edition


def build_public_pages(corpus) -> dict[str, str]:
    """{page type: address}; ``corpus`` is tests/search_corpus.py's world."""
    # Read again: the module's corpus objects may hold revisions of a rolled-back test.
    wifi, ecole = (ActionSheetPage.objects.get(pk=corpus[key].pk) for key in ("wifi", "ecole"))
    sheet = add_media(wifi, image=make_image("Borne Wi-Fi au parc"))
    town = sheet.get_parent().specific
    edition = make_edition(2023)
    make_award(edition, town, arobases=4, sheets=[sheet])
    collection = make_collection("Le numérique à l'école", [ecole, sheet])
    seed_site_pages()
    enjeu = Enjeu.objects.filter(services__action_sheets=sheet).first()
    service = Service.objects.filter(action_sheets=sheet).first()
    return {
        "accueil": "/",
        "fiche action": sheet.url,
        "collectivité": town.url,
        "liste des collectivités": "/collectivites/",
        "collectivités filtrées": "/collectivites/?q=saint&region=53&type=ville",
        "liste des enjeux": "/enjeux/",
        "enjeu": enjeu.get_absolute_url(),
        "service": service.get_absolute_url(),
        "recherche": "/recherche/",
        "résultats de recherche": "/recherche/?q=wifi",
        "recherche sans résultat": "/recherche/?q=zzzyyyxxx",
        "carte des résultats": "/recherche/?q=numerique&view=carte",
        "label": "/label/",
        "palmarès": edition.url,
        "page d'une distinction": f"{edition.url}{town.slug}/",
        "collections": collection.get_parent().url,
        "collection": collection.url,
        # The five site pages seed_demo creates: each body mixes other blocks.
        "page du site": "/accessibilite/",
        "mentions légales": "/mentions-legales/",
        "données personnelles": "/donnees-personnelles/",
        "contact": "/contact/",
        "plan du site": "/plan-du-site/",
    }
