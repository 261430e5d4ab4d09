"""Web pages of the plan import: upload, review beside the source, confirm."""
