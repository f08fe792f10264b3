"""Feeds analysed text to modelsearch's indexers without copying their code.

modelsearch's indexers read each object's search fields through ``field.get_value(obj)``.
Handing them a thin stand-in whose fields return analysed text is enough to change what
gets indexed, while modelsearch still decides how it is stored and weighted.
"""

import copy

from django.db.models import Manager

from wagtail.search import index


class PreparedObject:
    """Stands in for ``obj`` with search field values passed through text transforms."""

    def __init__(self, obj, *, text, autocomplete, weight_of=None):
        self._obj = obj
        self._text = text
        self._autocomplete = autocomplete
        self._weight_of = weight_of
        self._fields = None
        self.pk = obj.pk

    def __getattr__(self, name):
        return getattr(self._obj, name)

    def get_search_fields(self):
        # modelsearch reads every field once per column it fills (title, body, autocomplete
        # and the plain texts): wrap once, and analyse each value once (see _wrap).
        if self._fields is None:
            fields = [self._wrap(field) for field in self._obj.get_search_fields()]
            self._fields = self._merged(fields) if self._weight_of else fields
        return self._fields

    def _merged(self, fields):
        """One field per column and weight, holding their texts joined. modelsearch's
        PostgreSQL indexer builds and compiles one ``to_tsvector`` expression per text (a
        dozen per sheet: sections, services, tags), which took most of ``update_index``;
        ``to_tsvector`` of the joined text holds the same words with the same weight."""
        groups = {}
        for field, text in _texts(self, fields):
            if isinstance(field, index.AutocompleteField):
                key = ("autocomplete",)
            else:  # the indexer's own rule: a SearchField named "title" fills the title column
                column = "title" if field.field_name == "title" else "body"
                key = (column, self._weight_of(field.boost))
            first, texts = groups.setdefault(key, (field, []))
            if text.strip():
                texts.append(text)
        merged = []
        for first, texts in groups.values():
            clone = copy.copy(first)
            clone.get_value = _returning("\n".join(texts))
            merged.append(clone)
        return merged

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


def _returning(text: str):
    return lambda obj: text


def _texts(obj, fields):
    """(field, text) of every searchable value, related objects included, in the order
    and by the rules of modelsearch's indexers (``ObjectIndexer.prepare_field``)."""
    for field in fields:
        if isinstance(field, (index.SearchField, index.AutocompleteField)):
            yield field, field.get_value(obj)
        elif isinstance(field, index.RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            if isinstance(related, Manager):
                related_objects = related.all()
            else:
                related_objects = [related() if callable(related) else related]
            for related_object in related_objects:
                yield from _texts(related_object, field.fields)


def prepare_objects(objs, *, text, autocomplete, weight_of=None):
    """Stand-ins for ``objs``; with ``weight_of`` (boost -> weight), texts of one column
    and weight come as one field."""
    return [
        PreparedObject(obj, text=text, autocomplete=autocomplete, weight_of=weight_of)
        for obj in objs
    ]


def with_query_string(query, transform):
    """The same query with its plain text rewritten by ``transform``: the query side of
    the analysis that ``PreparedObject`` applies to indexed text."""
    from modelsearch.query import PlainText

    if isinstance(query, PlainText):
        return PlainText(transform(query.query_string), operator=query.operator, boost=query.boost)
    return query
