"""Highlighted passages: the words that may match are found in each sheet's folded twin
(``ActionSheetPage.plain_text_twin``); they must be the very words read one by one."""

import pytest

from search import analysis
from search.snippets import Highlighter

TEXTS = [
    "Mise en œuvre d'un Cœur-de-ville numérique : l'Œuvre des vœux, ex-æquo.",
    "Une e-administration et des E-Administrations ; l’école, auto-école, co-écoles.",
    "Wi-Fi public, wifi, WIFI et wi‐fi (trait d’union insécable) ; tiers-lieux, tiers lieu.",
    "Le collège à 3 km, la 3D, 2e-école, n° 12 ; e-a-b et a--b.",
    "ÉCOLE  Numérique\u00a0: écoles, Ecoles, éCOLE_s, _école, ßcole, ﬁbre optique.",
    "Visio-conférence et visioconférences pour les élus ; fab-lab, fablab, fab lab.",
]
QUERIES = [
    ["œuvre"], ["coeur"], ["ville"], ["aequo"], ["administration"], ["eadministration"],
    ["école"], ["wifi"], ["fi"], ["lieux"], ["tierslieux"], ["3d"], ["collège"],
    ["numérique", "fibre"], ["visioconférence"], ["fablab"], ["lab"], ["élus"], ["ecoles"],
]  # fmt: skip


def _stems(words):
    return {analysis.stem(analysis.fold(word)) for word in words}


@pytest.mark.parametrize("words", QUERIES, ids=" ".join)
def test_the_twin_finds_the_words_read_one_by_one(words):
    for text in TEXTS:
        twin = analysis.folded_twin(text)
        assert len(twin) == len(text)
        by_twin = Highlighter(_stems(words)).snippet(text, twin)
        word_by_word = Highlighter(_stems(words)).snippet(text)
        assert by_twin == word_by_word, text


def test_ligatures_compounds_and_accents_are_marked():
    snippet = Highlighter(_stems(["oeuvre", "ecole", "administration"])).snippet(
        TEXTS[0] + " " + TEXTS[1], analysis.folded_twin(TEXTS[0] + " " + TEXTS[1])
    )
    assert "Mise en <mark>œuvre</mark>" in snippet
    assert "l&#x27;<mark>Œuvre</mark>" in snippet
    assert "l’<mark>école</mark>, auto-<mark>école</mark>, co-<mark>écoles</mark>" in snippet
    assert "e-<mark>administration</mark>" in snippet


def test_a_title_is_highlighted_the_same_way():
    highlighter = Highlighter(_stems(["tiers", "lieu", "brest"]))
    assert highlighter.highlight("Un tiers-lieu\u00a0 à BREST") == (
        "Un <mark>tiers</mark>-<mark>lieu</mark>\u00a0 à <mark>BREST</mark>"
    )
