"""How varied the demo's texts are, printed in seed_demo's summary: the share of unique
synthèse texts, and the sentence found in the most sheets (outside the few stock phrases
every sheet may share, such as « Les grandes étapes : »). Sheets that read as copies of
each other would undercut the promise of ideas."""

import re
from collections import Counter
from dataclasses import dataclass

from django.utils.html import strip_tags

# Formulaic phrases a real collectivity would write too; never counted as repetition.
STOCK_PHRASES = frozenset({"Les grandes étapes :"})
TEXT_FIELDS = ("synthese", "actions", "resultats", "recommandations")
_BLOCK_END = re.compile(r"</(p|li)>", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ«])")


@dataclass(frozen=True)
class Variety:
    sheets: int
    unique_synthese_share: float  # 0..1
    top_sentence: str
    top_sentence_share: float  # share of sheets holding the most repeated sentence


def sentences(html: str) -> set[str]:
    found = set()
    for block in _BLOCK_END.split(html or ""):
        text = " ".join(strip_tags(block).split())
        for sentence in _SENTENCE_END.split(text):
            sentence = sentence.strip()
            if sentence and sentence not in STOCK_PHRASES and sentence.lower() not in ("p", "li"):
                found.add(sentence)
    return found


def measure(rows) -> Variety:
    """``rows``: dicts (or objects with attributes) holding the TEXT_FIELDS of each sheet."""
    syntheses, holding, count = Counter(), Counter(), 0
    for row in rows:
        get = row.get if isinstance(row, dict) else lambda name, r=row: getattr(r, name)
        count += 1
        syntheses[get("synthese")] += 1
        holding.update(set().union(*(sentences(get(name)) for name in TEXT_FIELDS)))
    if not count:
        return Variety(0, 1.0, "", 0.0)
    unique = sum(1 for n in syntheses.values() if n == 1) / count
    top, top_count = holding.most_common(1)[0] if holding else ("", 0)
    return Variety(count, unique, top, top_count / count)


def measure_demo() -> Variety:
    from initiatives.models import ActionSheetPage

    from .seeding import EXTERNAL_ID_PREFIX

    rows = ActionSheetPage.objects.filter(external_id__startswith=EXTERNAL_ID_PREFIX).values(
        *TEXT_FIELDS
    )
    return measure(rows.iterator(chunk_size=2000))
