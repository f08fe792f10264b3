"""French text analysis: the one module that decides what a word is, for every backend.

Indexing and querying go through the same steps, so a query word and a text word meet in
the index whatever the backend:

1. ``prepare``: HTML removed, elisions split (l'école → école), hyphenated compounds kept
   both as parts and joined (Wi-Fi → wi fi wifi), French stop words dropped. The
   PostgreSQL and Elasticsearch backends receive this text and fold accents and stem with
   their own French configuration (same Snowball stemmer).
2. ``analyze``: ``prepare``, then accents and case folded and each word stemmed with the
   Snowball French stemmer. SQLite's FTS5 cannot stem, so it indexes this output.

Kept free of Django imports: settings import the Elasticsearch analysis from here.
"""

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

# PostgreSQL's french.stop list (the same words its French configuration drops), plus
# their unaccented forms, since the query "acces a internet" is typed without accents.
_POSTGRES_FRENCH_STOP_WORDS = """
au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me même mes moi
mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un
une vos votre vous c d j l à m n s t y été étée étées étés étant étante étants étantes suis es
est sommes êtes sont serai seras sera serons serez seront serais serait serions seriez
seraient étais était étions étiez étaient fus fut fûmes fûtes furent sois soit soyons soyez
soient fusse fusses fût fussions fussiez fussent ayant ayante ayantes ayants eu eue eues eus
ai as avons avez ont aurai auras aura aurons aurez auront aurais aurait aurions auriez
auraient avais avait avions aviez avaient eut eûmes eûtes eurent aie aies ait ayons ayez aient
eusse eusses eût eussions eussiez eussent
""".split()

# Frequent words PostgreSQL's list lacks ("les" among them): dropped from queries on every
# backend, and from the SQLite index.
_EXTRA_STOP_WORDS = """
les cet cette cela ceci celle celles celui ceux ci là dont où aussi ainsi comme chez entre
vers sans sous tout tous toute toutes très peu lors afin donc car puis quand leurs
""".split()

FRENCH_ELISION_ARTICLES = [
    "l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu",
]  # fmt: skip

_TAG_RE = re.compile(r"<[^>]*>")
_APOSTROPHES = "'’ʼ`´"
_ELISION_RE = re.compile(
    r"\b(?:" + "|".join(FRENCH_ELISION_ARTICLES) + ")[" + _APOSTROPHES + r"](?=\w)", re.IGNORECASE
)
# A hyphenated compound: letters or digits joined by hyphens (tiers-lieu, Wi-Fi, e-administration).
_COMPOUND_RE = re.compile(r"\b\w++(?:[-‐‑–]\w++)+")  # possessive: no backtracking inside words
_WORD_RE = re.compile(r"\w+")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

# Longer inputs are cut: nobody types more, and analysis and SQL stay bounded.
MAX_QUERY_LENGTH = 500
MAX_QUERY_TERMS = 16


@lru_cache(maxsize=50_000)  # words recur: indexing 500 sheets spent half its time here
def fold(word: str) -> str:
    """Lower case without accents or ligatures: 'Écoles' -> 'ecoles', 'œuvre' -> 'oeuvre'."""
    word = word.casefold().replace("œ", "oe").replace("æ", "ae")
    # Case folded again: some letters decompose to capitals (« ℂ » to « C »), which a
    # second folding would then change, turning a word into a stop word after the test.
    decomposed = unicodedata.normalize("NFKD", word).casefold()
    return "".join(char for char in decomposed if not unicodedata.combining(char))


STOP_WORDS = frozenset(
    word
    for source in (_POSTGRES_FRENCH_STOP_WORDS, _EXTRA_STOP_WORDS)
    for stop_word in source
    for word in (stop_word, fold(stop_word))
)

_stemmer = snowballstemmer.stemmer("french")


@lru_cache(maxsize=50_000)
def stem(folded_word: str) -> str:
    return _stemmer.stemWord(folded_word)


def strip_html(text: str) -> str:
    return html.unescape(_TAG_RE.sub(" ", text))


def flatten_texts(texts) -> str:
    """Plain texts as one line: white space collapsed, empty texts left out."""
    return " ".join(" ".join(text.split()) for text in texts if text).strip()


# In a folded twin: the ligatures that fold to two letters, and any other word character
# that does not fold to exactly one.
TWIN_OE, TWIN_AE, TWIN_OTHER = "\x01", "\x02", "\x00"


