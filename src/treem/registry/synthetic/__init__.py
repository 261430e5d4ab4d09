"""Synthetic child data for demos and load tests (`treem demo-data children`)."""

from treem.registry.synthetic.generator import COLUMNS, ChildGenerator, generate, write_csv

__all__ = ["COLUMNS", "ChildGenerator", "generate", "write_csv"]
