"""The site's own pages, which a French public site must have, created by seed_demo: mentions
légales, déclaration d'accessibilité (the RGAA model), données personnelles, contact and plan
du site. Each is a SitePage that editors then edit freely; a page already there is left as it
is (by its slug), so that running the seed again never overwrites an editor's text."""

import dataclasses

from django.conf import settings

from .models import HomePage, SitePage

CONTACT_EMAIL = "atlaas@villes-internet.net"
DECLARATION_DATE = "7 décembre 2026"


def _heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def _text(html):
    return {"type": "text", "value": {"text": html}}


def _links(*links):
    return {
        "type": "links",
        "value": {"links": [{"label": label, "page": None, "url": url} for label, url in links]},
    }


def _table(caption, rows):
    return {
        "type": "table",
        "value": {
            "caption": caption,
            "table": {
                "data": rows,
                "first_row_is_table_header": True,
                "first_col_is_header": False,
            },
        },
    }


@dataclasses.dataclass(frozen=True)
class SitePagePlan:
    slug: str
    title: str
    introduction: str
    body: list


def _mentions_legales():
    return SitePagePlan(
        "mentions-legales",
        "Mentions légales",
        "Qui édite ATLAAS, qui l'héberge, et sous quelle licence ses contenus sont publiés.",
        [
            _heading("Éditeur"),
            _text(
                "<p>ATLAAS est édité par l'association Villes Internet, association loi 1901, "
                "qui anime le label national Territoires, Villes et Villages Internet.</p>"
                f'<p>Contact : <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>.</p>'
            ),
            _heading("Directeur de la publication"),
            _text("<p>Le président ou la présidente de l'association Villes Internet.</p>"),
            _heading("Hébergement"),
            _text(
                "<p>Le site est hébergé en France pour le compte de Villes Internet. Il ne "
                "charge aucune ressource d'un autre site (ni police, ni script, ni mesure "
                "d'audience).</p>"
            ),
            _heading("Licence des contenus"),
            _text(
                "<p>Les fiches actions sont publiées sous la "
                '<a href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/">Licence '
                "Ouverte / Etalab 2.0</a> : vous pouvez les réutiliser en citant la source "
                "« ATLAAS — Villes Internet ». Les logos et images restent la propriété de leurs "
                "auteurs.</p>"
            ),
        ],
    )


def _accessibilite():
    return SitePagePlan(
        "accessibilite",
        "Déclaration d'accessibilité",
        "Villes Internet s'engage à rendre ATLAAS accessible conformément à l'article 47 de la "
        "loi n° 2005-102 du 11 février 2005.",
        [
            _text(
                "<p>Cette déclaration d'accessibilité s'applique à ATLAAS "
                f"({settings.SITE_URL}).</p>"
            ),
            _heading("État de conformité"),
            _text(
                "<p>ATLAAS est <b>partiellement conforme</b> avec le référentiel général "
                "d'amélioration de l'accessibilité (RGAA), version 4.1.2, en raison des "
                "non-conformités et des contenus non accessibles énumérés ci-dessous. Aucun audit "
                "complet des 106 critères n'a encore été réalisé par un organisme "
                "indépendant.</p>"
            ),
            _heading("Résultats des tests"),
            _text(
                "<p>Les contrôles automatiques suivants sont exécutés à chaque modification du "
                "site, sur chaque type de page publique (accueil, fiche action, collectivité, "
                "enjeu, service, listes, collections, recherche, carte, label, palmarès, "
                "distinction) :</p>"
            ),
            _table(
                "Contrôles réalisés",
                [
                    ["Contrôle", "Outil", "Résultat"],
                    ["Règles WCAG 2.1 A et AA automatisables", "axe-core", "0 erreur"],
                    ["Validité du code HTML (critère 8.2)", "Nu Html Checker", "0 erreur"],
                    ["Parcours au clavier", "Chromium piloté", "toutes les étapes réussies"],
                ],
            ),
            _heading("Contenus non accessibles"),
            _text(
                "<ul><li>La carte des départements est un dessin : ses chiffres sont donnés "
                "dans un tableau juste en dessous, et chaque département y est un lien.</li>"
                "<li>Les images et documents déposés par les collectivités peuvent manquer "
                "d'alternative textuelle ; signalez-les-nous.</li></ul>"
            ),
            _heading("Établissement de cette déclaration"),
            _text(
                f"<p>Cette déclaration a été établie le {DECLARATION_DATE}.</p>"
                "<p>Technologies utilisées : HTML5, CSS, SVG, JavaScript (non indispensable "
                "à la consultation). Environnement de test : Chromium avec le lecteur de "
                "l'arbre d'accessibilité d'axe-core, navigation au clavier.</p>"
            ),
            _heading("Retour d'information et contact"),
            _text(
                "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez "
                "Villes Internet pour être orienté vers une alternative accessible ou obtenir "
                f'le contenu sous une autre forme : <a href="mailto:{CONTACT_EMAIL}">'
                f"{CONTACT_EMAIL}</a>, ou la page « Contact ».</p>"
            ),
            _heading("Voies de recours"),
            _text(
                "<p>Si vous constatez un défaut d'accessibilité vous empêchant d'accéder à un "
                "contenu ou une fonctionnalité du site, que vous nous le signalez et que vous "
                "ne parvenez pas à obtenir une réponse de notre part, vous êtes en droit de "
                "faire parvenir vos doléances ou une demande de saisine au Défenseur des "
                "droits :</p><ul>"
                '<li>écrire un message au Défenseur des droits (<a href="https://formulaire.'
                'defenseurdesdroits.fr/">formulaire en ligne</a>) ;</li>'
                '<li>contacter le délégué du Défenseur des droits dans votre région (<a href="'
                'https://www.defenseurdesdroits.fr/carte-des-delegues">carte des délégués</a>)'
                " ;</li>"
                "<li>appeler le 09 69 39 00 00 ;</li>"
                "<li>envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : "
                "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li></ul>"
            ),
        ],
    )


