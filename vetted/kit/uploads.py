"""What every upload gets checked for before anything reads it: its size, and a safe display name."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile


def too_large_message(size: int) -> str:
    limit = settings.VETTED_MAX_UPLOAD_BYTES
    return f"The file is {size / 1048576:.1f} MB; the limit is {limit // 1048576} MB."


def refuse_if_too_large(size: int) -> None:
    """Refuse before reading: the rest of the checks are vetted.documents.checks.check_upload."""
    if size > settings.VETTED_MAX_UPLOAD_BYTES:
        raise ValidationError({"file": too_large_message(size)})


def upload_name(upload: UploadedFile[Any], default: str = "document") -> str:
    """The file's own name without any client-side folder (browsers on Windows send backslashes)."""
    return (upload.name or default).replace("\\", "/").rsplit("/", 1)[-1][:200] or default
