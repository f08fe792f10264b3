"""Feeds analysed text to modelsearch's indexers without copying their code.

modelsearch's indexers read each object's search fields through ``field.get_value(obj)``.
Handing them a thin stand-in whose fields return analysed text is enough to change what
gets indexed, while modelsearch still decides how it is stored and weighted.
"""

import copy

from wagtail.search import index


class PreparedObject:
    """Stands in for ``obj`` with search field values passed through text transforms."""

    def __init__(self, obj, *, text, autocomplete):
        self._obj = obj
        self._text = text
        self._autocomplete = autocomplete
        self._fields = None
        self.pk = obj.pk

    def __getattr__(self, name):
        return getattr(self._obj, name)

    def get_search_fields(self):
        # modelsearch reads every field once per column it fills (title, body, autocomplete
        # and the plain texts): wrap once, and analyse each value once (see _wrap).
        if self._fields is None:
            self._fields = [self._wrap(field) for field in self._obj.get_search_fields()]
        return self._fields

    def _wrap(self, field):
        if isinstance(field, index.RelatedFields):
            clone = copy.copy(field)
            clone.fields = [self._wrap(sub_field) for sub_field in field.fields]
            related_get_value = field.get_value
            clone.get_value = lambda obj: related_get_value(getattr(obj, "_obj", obj))
            return clone
        if isinstance(field, index.AutocompleteField):
            transform = self._autocomplete
        elif isinstance(field, index.SearchField):
            transform = self._text
        else:
            return field
        clone = copy.copy(field)
        original_get_value = field.get_value
        analysed = {}

        def get_value(obj):
            real = getattr(obj, "_obj", obj)
            key = (type(real), real.pk)
            if key not in analysed:
                value = original_get_value(real)
                if value is None:
                    value = ""
                elif isinstance(value, (list, tuple)):
                    value = " ".join(str(item) for item in value)
                analysed[key] = transform(str(value))
            return analysed[key]

        clone.get_value = get_value
        return clone


def prepare_objects(objs, *, text, autocomplete):
    return [PreparedObject(obj, text=text, autocomplete=autocomplete) for obj in objs]


def with_query_string(query, transform):
    """The same query with its plain text rewritten by ``transform``: the query side of
    the analysis that ``PreparedObject`` applies to indexed text."""
    from modelsearch.query import PlainText

    if isinstance(query, PlainText):
        return PlainText(transform(query.query_string), operator=query.operator, boost=query.boost)
    return query
