"""API clients of the two commune officers, for the registry API tests."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from treem.registry.tests.api_helpers import client_for


@pytest.fixture
def officer_a(cast: Any) -> APIClient:
    return client_for(cast.officer_a)


@pytest.fixture
def officer_b(cast: Any) -> APIClient:
    return client_for(cast.officer_b)
