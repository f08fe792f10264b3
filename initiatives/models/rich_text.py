"""The rich text allowed in sheets, shared by the admin editor and the import sanitiser."""

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
