"""Writes one demo sheet as a collectivity would: its services, texts, tags, contacts, links.

Everything is drawn from the ``random.Random`` it is given, so a sheet is a pure function of
its seed. Service and enjeu names come from the référentiel in the database; the phrases are
hand-written (``themes``, ``people`` and the templates below).
"""

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.text import slugify

from . import people
from .themes import CROSS_TAGS, GENERIC, THEMES
from .voice import Voice, a, cap, de, escape_text, thousands, web_slug, without_article

# Every published demo sheet is put forward to Label 2023, whose jury met on 8 December
# 2022 (labels/demo/plan.py): no action is dated after it.
YEARS = tuple(range(2015, 2023))
LAST_ACTION_DATE = datetime.date(2022, 12, 8)
# The label's recent editions received many more sheets than the first ones.
YEAR_WEIGHTS = (3, 4, 6, 8, 10, 13, 17, 22)
# Enjeux the collectivities write about most; any other enjeu weighs 1.
ENJEU_WEIGHTS = {
    "mediation": 1.7,
    "services-publics": 1.5,
    "education": 1.4,
    "vie-quotidienne": 1.4,
    "democratie-locale": 1.2,
    "culture-et-patrimoine": 1.1,
}

TITLES = (
    "{S} : {hook}",
    "{S} {where}",
    "{Goal} {where}",
    "{Goal} : l'expérience {of}",
    "{name} mise sur le numérique pour {goal}",
    "{S}, {hook}",
)
HOOKS = (
    "{itself} se lance",
    "un an après",
    "retour d'expérience",
    "bilan d'étape",
    "un projet mené avec les habitants",
    "ce qui a changé pour les usagers",
    "les clés de la réussite",
    "premiers résultats",
    "bilan {year}",
    "une démarche partagée",
    "nouvelle étape",
    "un projet à petit budget",
)
SUBTITLES = (
    "{Who} s'est appuyée sur le numérique pour {goal}, en associant {public} dès la conception.",
    "Depuis {year}, {who} propose « {S} » pour {goal}.",
    "Comment {who}, {population} habitants, a su {goal} avec des moyens limités.",
    "« {S} » : un projet porté par {team} pour {goal}.",
    "Un constat simple, {finding}, a conduit {who} à agir.",
)
CONTEXTS = (
    "En {start}, {who} a fait un constat : {finding}. Les élus ont alors inscrit le projet "
    "« {S} » parmi les priorités du mandat.",
    "Tout est parti d'un constat partagé par {team} : {finding}.",
    "Le projet « {S} » répond à une demande entendue lors des réunions publiques : "
    "{finding}, et il fallait {goal}.",
)
DOINGS = (
    "{Team} a d'abord réalisé un diagnostic auprès {of_public}, puis rédigé un cahier des "
    "charges avec {partner}.",
    "Après une phase de test de {months} mois auprès {of_public}, le service a été ouvert à "
    "tous en {month} {year}.",
    "Le choix s'est porté sur {tool}, {reason}.",
)
REASONS = (
    "une solution déjà éprouvée par d'autres collectivités",
    "une solution que la collectivité maîtrise de bout en bout",
    "simple à prendre en main pour les agents comme pour les habitants",
    "retenu après la visite d'une collectivité voisine",
)
# Each step names what is particular to the sheet (its service, tool, partner, public):
# fixed wording repeated across thousands of sheets made them read as copies.
STEPS = (
    "diagnostic des besoins {of_public}, mené par {team}",
    "visite d'une collectivité déjà équipée {of_tool}",
    "rédaction du cahier des charges de « {S} » avec {partner}",
    "choix de la solution ({tool_bare})",
    "formation de {agents} agents à « {S} »",
    "test {pilot} en {month} {start}",
    "annonce dans {channel} {of}",
    "lancement officiel en {month} {year}",
    "premier bilan {of_public} au bout de {months} mois",
)
PILOTS = (
    "dans un quartier pilote",
    "auprès d'un groupe d'usagers volontaires",
    "dans un service municipal pilote",
    "dans une école pilote",
    "avec une association partenaire",
)
CHANNELS = (
    "le bulletin municipal",
    "la presse locale",
    "les réseaux sociaux",
    "le site internet",
    "la lettre d'information",
    "les panneaux lumineux",
    "une réunion publique",
)
SYNTHESES = (
    "Avec « {S} », {who} a voulu {goal}. Le projet, conduit par {team} avec {partner}, a "
    "touché {public} dès {year}.",
    "{Who} a mis en place « {S} » en {year} pour {goal}. {result}",
    "« {S} » : un projet simple et reproductible {of}, pour {goal}, avec l'appui {of_partner}.",
    "Depuis {month} {year}, {who} propose « {S} » {to_public}, pour {goal}.",
)
FOLLOW_UPS = (
    "Le projet se poursuit en {next_year} avec son ouverture {to_public}.",
    "Une seconde phase de « {S} », prévue en {next_year}, l'étendra aux communes voisines.",
    "{Team} estime la démarche reproductible dans une collectivité de {population} habitants.",
    "En {next_year}, {who} prévoit d'ajouter {tool_bare} à « {S} ».",
)
RECOMMENDATIONS = (
    "Associer {team} dès le début : ce sont eux qui connaissent les questions {of_public}.",
    "Prévoir du temps pour former les agents à {tool_bare} avant l'ouverture, pas après.",
    "Ne pas sous-estimer la communication : un service que {public} ne connaissent pas n'est "
    "pas utilisé.",
    "Commencer petit, avec {public} comme public pilote, avant de généraliser « {S} ».",
    "Mutualiser « {S} » avec les communes voisines pour partager les coûts et l'expertise.",
    "Choisir des logiciels libres et des formats ouverts pour rester maître des données de "
    "« {S} ».",
    "Mesurer les usages {of_public} dès le lancement pour pouvoir ajuster rapidement.",
    "Vérifier la conformité de « {S} » au RGPD avec le délégué à la protection des données "
    "avant le lancement.",
    "Garder un accueil physique pour {public} qui n'utilisent pas internet.",
    "S'appuyer sur {partner}, relais précieux auprès {of_public}.",
    "Faire tester « {S} » par {public} avant l'ouverture.",
    "Documenter « {S} » pour que le projet survive au départ de son chef de projet.",
    "Impliquer les élus dans « {S} » tout au long du projet, pas seulement à l'inauguration.",
    "Prévoir dès le départ le budget de maintenance de {tool_bare}, souvent oublié.",
)
GENERIC_RESULTS = (
    "Une enquête menée auprès de {n} usagers donne un taux de satisfaction de {p} %.",
    "Depuis {next_year}, {few} collectivités voisines ont repris « {S} ».",
    "« {S} » a été présenté {event} en {next_year}.",
)
EVENTS = (
    "lors d'une rencontre régionale des acteurs du numérique",
    "au congrès des maires du département",
    "à la journée Villes Internet",
    "lors d'un webinaire de la Banque des territoires",
    "aux rencontres de la médiation numérique",
)
SELF_FUNDED = (
    "« {S} » a été mené à moyens constants, par {team}.",
    "Aucun budget spécifique : {team} a porté « {S} » sur son temps de travail.",
    "Le coût de « {S} » se limite au temps de {team} et à l'abonnement à {tool_bare}.",
)


