"""Compounds whatever their spelling: hyphenated, spaced, joined, inflected.

French writes one thing several ways: *tiers-lieux*, *tiers lieux*, *tierslieux*;
*visioconférence*, *visio-conférence*; *Wi-Fi*, *wifi*, *wi fi*; *cyber-sécurité*,
*cybersécurité*. The index keeps a hyphenated compound as its parts and its joined form
(``analysis.prepare``: *fab-lab* → fab lab fablab). At query time every spelling becomes
the same term, "the joined form, or all the parts" (``analysis.term_of_forms``), so they
find the same sheets, ranked alike:

- a hyphenated word is such a term already (``analysis.parse_query``);
- a word that splits in two words that stand side by side in the index (*opendata* →
  open data, *fablab* → fab lab) becomes that term;
- two query words whose join is a word of the index (*cyber securite* → cybersécurité,
  *wi fi* → wifi) become that term.

Candidates are checked against the index, never a list of examples: a split must be
attested by the two stems side by side in some sheet, a join by the joined word. Inflected
parts (*tiers-lieux* / *tiers-lieu*) meet through their stems, and the joined form is
looked up in every plural or singular of its parts that the index holds.
"""

from itertools import product

from . import analysis

MIN_SPLIT_LENGTH = 4  # wifi → wi fi
MIN_PART_LENGTH = 2
# e-administration, e-santé: a one-letter first part, only for these prefixes.
ONE_LETTER_PREFIXES = {"e"}


def _number_variants(word: str) -> set[str]:
    """The folded word and its French singular or plural spellings (never a stop word:
    "e" is not "es")."""
    return {
        variant for variant in _spellings(word) if variant and variant not in analysis.STOP_WORDS
    }


def _spellings(word: str) -> set[str]:
    variants = {word}
    if word.endswith("aux"):
        variants.add(word[:-3] + "al")
    if word.endswith("al"):
        variants.add(word[:-2] + "aux")
    if word.endswith(("s", "x")):
        variants.add(word[:-1])
    else:
        variants.update({word + "s", word + "x"} if word.endswith(("au", "eu")) else {word + "s"})
    return variants


def _joined_candidates(parts: tuple[str, ...]) -> set[str]:
    """Joined spellings of the parts, each part in its singular or plural."""
    joined = {""}
    for part in parts:
        joined = {start + variant for start in joined for variant in _number_variants(part)}
    return joined


def _forms_in_index(word: str, vocabulary) -> list[str]:
    """The singular and plural spellings of ``word`` that the index holds, one per stem
    (the stemmer leaves *lieux* and *lieu*, *jeux* and *jeu* apart), or the word itself
    when it holds none."""
    if not word.isalpha():
        return [word]
    by_stem = {analysis.stem(variant): variant for variant in sorted(_number_variants(word))}
    known = vocabulary.known(list(by_stem))
    return [by_stem[stem] for stem in sorted(known)] or [word]


def inflected(term: analysis.QueryTerm, vocabulary) -> analysis.QueryTerm:
    """``term`` matching its words in the singular or the plural.

    A spelling with a word the index does not hold matches nothing (its words are all
    required): it is left out, so that spellings of one thing give the same term (and the
    same glossary entry, ranking and stored answer) whichever of them the index holds:
    *cyber securite* is *cybersécurité* where no sheet writes *cyber* alone."""
    forms = [
        combination
        for alternative in term.alternatives
        for combination in product(*(_forms_in_index(word, vocabulary) for word in alternative))
    ]
    stem_of = {word: analysis.stem(analysis.fold(word)) for form in forms for word in form}
    known = vocabulary.known(list(stem_of.values()))
    held = [form for form in forms if all(stem_of[word] in known for word in form)]
    return analysis.term_of_forms(term.text, held or forms)


def compound(text: str, parts: tuple[str, ...], vocabulary) -> analysis.QueryTerm:
    """The term for a compound of ``parts`` (folded words): all its parts, or a joined
    spelling that the index holds."""
    candidates = _joined_candidates(parts)
    by_stem = {analysis.stem(word): word for word in sorted(candidates)}
    known = vocabulary.known(list(by_stem))
    joined = [(by_stem[stem],) for stem in sorted(known)]
    return analysis.term_of_forms(text, [*joined, parts])


