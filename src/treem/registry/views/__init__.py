"""Pages of the child registry."""