# Word stems too common in the référentiel to tell two services apart.
COMMON_STEMS = frozenset(
    {"numéri", "ligne", "habita", "servic", "projet", "collec", "commun"}
    | {"pour", "dans", "avec", "tous", "toutes", "leur", "leurs", "entre", "chez", "sans"}
)


@lru_cache(maxsize=4096)
def stems(text: str) -> frozenset[str]:
    """Crude French stems: the six first letters of words of four letters or more."""
    words = re.findall(r"\w{4,}", text.lower())
    return frozenset(word[:6] for word in words) - COMMON_STEMS


def relevant(rng, items, service: str):
    """An item sharing the most words with the service ("signaler" for "Signalement citoyen
    en ligne"), so a sheet's goal matches its service; any item when none does."""
    wanted = stems(service)
    scores = [len(stems(item) & wanted) for item in items]
    best = max(scores)
    if best:
        return rng.choice(
            [item for item, score in zip(items, scores, strict=True) if score == best]
        )
    return rng.choice(items)


@dataclass(frozen=True)
class Term:
    """A service of the référentiel, with what the texts need of its enjeu."""

    pk: int
    name: str
    slug: str
    enjeu: str  # slug
    category: int  # pk


class Catalog:
    """The référentiel's services grouped by enjeu and catégorie, in a stable order."""

    def __init__(self, services: list[Term]):
        self.by_enjeu: dict[str, list[Term]] = {}
        self.by_category: dict[int, list[Term]] = {}
        for term in services:
            self.by_enjeu.setdefault(term.enjeu, []).append(term)
            self.by_category.setdefault(term.category, []).append(term)
        self.enjeux = list(self.by_enjeu)
        self.weights = [ENJEU_WEIGHTS.get(slug, 1.0) for slug in self.enjeux]

    def pick(self, rng) -> list[Term]:
        """One to three services, mostly from the same enjeu, always from the same catégorie."""
        enjeu = rng.choices(self.enjeux, weights=self.weights)[0]
        chosen = [rng.choice(self.by_enjeu[enjeu])]
        wanted = rng.choices((1, 2, 3), weights=(45, 35, 20))[0]
        for _attempt in range(6):
            if len(chosen) >= wanted:
                break
            pool = (
                self.by_enjeu[enjeu] if rng.random() < 0.6 else self.by_category[chosen[0].category]
            )
            candidate = rng.choice(pool)
            if candidate not in chosen:
                chosen.append(candidate)
        return chosen


