"""How the demo texts name a collectivity in French: "la ville du Havre", "au Havre", "d'Angers".

French contracts its prepositions with the article of a place name (de + Le Havre = du Havre,
à + Les Sables-d'Olonne = aux Sables-d'Olonne) and elides before a vowel (d'Angers).
"""

from dataclasses import dataclass

from django.utils.text import slugify

from initiatives.geography import Place, departement_name, region_name

VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüœAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒ")
EPCI_PREFIXES = {
    "CC ": "communauté de communes ",
    "CA ": "communauté d'agglomération ",
    "CU ": "communauté urbaine ",
}
# Words dropped from an intercommunalité's name to make a plausible web domain.
DOMAIN_FILLERS = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "et", "en"})


def de(phrase: str) -> str:
    """'le Havre' -> 'du Havre', 'Angers' -> "d'Angers", 'la Rochelle' -> 'de la Rochelle'."""
    for article, contracted in (("le ", "du "), ("les ", "des ")):
        if phrase[: len(article)].lower() == article:
            return contracted + phrase[len(article) :]
    return ("d'" if phrase[:1] in VOWELS else "de ") + phrase


def a(phrase: str) -> str:
    """'le Havre' -> 'au Havre', 'les familles' -> 'aux familles', 'Brest' -> 'à Brest'."""
    for article, contracted in (("le ", "au "), ("les ", "aux ")):
        if phrase[: len(article)].lower() == article:
            return contracted + phrase[len(article) :]
    return "à " + phrase


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def without_article(phrase: str) -> str:
    """ "l'ADEME" -> 'ADEME', 'des tablettes' -> 'Tablettes', 'iParapheur' unchanged: list
    items read better bare."""
    for article in ("l'", "la ", "le ", "les ", "un ", "une ", "des ", "du "):
        if phrase.startswith(article):
            return cap(phrase[len(article) :])
    return phrase


def web_slug(text: str) -> str:
    """'Nœux-les-Mines' -> 'noeux-les-mines' (slugify alone drops the ligature)."""
    return slugify(text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae"))


def thousands(number: int) -> str:
    """12500 -> '12 500' with a narrow no-break space, as French typography wants."""
    return f"{number:,}".replace(",", "\u202f")


@dataclass(frozen=True)
class Voice:
    kind: str
    name: str  # as the subject of a title: "Le Havre", "La CC du Val d'Ille"
    who: str  # "la ville du Havre", "la communauté de communes du Val d'Ille"
    where: str  # "au Havre", "dans la CC du Val d'Ille"
    of: str  # "du Havre", "de la communauté de communes du Val d'Ille"
    itself: str  # "la ville", "le village", "l'intercommunalité"
    domain: str  # "ville-le-havre.fr"


def voice_of(place: Place) -> Voice:
    if place.kind == "intercommunalite":
        return _epci_voice(place)
    noun, itself, prefix = (
        ("la commune", "le village", "mairie")
        if place.kind == "village"
        else ("la ville", "la ville", "ville")
    )
    return Voice(
        kind=place.kind,
        name=place.name,
        who=f"{noun} {de(place.name)}",
        where=a(place.name),
        of=de(place.name),
        itself=itself,
        domain=f"{prefix}-{web_slug(place.name)[:50]}.fr",
    )


def _epci_voice(place: Place) -> Voice:
    words = [w for w in web_slug(place.name).split("-") if w not in DOMAIN_FILLERS]
    domain = f"{'-'.join(words)[:60].strip('-')}.fr"
    for short, long in EPCI_PREFIXES.items():
        if place.name.startswith(short):
            full = long + place.name[len(short) :]
            return Voice(
                kind=place.kind,
                name=f"La {place.name}",
                who=f"la {full}",
                where=f"dans la {place.name}",
                of=f"de la {full}",
                itself="l'intercommunalité",
                domain=domain,
            )
    # Métropoles and other names that carry no abbreviation ("Rennes Métropole").
    return Voice(
        kind=place.kind,
        name=place.name,
        who=place.name,
        where=a(place.name),
        of=de(place.name),
        itself="l'intercommunalité",
        domain=domain,
    )


def introduction(place: Place) -> str:
    """The collectivity page's presentation, as HTML paragraphs."""
    voice = voice_of(place)
    area = ", ".join(
        part for part in (departement_name(place.departement), region_name(place.region)) if part
    )
    located = f" ({area})" if area else ""
    if place.kind == "intercommunalite":
        first = (
            f"{cap(voice.who)}{located} regroupe {thousands(len(place.members))} communes et "
            f"{thousands(place.population)} habitants."
        )
        second = (
            "Ses services numériques sont mutualisés avec les communes membres, qui "
            "partagent ici leurs projets et leurs retours d'expérience."
        )
    else:
        first = f"{place.name}{located} compte {thousands(place.population)} habitants."
        second = (
            f"{cap(voice.itself)} partage ici ses initiatives numériques : ce qui a été fait, "
            "avec qui, pour quel budget, et ce qu'elle en retient."
            if place.kind == "ville"
            else "Le village partage ici ses initiatives numériques, menées avec des moyens "
            "modestes et beaucoup d'énergie."
        )
    return f"<p>{escape_text(first)}</p><p>{escape_text(second)}</p>"


def escape_text(text: str) -> str:
    """Escapes text placed between HTML tags (quotes are safe there and stay readable)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
