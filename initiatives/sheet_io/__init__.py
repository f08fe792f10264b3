"""Import and export of action sheets as JSON Lines (``manage.py import_sheets`` and
``manage.py export_sheets``).

The format is a public contract, one sheet per line (UTF-8)::

    {"external_id": "atlaas-12345",      required; the key: importing it again updates
     "title": "...",                     required
     "subtitle": "...",
     "date": "2023-05-12",               required, ISO
     "actions": "<p>...</p>", "synthese": "<p>...</p>",
     "recommandations": "<p>...</p>", "resultats": "<p>...</p>",   sanitised rich text
     "outils": "...", "prestataires": "...",                        plain text
     "links": ["https://..."],
     "contacts": [{"name": "...", "role": "...", "email": "..."}],
     "services": ["service-slug"],       at least one slug of the référentiel
     "tags": ["..."],
     "status": "published" | "draft",    default "published"
     "collectivity": {"code": "35288", "name": "Saint-Malo", "kind": "ville",
                      "population": 46803, "departement": "35", "region": "53",
                      "members": []}}    only "code" is required; the rest comes from the COG

Rules the importer follows, beyond the format:

- A bad line is reported with its number and the reason and skipped; the others are
  imported. Blank lines are ignored.
- An ``external_id`` seen earlier in the same file is reported: the first line wins.
- Likewise the first line naming a collectivity code sets that collectivity's fields.
  Fields absent from it keep what an existing collectivity stores (a new one takes them
  from the code officiel géographique).
- A stored sheet equal to its line is left untouched, so re-running a file changes nothing.
- Contacts, links, services and tags are replaced to match the file; a contact's "show
  e-mail" choice and a link's label, which the format cannot carry, are kept when the
  same contact or address is still there.
"""
