"""Cells a spreadsheet would run as formulas, made text: every CSV the site writes (search
exports, the editors' list of dossiers) goes through ``spreadsheet_safe``, so that what an
agent typed (« =HYPERLINK(…) ») opens as the text it is."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
