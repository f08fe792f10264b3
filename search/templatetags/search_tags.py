from django import template

from search.similar import similar_sheets

register = template.Library()


@register.inclusion_tag("search/includes/similar_initiatives.html", takes_context=True)
def similar_initiatives(context, sheet, limit=4):
    return {"sheets": similar_sheets(sheet, limit=limit), "request": context.get("request")}
