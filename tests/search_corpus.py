"""A small French corpus published the way editors publish (revisions, signals, index)."""

import datetime

from wagtail.models import PageViewRestriction

from initiatives.models import Service

from .factories import make_collectivity, make_sheet


def service(slug):
    return Service.objects.get(slug=slug)


def build_corpus():
    saint_malo = make_collectivity("35288", "Saint-Malo", "ville")
    village = make_collectivity("01002", "L'Abergement-de-Varey", "village")
    lyon = make_collectivity("69123", "Lyon", "ville")
    sheets = {}

    def sheet(key, collectivity, title, services, date, live=True, **fields):
        sheets[key] = make_sheet(
            collectivity,
            title=title,
            services=[service(slug) for slug in services],
            date=datetime.date.fromisoformat(date),
            live=live,
            **fields,
        )

    sheet(
        "ecole",
        saint_malo,
        "L'école numérique à Saint-Malo",
        ["ecoles-numeriques-ent-tableaux-interactifs"],
        "2023-03-01",
        subtitle="Des tableaux interactifs dans chaque classe",
        actions="<p>Les écoles élémentaires ont reçu un ENT et des tablettes.</p>",
    )
    sheet(
        "transition",
        lyon,
        "Transition écologique et sobriété numérique",
        ["site-internet-et-informations-pratiques"],
        "2022-06-15",
        synthese="<p>Réduire l'empreinte des équipements informatiques de la ville.</p>",
    )
    sheet(
        "tiers_lieu",
        village,
        "Un tiers-lieu pour la médiation numérique",
        ["ateliers-numeriques-intergenerationnels"],
        "2021-09-10",
        actions="<p>Un espace d'accès libre à internet, animé par une conseillère numérique.</p>",
    )
    sheet(
        "wifi",
        lyon,
        "Wi-Fi public dans les parcs",
        ["wi-fi-public"],
        "2023-01-20",
        synthese="<p>Connexion gratuite pour les habitants et les visiteurs.</p>",
    )
    sheet(
        "rgpd",
        saint_malo,
        "Mise en conformité RGPD des services",
        ["demarches-administratives-en-ligne"],
        "2020-02-02",
        actions="<p>Un registre des traitements et un délégué à la protection des données.</p>",
    )
    sheet(
        "epn",
        village,
        "Un EPN pour les seniors",
        ["ateliers-numeriques-intergenerationnels", "wi-fi-public"],
        "2022-11-05",
        synthese="<p>La médiation numérique pour les seniors du village, le mardi.</p>",
    )
    sheet(
        "draft",
        saint_malo,
        "Brouillon zygomatique",
        ["wi-fi-public"],
        "2023-04-04",
        live=False,
        synthese="<p>Un texte zygomatique pas encore publié sur la médiation.</p>",
    )
    sheet(
        "private",
        lyon,
        "Projet confidentialissime",
        ["wi-fi-public"],
        "2023-04-05",
        synthese="<p>Réservé aux agents : médiation confidentialissime.</p>",
    )
    PageViewRestriction.objects.create(
        page=sheets["private"], restriction_type=PageViewRestriction.LOGIN
    )
    return sheets