@dataclass
class SheetContent:
    title: str
    subtitle: str
    date: datetime.date
    published_at: datetime.datetime
    actions: str
    synthese: str
    outils: str
    prestataires: str
    recommandations: str
    resultats: str
    services: list[Term]
    tags: list[str]
    contacts: list[tuple[str, str, str, bool]]  # name, role, email, show_email
    links: list[tuple[str, str]]  # url, title


def write_sheet(rng, voice: Voice, population: int, catalog: Catalog, *, draft: bool):
    services = catalog.pick(rng)
    theme = THEMES.get(services[0].enjeu, GENERIC)
    year = 2023 if draft else rng.choices(YEARS, weights=YEAR_WEIGHTS)[0]
    first_day = datetime.date(year, 1, 1)
    last_day = (
        datetime.date(year, 12, 31) if draft else min(datetime.date(year, 12, 31), LAST_ACTION_DATE)
    )
    date = first_day + datetime.timedelta(days=rng.randrange((last_day - first_day).days + 1))
    words = _Words(rng, voice, population, theme, services[0].name, year)

    title = words.fill(rng.choice(TITLES))
    subtitle = words.fill(rng.choice(SUBTITLES))
    if len(subtitle) > 300:  # the field's limit; long intercommunalité names can pass it
        subtitle = words.fill("{Goal} : le projet « {S} ».")[:300]
    other_results = [r for r in theme.results if r != words.result_template]
    published_at = datetime.datetime.combine(
        date + datetime.timedelta(days=rng.randrange(10, 60)),
        datetime.time(rng.randrange(8, 19), rng.randrange(60)),
        tzinfo=datetime.UTC,
    )
    return SheetContent(
        title=title[:255],
        subtitle=subtitle,
        date=date,
        published_at=published_at,
        actions=_actions(rng, words),
        synthese=_paragraphs(
            words.fill(rng.choice(SYNTHESES)),
            *([words.fill(rng.choice(FOLLOW_UPS))] if rng.random() < 0.5 else []),
        ),
        outils=_listing(rng, theme.tools, first=words.values["tool"], most=3),
        prestataires=_listing(rng, theme.partners, first=words.values["partner"], most=2),
        recommandations=_paragraphs(
            *(words.fill(text) for text in rng.sample(RECOMMENDATIONS, rng.randint(1, 3)))
        ),
        resultats=_paragraphs(
            words.values["result"],
            *(
                [words.fill(rng.choice(other_results))]
                if other_results and rng.random() < 0.5
                else []
            ),
            *([words.fill(rng.choice(GENERIC_RESULTS))] if rng.random() < 0.4 else []),
        ),
        services=services,
        tags=_tags(rng, services),
        contacts=_contacts(rng, voice),
        links=_links(rng, voice, services[0], title, year),
    )


