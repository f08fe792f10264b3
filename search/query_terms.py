"""From what a user typed to the terms the index is asked, for one state of the data:
French analysis (``analysis.parse_query``), compounds however spelled (``compounds``),
then the glossary's equivalents (``glossary``).

Kept per state of the searchable data (``FacetData.token``, which glossary edits change
too): the same words typed again cost no lookup in the index.
"""

import threading
from collections import OrderedDict

from . import analysis, compounds
from .glossary import Glossary, equivalence_groups
from .index_vocabulary import index_vocabulary
from .per_data_state import PerDataState

MAX_CACHED_QUERIES = 5_000


class _State:
    def __init__(self, token: str):
        self.vocabulary = index_vocabulary(token)
        self._glossary = None
        self.terms = OrderedDict()
        self.lock = threading.Lock()

    @property
    def glossary(self) -> Glossary:
        if self._glossary is None:
            self._glossary = Glossary(equivalence_groups(), self.vocabulary)
        return self._glossary


_states = PerDataState()


def _current(token: str) -> _State:
    return _states.get(token, lambda: _State(token))


def query_terms(query: str, token: str) -> list[analysis.QueryTerm]:
    parsed = analysis.parse_query(query)
    if not parsed:
        return parsed
    state = _current(token)
    key = tuple(term.alternatives for term in parsed)
    found = state.terms.get(key)
    if found is None:
        rewritten = state.glossary.apply(compounds.normalize(parsed, state.vocabulary))
        # A term left with no spelling (every word a stop word) would match nothing, and
        # is no SQL: it is dropped, as a stop word typed alone is.
        found = [term for term in rewritten if term.alternatives]
        with state.lock:
            state.terms[key] = found
            while len(state.terms) > MAX_CACHED_QUERIES:
                state.terms.popitem(last=False)
    return found
