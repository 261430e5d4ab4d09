"""Domain reference data and rules of the child registry that need no database."""