class _TwinTable(dict):
    """str.translate's table for ``folded_twin``, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if not _WORD_RE.fullmatch(char):
            twin = " "
        else:
            folded = fold(char)
            twin = {"oe": TWIN_OE, "ae": TWIN_AE}.get(folded, folded)
            twin = twin if len(twin) == 1 else TWIN_OTHER
        self[code] = twin
        return twin


_TWIN_TABLE = _TwinTable()


def folded_twin(text: str) -> str:
    """``text`` as long, each word character folded to one (« É » to « e ») and every other
    character a space, so that where a word starts and what its folded head is are found
    by plain substring searches, at the same positions as in ``text``."""
    return text.translate(_TWIN_TABLE)


def _expand_compound(match: re.Match) -> str:
    parts = re.split(r"[-‐‑–]", match.group(0))
    return " ".join([*parts, "".join(parts)])


def prepare(text) -> str:
    """Text ready for a backend that folds and stems by itself (PostgreSQL, Elasticsearch)."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", strip_html(str(text)))
    text = _CONTROL_RE.sub(" ", text)
    text = _ELISION_RE.sub("", text)
    text = _COMPOUND_RE.sub(_expand_compound, text)
    return " ".join(word for word in _WORD_RE.findall(text) if fold(word) not in STOP_WORDS)


def analyze(text) -> list[str]:
    """The stems of ``text``: what the SQLite index stores and what queries look up."""
    return [stem(fold(word)) for word in _WORD_RE.findall(prepare(text))]


def folded_words(text) -> list[str]:
    """Folded, unstemmed words (autocomplete prefixes, suggestions, highlighting)."""
    return [fold(word) for word in _WORD_RE.findall(prepare(text))]


@dataclass(frozen=True)
class QueryTerm:
    """One word the user typed. A compound (wi-fi) matches either its joined form or all
    its parts; ``alternatives`` holds each way as a tuple of surface words."""

    text: str
    alternatives: tuple[tuple[str, ...], ...]

    def stems(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(stem(fold(word)) for word in alt) for alt in self.alternatives)


def term_of_forms(text: str, forms) -> QueryTerm:
    """One term matching any of ``forms`` (each a sequence of words, all required): a
    compound's joined and split spellings, or a glossary entry's equivalents. Forms are
    folded and put in one order, so that every spelling of the same thing gives the same
    term, the same key in the term store and the same ranking."""
    by_stems = {}
    for form in forms:
        words = tuple(fold(word) for word in form if fold(word) not in STOP_WORDS)
        if words:
            by_stems.setdefault(tuple(stem(word) for word in words), words)
    ordered = sorted(by_stems.items(), key=lambda item: (len(item[0]), item[0]))
    return QueryTerm(text, tuple(words for _stems, words in ordered))


def parse_query(raw) -> list[QueryTerm]:
    """Splits what a user typed into terms. Never fails: operators, quotes and symbols of
    any search syntax are treated as plain punctuation."""
    text = str(raw or "")[:MAX_QUERY_LENGTH]
    text = unicodedata.normalize("NFC", _CONTROL_RE.sub(" ", text.replace("\x00", " ")))
    text = _ELISION_RE.sub("", text)
    terms, seen = [], set()
    for match in re.finditer(r"\w+(?:[-‐‑–]\w+)*", text):
        surface = match.group(0)
        parts = tuple(part for part in re.split(r"[-‐‑–]", surface) if fold(part) not in STOP_WORDS)
        if not parts:
            continue
        forms = (parts,) if len(parts) == 1 else (("".join(parts),), parts)
        term = term_of_forms(surface, forms)
        if term.alternatives in seen:
            continue
        seen.add(term.alternatives)
        terms.append(term)
    return terms[:MAX_QUERY_TERMS]


# Elasticsearch / OpenSearch: the same steps, declared as the index's default analyzer.
ELASTICSEARCH_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "filter": {
                "french_elision": {
                    "type": "elision",
                    "articles_case": True,
                    "articles": FRENCH_ELISION_ARTICLES,
                },
                "french_compounds": {
                    "type": "word_delimiter_graph",
                    "catenate_words": True,
                    "preserve_original": False,
                    "split_on_numerics": False,
                    "split_on_case_change": False,
                },
                "french_stop": {"type": "stop", "stopwords": sorted(STOP_WORDS)},
                "french_stemmer": {"type": "stemmer", "language": "french"},
            },
            "analyzer": {
                "default": {
                    "tokenizer": "whitespace",
                    "filter": [
                        "french_elision",
                        "french_compounds",
                        "lowercase",
                        "asciifolding",
                        "french_stop",
                        "french_stemmer",
                    ],
                },
                "french_folding": {
                    "tokenizer": "standard",
                    "filter": ["french_elision", "lowercase", "asciifolding"],
                },
            },
        }
    }
}
