"""Every write to plans, targets and measurements goes through these functions."""
