"""Root test configuration: plugins must be declared at the repository root."""

from hypothesis import HealthCheck, settings

pytest_plugins = ["treem.web.testing.browser"]

# Property tests judge correctness, not speed: on a busy CI machine generating inputs can be
# slow, and that must not fail a run (speed goals live in bench/).
settings.register_profile(
    "treem", deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile("treem")
