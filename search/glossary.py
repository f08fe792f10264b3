"""The domain's glossary at query time: a query naming one form of an entry (EPN) is
asked for any of them (EPN, espace public numérique), on every backend.

``equivalence_groups()`` gives the entries as plain lists of strings, for a cluster's
synonym filter. The database backends replace, in the parsed query, each run of terms
that spells a form by one term whose alternatives are all the entry's forms: the index
and the term store then treat it like a compound (``analysis.term_of_forms``), and
highlighting marks whichever form a sheet uses.
"""

from itertools import product

from . import analysis, compounds

# A glossary entry of many long forms would make a query of hundreds of alternatives.
MAX_ALTERNATIVES = 24


def equivalence_groups() -> list[list[str]]:
    """Every entry as [term, equivalent, …], as editors wrote them."""
    from .models import GlossaryEntry

    return [entry.forms() for entry in GlossaryEntry.objects.all()]


def _signature(terms: list[analysis.QueryTerm]) -> tuple:
    """A run of terms as the index reads it (stems), so plurals and accents still meet."""
    return tuple(frozenset(term.stems()) for term in terms)


def _as_one_compound(terms, vocabulary) -> analysis.QueryTerm | None:
    """A form of two single words as the one term its joined or hyphenated spelling
    gives (``compounds``)."""
    words = [term.alternatives[0] for term in terms if len(term.alternatives) == 1]
    if len(terms) != 2 or len(words) != 2 or any(len(word) != 1 for word in words):
        return None
    parts = (words[0][0], words[1][0])
    return compounds.inflected(compounds.compound(" ".join(parts), parts, vocabulary), vocabulary)


class Glossary:
    """The entries, each form parsed as a query is, ready to be found in a query."""

    def __init__(self, groups: list[list[str]], vocabulary):
        self.entries = []  # (signature of a form, its number of terms, the entry's alternatives)
        # Every stem the forms may need, asked of the index in one query.
        vocabulary.known(
            compounds.candidate_stems(
                [term for forms in groups for form in forms for term in analysis.parse_query(form)]
            )
        )
        for forms in groups:
            typed = [analysis.parse_query(form) for form in forms]
            typed = [terms for terms in typed if terms]
            if len(typed) < 2:
                continue
            parsed = [compounds.normalize(terms, vocabulary) for terms in typed]
            alternatives = []
            for terms in parsed:
                for combination in product(*(term.alternatives for term in terms)):
                    alternatives.append(tuple(word for words in combination for word in words))
            alternatives = alternatives[:MAX_ALTERNATIVES]
            for terms, typed_terms in zip(parsed, typed, strict=True):
                self.entries.append((_signature(terms), len(terms), alternatives))
                joined = _as_one_compound(typed_terms, vocabulary)
                if joined is not None:
                    # "open data" as a query may spell it too: opendata, open-data.
                    self.entries.append((_signature([joined]), 1, alternatives))
        # The longest form first: "espace public numérique" before "espace".
        self.entries.sort(key=lambda entry: -entry[1])
        # Looked up by signature: a query's run of terms is read once per length, not
        # once per entry (comparing it to every entry was a tenth of a cold search).
        self.by_signature = {}
        for signature, length, alternatives in self.entries:
            self.by_signature.setdefault((length, signature), alternatives)
        self.lengths = sorted({entry[1] for entry in self.entries}, reverse=True)

    def apply(self, terms: list[analysis.QueryTerm]) -> list[analysis.QueryTerm]:
        result, index = [], 0
        while index < len(terms):
            for length in self.lengths:
                if index + length > len(terms):
                    continue
                run = terms[index : index + length]
                alternatives = self.by_signature.get((length, _signature(run)))
                if alternatives is not None:
                    text = " ".join(term.text for term in run)
                    result.append(analysis.term_of_forms(text, alternatives))
                    index += length
                    break
            else:
                result.append(terms[index])
                index += 1
        return result
