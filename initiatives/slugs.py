"""Page addresses made from French titles, unique among their siblings by themselves.

Django's ``slugify`` (and the admin's script, which fills the slug as the title is typed)
drop the letters that do not decompose into ASCII: « Nœux-les-Mines » became
``nux-les-mines`` and « au cœur des villages » ``au-cur-des-villages``. ``anyascii`` (a
dependency of Wagtail) transliterates them first: œ → oe, æ → ae, ß → ss, ø → o…

An agent never sees the slug (see ``initiatives.editing``): a page that has never been
published gets a free address by itself, ``-2``, ``-3``… appended as Wagtail does when it
makes a slug, instead of the error « adresse déjà utilisée » of a hidden field.
"""

from anyascii import anyascii

from django.utils.text import slugify

from initiatives.chosen_media import MediaCheckingPageForm

MAX_SLUG_LENGTH = 200


def french_slugify(text: str) -> str:
    """'Nœux-les-Mines' -> 'noeux-les-mines'."""
    return slugify(anyascii(text or ""))[:MAX_SLUG_LENGTH].strip("-")


def dropped_letters_slug(text: str) -> str:
    """The slug Django alone (and the admin's script) makes of the title, letters dropped."""
    return slugify(text or "", allow_unicode=False)[:MAX_SLUG_LENGTH].strip("-")


def unique_slug(base: str, is_taken) -> str:
    slug, suffix = base, 2
    while is_taken(slug):
        slug = f"{base}-{suffix}"
        suffix += 1
    return slug


def free_sibling_slug(page, base: str, parent) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever no sibling of ``page`` holds."""
    return unique_slug(base, lambda slug: not page._slug_is_available(slug, parent, page))


class FrenchSlugMixin:
    """For page models: a slug made from the title transliterates rather than drops."""

    def _set_core_field_defaults(self):
        # Wagtail fills an empty slug here, for a full clean (publishing) as for the
        # minimal one (a draft); the same conditions, the title transliterated first.
        parent_is_known = bool(self.path or getattr(self, "_cached_parent_obj", None))
        if not self.slug and parent_is_known and french_slugify(self.title):
            self.slug = free_sibling_slug(self, french_slugify(self.title), self.get_parent())
        super()._set_core_field_defaults()


class FrenchSlugPageForm(MediaCheckingPageForm):
    """The admin form of the pages agents and editors write (which also refuses images and
    documents from collections the user may not choose from).

    A slug that merely follows the title (the script's, letters dropped) is made from the
    title again, transliterated; on a page never published, a slug a sibling already holds
    moves on to the next free one. A slug typed by hand on a published page is left to
    Wagtail's own check: its author sees the field and the message.
    """

    def clean(self):
        slug = self.cleaned_data.get("slug")
        title = self.cleaned_data.get("title") or ""
        never_published = not self.instance.first_published_at
        if slug is not None and self.parent_page is not None and never_published:
            if not slug or slug == dropped_letters_slug(title):
                slug = french_slugify(title) or slug
            if slug:
                self.cleaned_data["slug"] = free_sibling_slug(self.instance, slug, self.parent_page)
        return super().clean()