def _single_word(term: analysis.QueryTerm) -> str | None:
    if len(term.alternatives) == 1 and len(term.alternatives[0]) == 1:
        word = term.alternatives[0][0]
        return word if word.isalpha() else None
    return None


def _splits(word: str) -> list[tuple[str, str]]:
    """Every way to cut ``word`` in two words that could be written apart."""
    if len(word) < MIN_SPLIT_LENGTH or not word.isalpha():
        return []
    splits = []
    for position in range(1, len(word)):
        first, second = word[:position], word[position:]
        if len(second) < MIN_PART_LENGTH:
            continue
        if len(first) < MIN_PART_LENGTH and first not in ONE_LETTER_PREFIXES:
            continue
        if first in analysis.STOP_WORDS or second in analysis.STOP_WORDS:
            continue
        splits.append((first, second))
    return splits


def _variant_stems(word: str) -> set[str]:
    return {analysis.stem(variant) for variant in _number_variants(word)}


def _split(word: str, vocabulary) -> tuple[str, str] | None:
    """The split of ``word`` in two words (in the singular or plural) that stand side by
    side in the index, the most often if several do."""
    splits = _splits(word)
    stems_of = {part: _variant_stems(part) for split in splits for part in split}
    known = vocabulary.known([stem for stems in stems_of.values() for stem in stems])
    attested = []
    for first, second in splits:
        count = sum(
            vocabulary.side_by_side(first_stem, second_stem)
            for first_stem in stems_of[first] & known
            for second_stem in stems_of[second] & known
        )
        if count:
            attested.append((count, first, second))
    if not attested:
        return None
    _count, first, second = max(attested)
    return first, second


def candidate_stems(terms: list[analysis.QueryTerm]) -> set[str]:
    """Every stem ``normalize`` may look up for these terms, so that the index is asked
    about all of them at once (``IndexVocabulary.known``)."""
    stems = set()
    singles = []
    for term in terms:
        singles.append(_single_word(term))
        for alternative in term.alternatives:
            for word in alternative:
                stems |= _variant_stems(word)
                for split in _splits(word):
                    stems |= _variant_stems(split[0]) | _variant_stems(split[1])
            for pair in zip(alternative, alternative[1:], strict=False):
                stems |= {analysis.stem(joined) for joined in _joined_candidates(pair)}
    for first, second in zip(singles, singles[1:], strict=False):
        if first and second:
            stems |= {analysis.stem(joined) for joined in _joined_candidates((first, second))}
    return stems


def _compound_parts(term: analysis.QueryTerm) -> tuple[str, ...] | None:
    """The parts of a term that is already a compound (typed with a hyphen)."""
    if len(term.alternatives) == 2 and len(term.alternatives[0]) == 1:
        joined, parts = term.alternatives
        if len(parts) > 1 and "".join(parts) == joined[0]:
            return parts
    return None


def normalize(terms: list[analysis.QueryTerm], vocabulary) -> list[analysis.QueryTerm]:
    """The query's terms with every compound, however spelled, as one term."""
    vocabulary.known(candidate_stems(terms))
    result = []
    index = 0
    while index < len(terms):
        term = terms[index]
        word = _single_word(term)
        following = _single_word(terms[index + 1]) if index + 1 < len(terms) else None
        if word and following and _join_is_known(word, following, vocabulary):
            text = f"{term.text} {terms[index + 1].text}"
            result.append(compound(text, (word, following), vocabulary))
            index += 2
            continue
        parts = _compound_parts(term) or (_split(word, vocabulary) if word else None)
        result.append(compound(term.text, parts, vocabulary) if parts else term)
        index += 1
    return [inflected(term, vocabulary) for term in result]


def _join_is_known(first: str, second: str, vocabulary) -> bool:
    stems = {analysis.stem(joined) for joined in _joined_candidates((first, second))}
    return bool(vocabulary.known(list(stems)))
