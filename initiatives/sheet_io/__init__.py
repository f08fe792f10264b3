"""Import and export of action sheets as JSON Lines (``manage.py import_sheets`` and
``manage.py export_sheets``).

The format is a public contract, one sheet per line (UTF-8)::

    {"format_version": 2,                absent: version 1 (still read, see below)
     "external_id": "atlaas-12345",      required; the key: importing it again updates
     "title": "...",                     required
     "subtitle": "...",
     "date": "2023-05-12",               required, ISO
     "actions": "<p>...</p>", "synthese": "<p>...</p>",
     "recommandations": "<p>...</p>", "resultats": "<p>...</p>",   sanitised rich text
     "outils": "...", "prestataires": "...",                        plain text
     "links": [{"url": "https://...", "title": "..."}],     version 1: ["https://..."]
     "contacts": [{"name": "...", "role": "...", "email": "...",
                   "show_email": false}],    false: a private address, never shown by the site
     "services": ["service-slug"],       at least one slug of the référentiel
     "tags": ["..."],
     "status": "published" | "draft",    default "published"
     "collectivity": {"code": "35288", "name": "Saint-Malo", "kind": "ville",
                      "population": 46803, "departement": "35", "region": "53",
                      "members": [], "website": "https://...", "introduction": "<p>...</p>"},
                                         only "code" is required; the rest comes from the COG
     "view_restrictions": [{"type": "login"} | {"type": "groups", "groups": ["..."]}
                           | {"type": "password", "password": "..."}],
                                         who may see the sheet (its own and inherited ones)
     "latest_draft": {"title": ..., "links": ..., ...}}   with --include-drafts, when the
                                         latest revision differs from what is stored: the
                                         same content keys, saved as a revision on import

An export holds private contact addresses (``show_email: false``) and page passwords: it
is for administrators, like a database dump.
Rules the importer follows, beyond the format:

- A bad line is reported with its number and the reason and skipped; the others are
  imported. Blank lines are ignored.
- An ``external_id`` seen earlier in the same file is reported: the first line wins.
- Likewise the first line naming a collectivity code sets that collectivity's fields.
  Fields absent from it keep what an existing collectivity stores (a new one takes them
  from the code officiel géographique).
- A stored sheet equal to its line is left untouched, so re-running a file changes nothing.
- Contacts, links, services and tags are replaced to match the file.
- Version 2 (``format_v2.py``) carries what version 1 lost on a round trip. From a version
  1 line, which cannot say them, a contact's "show e-mail" choice, a link's title, the
  sheet's restrictions and its draft are kept as stored (a new sheet: addresses hidden).
- A restriction in the file is always put back: a restricted sheet never comes back
  public. A group the site lacks is reported; the sheet stays reserved to the others (or
  to administrators).
"""
