"""Root test configuration: plugins must be declared at the repository root."""

pytest_plugins = ["treem.web.testing.browser"]
