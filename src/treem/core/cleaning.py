"""Model validation as a business error whose details name each field."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from treem.core.errors import Invalid


def full_clean(instance: models.Model, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        details = {field: " ".join(messages) for field, messages in exc.message_dict.items()}
        raise Invalid(" ".join(details.values()), details=details) from None
