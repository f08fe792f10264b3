"""The blocks editors compose a site page with (mentions légales, accessibilité, contact…):
headings, text, images, tables and links, each rendered by its own template."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("titre"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("niveau"),
        choices=[("h2", _("Titre de section")), ("h3", _("Sous-titre"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "home/blocks/heading_block.html"
        label = _("Titre")
        description = _("Un titre de section ou un sous-titre (le titre de la page est le h1).")
        preview_value = {"text": "Éditeur du site", "level": "h2"}


class TextBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(
        label=_("texte"), features=["bold", "italic", "link", "ol", "ul", "document-link"]
    )

    class Meta:
        icon = "pilcrow"
        template = "home/blocks/text_block.html"
        label = _("Texte")
        description = _("Des paragraphes, des listes et des liens.")
        preview_value = {"text": "<p>ATLAAS est édité par l'association Villes Internet.</p>"}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(
        label=_("texte alternatif"),
        required=False,
        help_text=_("Ce que l'image apporte au texte ; vide si elle est décorative."),
    )
    caption = blocks.CharBlock(label=_("légende"), required=False)

    class Meta:
        icon = "image"
        template = "home/blocks/image_block.html"
        label = _("Image")
        description = _("Une image, son texte alternatif et sa légende.")
        preview_value = {"alt": "", "caption": "Une légende"}


class TableWithCaptionBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label=_("titre du tableau"))
    table = TableBlock(label=_("tableau"))

    class Meta:
        icon = "table"
        template = "home/blocks/table_block.html"
        label = _("Tableau")
        description = _("Un tableau de données avec son titre (lu par les lecteurs d'écran).")
        preview_value = {
            "caption": "Critères",
            "table": {
                "data": [["Critère", "État"], ["1.1", "Conforme"]],
                "first_row_is_table_header": True,
            },
        }


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("intitulé"))
    page = blocks.PageChooserBlock(label=_("page du site"), required=False)
    # A path of the site ("/enjeux/") stays right whatever its address; or another site's URL.
    url = blocks.CharBlock(
        label=_("ou adresse"),
        required=False,
        help_text=_("Un chemin du site (/enjeux/) ou une adresse complète (https://…)."),
        validators=[
            RegexValidator(
                r"^(/|https?://|mailto:)", _("Commencez par /, https://, http:// ou mailto:.")
            )
        ],
    )

    class Meta:
        icon = "link"
        label = _("Lien")


class LinksBlock(blocks.StructBlock):
    links = blocks.ListBlock(LinkBlock(), label=_("liens"))

    class Meta:
        icon = "list-ul"
        template = "home/blocks/links_block.html"
        label = _("Liste de liens")
        description = _("Des liens vers des pages du site ou d'autres sites.")
        preview_value = {
            "links": [{"label": "Villes Internet", "url": "https://www.villes-internet.net/"}]
        }


class SitePageStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = TextBlock()
    image = ImageBlock()
    table = TableWithCaptionBlock()
    links = LinksBlock()