def _donnees_personnelles():
    return SitePagePlan(
        "donnees-personnelles",
        "Données personnelles",
        "Ce qu'ATLAAS enregistre sur vous, pourquoi, et comment exercer vos droits.",
        [
            _heading("Responsable du traitement"),
            _text("<p>L'association Villes Internet, éditrice d'ATLAAS.</p>"),
            _heading("Ce qui est enregistré"),
            _text(
                "<ul><li>Pour les agents des collectivités : nom, adresse électronique et "
                "collectivité, afin de publier et relire les fiches actions.</li>"
                "<li>Pour les contacts d'une fiche : nom, fonction et adresse électronique, "
                "affichée seulement si la collectivité l'a choisi.</li>"
                "<li>Les messages écrits avec le formulaire « Contacter » d'une fiche sont "
                "transmis par courriel aux contacts de la fiche, sans être conservés sur le "
                "site.</li></ul>"
            ),
            _heading("Cookies"),
            _text(
                "<p>Les visiteurs ne reçoivent aucun cookie de mesure d'audience ni de "
                "publicité. Seuls les agents connectés reçoivent les cookies de session et de "
                "sécurité nécessaires à leur espace, qui ne demandent pas de consentement.</p>"
            ),
            _heading("Vos droits"),
            _text(
                "<p>Vous pouvez accéder à vos données, les faire rectifier ou effacer, et "
                "vous opposer à leur traitement en écrivant à "
                f'<a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>. Si vous estimez que '
                "vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la "
                '<a href="https://www.cnil.fr/fr/plaintes">CNIL</a>.</p>'
            ),
        ],
    )


def _contact():
    return SitePagePlan(
        "contact",
        "Contact",
        "Une question sur ATLAAS, le label ou une fiche action ? Écrivez à Villes Internet.",
        [
            _heading("Écrire à Villes Internet"),
            _text(
                f'<p>Par courriel : <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>.</p>'
                "<p>Pour joindre les auteurs d'une initiative, utilisez le bouton « Contacter » "
                "de sa fiche : votre message leur est transmis directement.</p>"
            ),
            _heading("Collectivités"),
            _text(
                "<p>Vous êtes agent d'une collectivité et souhaitez publier vos fiches actions "
                "ou candidater au label ? Connectez-vous à l'espace collectivités, ou "
                "écrivez-nous pour obtenir un compte.</p>"
            ),
            _links(("Espace collectivités — Se connecter", "/admin/login/")),
        ],
    )


def _sections() -> list[tuple[str, str]]:
    """The site's sections; the collections and the label only where they exist."""
    from initiatives.models import ThematicCollectionIndexPage
    from labels.models import LabelIndexPage

    sections = [
        ("Accueil", "/"),
        ("Les enjeux", "/enjeux/"),
        ("Les collectivités", "/collectivites/"),
    ]
    for model, title in (
        (ThematicCollectionIndexPage, "Les collections thématiques"),
        (LabelIndexPage, "Le label Territoires, Villes et Villages Internet"),
    ):
        index = model.objects.live().public().first()
        if index is not None:
            sections.append((title, index.get_url()))
    return [*sections, ("Rechercher une initiative", "/recherche/")]


def _plan_du_site():
    return SitePagePlan(
        "plan-du-site",
        "Plan du site",
        "Toutes les rubriques d'ATLAAS.",
        [
            _heading("Rubriques"),
            _links(*_sections()),
            _heading("Informations"),
            _links(
                ("Mentions légales", "/mentions-legales/"),
                ("Déclaration d'accessibilité", "/accessibilite/"),
                ("Données personnelles", "/donnees-personnelles/"),
                ("Contact", "/contact/"),
            ),
            _heading("Données ouvertes"),
            _links(
                ("Flux Atom des dernières fiches", "/flux/fiches.atom"),
                ("API des pages", "/api/v2/pages/"),
                ("Plan du site pour les moteurs de recherche (XML)", "/sitemap.xml"),
            ),
        ],
    )


PLANS = (_mentions_legales, _accessibilite, _donnees_personnelles, _contact, _plan_du_site)


def seed_site_pages() -> int:
    """Creates the missing site pages under the home page, published and in the footer;
    returns how many were created."""
    home = HomePage.objects.first()
    if home is None:
        return 0
    existing = set(SitePage.objects.child_of(home).values_list("slug", flat=True))
    created = 0
    for make_plan in PLANS:
        plan = make_plan()
        if plan.slug in existing:
            continue
        page = SitePage(
            title=plan.title,
            slug=plan.slug,
            introduction=plan.introduction,
            body=plan.body,
            show_in_menus=True,
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    return created
