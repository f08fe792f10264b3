import secrets

from asgiref.local import Local

from django.db import connection, models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

# The version read once per request: a page asks for it from its figures, its navigation,
# its view restrictions and its caches, each a query of its own otherwise. Only inside a
# request (``remember_during_request``), so that a script or a test that changes the data
# between two reads never gets an old value; a bump in this process drops it at once.
_request_memo = Local()


def remember_during_request(**kwargs) -> None:
    _request_memo.active = True
    _request_memo.value = None


def forget_after_request(**kwargs) -> None:
    _request_memo.active = False
    _request_memo.value = None


class SearchDataVersion(models.Model):
    """A value changed whenever what search can show changes (a sheet published, edited,
    unpublished, moved or restricted; a collectivity or the référentiel edited).

    Every process compares it with the version of its in-memory facet data, one indexed
    read per search, so gunicorn workers never serve stale facets or leak an unpublished
    sheet, without a shared cache.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "version des données de recherche"

    def __str__(self):
        return str(self.version)

    @classmethod
    def current(cls) -> int:
        remembered = getattr(_request_memo, "value", None)
        if remembered is not None:
            return remembered
        # Raw SQL: every search and every page reads it, and building the ORM's query took
        # ten times as long as running it (0.6 ms on SQLite).
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT version FROM {cls._meta.db_table} WHERE id = 1")  # noqa: S608
            row = cursor.fetchone()
        value = row[0] if row and row[0] else 0
        if getattr(_request_memo, "active", False):
            _request_memo.value = value
        return value

    @classmethod
    def bump(cls) -> None:
        # A random value rather than +1: a rolled-back transaction can never bring back a
        # version that some process already cached with other data.
        version = secrets.randbits(62) + 1
        _request_memo.value = None
        if not cls.objects.filter(pk=1).update(version=version):
            cls.objects.update_or_create(pk=1, defaults={"version": version})


class TermMatches(models.Model):
    """The sheets one query term matches, with the database's own score for each, stored
    for terms that match many sheets (``search.term_store``).

    Ranking a common word ("numérique" is in most sheets) takes the database longer than
    any other step of a search: it scores every match. Stored once, the same answer is
    read back as three arrays, and corrected for the sheets indexed since (``IndexChange``).
    """

    key = models.CharField(max_length=500, unique=True)  # the term as the backend reads it
    built_at = models.DateTimeField()
    page_ids = models.BinaryField()  # int32, ascending
    scores = models.BinaryField()  # float64, one per page id, higher is better
    in_title = models.BinaryField()  # bits (numpy.packbits), one per page id

    class Meta:
        verbose_name = "correspondances d'un terme"
        verbose_name_plural = "correspondances des termes"

    def __str__(self):
        return self.key

    @property
    def match_count(self) -> int:
        return len(self.page_ids) // 4  # int32 each


class ClockNow(Now):
    """The database's clock as the row is written: PostgreSQL's ``now()`` is its
    transaction's start, the same for every row of a long transaction."""

    def as_postgresql(self, compiler, connection, **extra_context):
        return "clock_timestamp()", []


class IndexChange(models.Model):
    """A sheet whose index entry was written at ``changed_at``: stored term matches built
    before then are corrected for it when read."""

    page_id = models.IntegerField()
    # The database's clock, as term_store.settled_moment reads it.
    changed_at = models.DateTimeField(db_index=True, db_default=ClockNow())

    class Meta:
        verbose_name = "changement de l'index"
        verbose_name_plural = "changements de l'index"

    def __str__(self):
        return f"{self.page_id} @ {self.changed_at:%Y-%m-%d %H:%M:%S}"


class GlossaryEntry(models.Model):
    """A term of the domain and the other ways sheets write it (EPN, espace public
    numérique): a search for any of them finds them all (``search.glossary``)."""

    term = models.CharField(_("terme"), max_length=120, unique=True)
    equivalents = models.TextField(
        _("équivalents"),
        help_text=_("Une forme par ligne : sigle, forme développée, ancien nom…"),
    )

    class Meta:
        ordering = ["term"]
        verbose_name = _("entrée du glossaire")
        verbose_name_plural = _("glossaire")

    def __str__(self):
        return self.term

    def forms(self) -> list[str]:
        """The term and its equivalents, each once."""
        forms = [self.term, *self.equivalents.splitlines()]
        return list(dict.fromkeys(form.strip() for form in forms if form.strip()))


class VisitorQueryDay(models.Model):
    """How many times a query was searched on one day, and how many of those found
    nothing: what editors read to add glossary entries or picks. Holds no personal data:
    no address, user, session or time of day."""

    query_string = models.CharField(_("recherche"), max_length=255)
    date = models.DateField(_("jour"))
    hits = models.PositiveIntegerField(_("recherches"), default=0)
    fruitless = models.PositiveIntegerField(_("sans résultat"), default=0)

    class Meta:
        verbose_name = _("recherche des visiteurs")
        verbose_name_plural = _("recherches des visiteurs")
        constraints = [
            models.UniqueConstraint(
                fields=["query_string", "date"], name="one_row_per_query_and_day"
            )
        ]

    def __str__(self):
        return f"{self.query_string} ({self.date})"
