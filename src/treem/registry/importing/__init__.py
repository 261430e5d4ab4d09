"""Importing the child registry from spreadsheets (CSV and XLSX) sent by communes."""
