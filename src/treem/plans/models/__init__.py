from treem.plans.models.catalogue import Indicator, ObjectiveGroup
from treem.plans.models.computed import RefreshMark
from treem.plans.models.dhis2 import Dhis2Element, Dhis2OrgUnit
from treem.plans.models.drafts import PlanDraft
from treem.plans.models.measurements import Measurement, MeasurementState, Origin
from treem.plans.models.parts import (
    BudgetLine,
    PlanTask,
    ReportingRule,
    ReportPeriod,
    Responsibility,
)
from treem.plans.models.plans import Plan, PlanReference, PlanStatus, Target
from treem.plans.models.rollups import RollupDirty, RollupSummary

__all__ = [
    "BudgetLine",
    "Dhis2Element",
    "Dhis2OrgUnit",
    "Indicator",
    "Measurement",
    "MeasurementState",
    "ObjectiveGroup",
    "Origin",
    "Plan",
    "PlanDraft",
    "PlanReference",
    "PlanStatus",
    "PlanTask",
    "RefreshMark",
    "ReportPeriod",
    "ReportingRule",
    "Responsibility",
    "RollupDirty",
    "RollupSummary",
    "Target",
]
