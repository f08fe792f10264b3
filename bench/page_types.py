"""One page of each public type, read from a seeded database: the pages that
``bench/pages.py`` (over HTTP), ``bench/search.py`` (in process) and ``bench/lighthouse.py``
measure, so that the three measure the same pages."""


def public_pages() -> dict[str, str]:
    """{page type: path}, the home page first. A page in the middle of each table rather
    than the first, which is often the demo's smallest; a type the data lacks is left out."""
    from wagtail.models import Site

    from home.models import SitePage
    from initiatives.models import (
        ActionSheetPage,
        CollectivityPage,
        Enjeu,
        Service,
        ThematicCollectionIndexPage,
        ThematicCollectionPage,
    )
    from labels.models import Award, LabelEditionPage, LabelIndexPage

    root = Site.objects.get(is_default_site=True).root_page.url_path

    def path_of(page):
        return page.url_path[len(root) - 1 :]

    def middle(queryset):
        count = queryset.count()
        return queryset[count // 2] if count else None

    def first(model):
        return model.objects.live().public().order_by("pk").first()

    paths = {"accueil": "/", "/enjeux/": "/enjeux/"}
    enjeu = Enjeu.objects.order_by("sort_order").first()
    if enjeu:
        paths["enjeu"] = enjeu.get_absolute_url()
    service = Service.objects.filter(action_sheets__live=True).order_by("sort_order").first()
    if service:
        paths["service"] = service.get_absolute_url()
    for label, model in (
        ("/collections/", ThematicCollectionIndexPage),
        ("collection", ThematicCollectionPage),
    ):
        if page := first(model):
            paths[label] = path_of(page)
    paths["/collectivites/"] = "/collectivites/"
    if collectivity := middle(CollectivityPage.objects.live().public().order_by("pk")):
        paths["collectivité"] = path_of(collectivity)
    if sheet := middle(ActionSheetPage.objects.live().public().order_by("pk")):
        paths["fiche"] = path_of(sheet)
    if index := first(LabelIndexPage):
        paths["/label/"] = path_of(index)
    edition = LabelEditionPage.objects.live().public().revealed().order_by("-year").first()
    if edition:
        paths["palmarès"] = path_of(edition)
        awards = Award.objects.public().filter(participation__edition=edition).order_by("pk")
        if award := middle(awards):
            slug = award.participation.collectivity.slug
            paths["distinction"] = path_of(edition) + f"{slug}/"
    if site_page := first(SitePage):
        paths["page du site"] = path_of(site_page)
    return paths
