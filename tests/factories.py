"""Factories for French test content. Texts use Faker(locale="fr_FR") lazily, per instance."""

import datetime

import factory

from django.utils.text import slugify

from wagtail.models import Page

from initiatives.models import ActionSheetPage, Category, CollectivityPage, Enjeu, Service


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Catégorie {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    sort_order = factory.Sequence(int)


class EnjeuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enjeu
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Enjeu {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    category = factory.SubFactory(CategoryFactory)
    sort_order = factory.Sequence(int)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    enjeu = factory.SubFactory(EnjeuFactory)
    sort_order = factory.Sequence(int)


def home_page() -> Page:
    from home.models import HomePage

    return HomePage.objects.get()


def make_collectivity(code="35288", title="Saint-Malo", kind="ville", parent=None, **fields):
    """Creates a published collectivity page through Wagtail's tree API (as the admin does)."""
    from initiatives import geography

    place = geography.lookup(code)
    defaults = {
        "population": place.population if place else 1000,
        "departement": place.departement if place else "35",
        "region": place.region if place else "53",
    }
    defaults.update(fields)
    page = CollectivityPage(title=title, code=code, kind=kind, **defaults)
    (parent or home_page()).add_child(instance=page)
    page.save_revision().publish()
    return page


def make_sheet(collectivity, title="Un espace public numérique", services=(), live=True, **fields):
    """Creates an action sheet under ``collectivity``, published unless ``live`` is False."""
    fields.setdefault("date", datetime.date(2023, 5, 12))
    page = ActionSheetPage(title=title, **fields)
    if not services:
        services = [ServiceFactory()]
    page.services = list(services)
    page.live = live
    collectivity.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    return page