class _Words:
    """The values templates draw on for one sheet, picked once so a sheet stays coherent."""

    def __init__(self, rng, voice: Voice, population: int, theme, service: str, year: int):
        self.rng = rng
        self.population = population
        self.numbers: dict[str, dict[str, str]] = {}
        goal = relevant(rng, theme.goals, service)
        public = rng.choice(theme.publics)
        team = rng.choice(people.TEAMS[voice.kind])
        tool = relevant(rng, theme.tools, service)
        partner = rng.choice(theme.partners)
        self.values = {
            "S": service,
            "name": voice.name,
            "who": voice.who,
            "Who": cap(voice.who),
            "where": voice.where,
            "of": voice.of,
            "goal": goal,
            "Goal": cap(goal),
            "public": public,
            "of_public": de(public),
            "to_public": a(public),
            "team": team,
            "Team": cap(team),
            "finding": relevant(rng, theme.findings, service),
            "partner": partner,
            "of_partner": de(partner),
            "tool": tool,
            "tool_bare": without_article(tool),
            "of_tool": de(tool),
            "pilot": rng.choice(PILOTS),
            "channel": rng.choice(CHANNELS),
            "event": rng.choice(EVENTS),
            "few": str(rng.randint(2, 6)),
            "reason": rng.choice(REASONS),
            "year": str(year),
            "start": str(year - rng.randint(1, 2)),
            "next_year": str(year + 1),
            "month": rng.choice(people.MONTHS),
            "months": str(rng.randint(2, 6)),
            "agents": str(rng.randint(2, max(3, min(60, round(population**0.5 / 4))))),
            "population": thousands(population),
            "itself": voice.itself,
        }
        self.values["hook"] = rng.choice(HOOKS).format_map(self.values)
        self.result_template = relevant(rng, theme.results, service)
        self.values["result"] = self.fill(self.result_template)

    def fill(self, template: str) -> str:
        # A result quoted twice (synthèse and résultats) must give the same figures.
        if template not in self.numbers:
            count = max(3, round(self.rng.uniform(0.5, 2.0) * self.population**0.5))
            self.numbers[template] = {"n": thousands(count), "p": str(self.rng.randint(15, 85))}
        return template.format_map({**self.values, **self.numbers[template]})


def _paragraphs(*texts: str) -> str:
    return "".join(f"<p>{escape_text(text)}</p>" for text in texts)


def _listing(rng, items, *, first: str, most: int) -> str:
    """'Nextcloud ; Tablettes' — the one the texts name first, then a few others, bare."""
    others = [item for item in items if item != first]
    chosen = [first, *rng.sample(others, min(len(others), rng.randint(0, most - 1)))]
    return " ; ".join(without_article(item) for item in chosen)


def _actions(rng, words: _Words) -> str:
    html = _paragraphs(words.fill(rng.choice(CONTEXTS)), words.fill(rng.choice(DOINGS)))
    if rng.random() < 0.6:
        steps = sorted(rng.sample(range(len(STEPS)), rng.randint(3, 5)))
        items = "".join(f"<li>{escape_text(words.fill(STEPS[i]))}</li>" for i in steps)
        html += f"<p>Les grandes étapes :</p><ul>{items}</ul>"
    if rng.random() < 0.7:
        amount = thousands(max(1000, int(round(words.population**0.5 * rng.uniform(20, 200), -2))))
        funder = rng.choice(people.FUNDERS)
        html += _paragraphs(
            f"Le budget s'élève à {amount} € TTC, financé à {rng.randint(20, 80)} % par {funder}."
        )
    else:
        html += _paragraphs(words.fill(rng.choice(SELF_FUNDED)))
    return html


def _tags(rng, services: list[Term]) -> list[str]:
    """The tag closest to the main service, then a few of its services' themes."""
    tags = [relevant(rng, THEMES.get(services[0].enjeu, GENERIC).tags, services[0].name)]
    pool = [tag for term in services for tag in THEMES.get(term.enjeu, GENERIC).tags]
    tags += rng.sample(pool, min(len(pool), rng.randint(0, 2)))
    if rng.random() < 0.3:
        tags.append(rng.choice(CROSS_TAGS))
    unique = {}
    for tag in tags:
        unique.setdefault(tag.lower(), tag)
    return list(unique.values())


def _contacts(rng, voice: Voice) -> list[tuple[str, str, str, bool]]:
    contacts = []
    roles = rng.sample(people.ROLES[voice.kind], rng.choices((1, 2), weights=(7, 3))[0])
    for role in roles:
        feminine = rng.random() < 0.5
        first = rng.choice(people.FIRST_NAMES_F if feminine else people.FIRST_NAMES_M)
        last = rng.choice(people.LAST_NAMES)
        role = role[1 if feminine else 0]
        email = f"{web_slug(first)}.{web_slug(last).replace('-', '')}@{voice.domain}"
        contacts.append((f"{first} {last}", role, email, rng.random() < 0.4))
    return contacts


def _links(rng, voice: Voice, service: Term, title: str, year: int) -> list[tuple[str, str]]:
    site = f"https://www.{voice.domain}"
    choices = [
        (f"{site}/{service.slug}/", f"Le service sur le site {voice.of}"),
        (f"{site}/actualites/{year}/{slugify(title)[:60]}/", "Article d'actualité"),
        (f"{site}/conseil/deliberations-{year}/", "Délibération du conseil"),
    ]
    return rng.sample(choices, rng.choices((0, 1, 2), weights=(2, 5, 3))[0])
