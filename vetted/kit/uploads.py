"""What every upload gets checked for before anything reads it: its size, and a safe display name."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile


def refuse_if_too_large(size: int) -> None:
    limit = settings.VETTED_MAX_UPLOAD_BYTES
    if size > limit:
        raise ValidationError(
            {"file": f"The file is {size / 1048576:.1f} MB; the limit is {limit // 1048576} MB."}
        )


def upload_name(upload: UploadedFile, default: str = "document") -> str:
    """The file's own name without any client-side folder (browsers on Windows send backslashes)."""
    return (upload.name or default).replace("\\", "/").rsplit("/", 1)[-1][:200] or default
