import secrets

from django.db import models


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
        value = cls.objects.filter(pk=1).values_list("version", flat=True).first()
        return value or 0

    @classmethod
    def bump(cls) -> None:
        # A random value rather than +1: a rolled-back transaction can never bring back a
        # version that some process already cached with other data.
        version = secrets.randbits(62) + 1
        if not cls.objects.filter(pk=1).update(version=version):
            cls.objects.update_or_create(pk=1, defaults={"version": version})
