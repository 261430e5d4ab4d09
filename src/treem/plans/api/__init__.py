"""REST API of plans, targets, figures, analytics and the DHIS2 exchange (see docs/api.md).

Reads go through the plans selectors (another area's plan, figure or unit is a 404), writes
through the services; errors have the project's JSON shape (`treem.core.api`).
"""
