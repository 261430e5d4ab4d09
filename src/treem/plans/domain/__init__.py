"""Plan-monitoring rules that need no database: measure units, periods, comparators and the
progress-status rule."""
