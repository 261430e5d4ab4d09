"""Reads of plans, targets and figures, scoped to the acting user."""
