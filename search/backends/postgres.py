"""modelsearch's PostgreSQL backend with an accent-insensitive French configuration.

Text is prepared by ``search.analysis.prepare`` (elisions, compounds, stop words), then
PostgreSQL folds accents and stems with ``atlaas_french``, created by this app's migration.
Autocomplete uses ``atlaas_simple`` (folded, not stemmed).
"""

from modelsearch.backends.database.postgres import postgres
from modelsearch.backends.database.postgres.weights import get_weight

from search import analysis
from search.term_store import record_sheet_changes

from .prepared import prepare_objects, with_query_string

SEARCH_CONFIG = "atlaas_french"
AUTOCOMPLETE_CONFIG = "atlaas_simple"
NO_MATCH = "\u2205"


def _prepared_query(text: str) -> str:
    return analysis.prepare(text) or NO_MATCH


class FrenchPostgresIndex(postgres.PostgresIndex):
    def add_items(self, model, objs):
        record_sheet_changes(model, objs)
        prepared = prepare_objects(
            objs, text=analysis.prepare, autocomplete=analysis.prepare, weight_of=get_weight
        )
        super().add_items(model, prepared)


class FrenchPostgresQueryCompiler(postgres.PostgresSearchQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        query = with_query_string(query, _prepared_query)
        return super().build_tsquery_content(query, config=config, invert=invert)


class FrenchPostgresAutocompleteCompiler(postgres.PostgresAutocompleteQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        query = with_query_string(query, _prepared_query)
        return super().build_tsquery_content(query, config=config, invert=invert)


class FrenchPostgresSearchBackend(postgres.PostgresSearchBackend):
    index_class = FrenchPostgresIndex
    query_compiler_class = FrenchPostgresQueryCompiler
    autocomplete_query_compiler_class = FrenchPostgresAutocompleteCompiler

    def __init__(self, params):
        super().__init__({"SEARCH_CONFIG": SEARCH_CONFIG, **params})
        # modelsearch hard-codes "simple", which keeps accents: "ecole" would miss "école".
        self.autocomplete_config = params.get("AUTOCOMPLETE_CONFIG", AUTOCOMPLETE_CONFIG)
