"""Deterministic French demo data: real collectivities, plausible action sheets.

``places`` picks real communes and intercommunalités from the COG and shares the sheets out,
``vocabulary`` and ``texts`` write the sheets in a town's own words, ``seeding`` writes it
all to the database in batches. Every random choice comes from a ``random.Random`` seeded
from the run's seed and the item's key, so the same command gives the same site.
"""
