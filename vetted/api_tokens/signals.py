"""A changed password ends every API token of that person (change, reset, admin, `changepassword`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from .services import revoke_all_for_user


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="api_tokens.password_changed")
def revoke_tokens_on_password_change(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    # set_password() keeps the new raw password in `_password` until AbstractBaseUser.save() has
    # finished (it then calls the validators' password_changed hook and clears it); post_save runs
    # inside that save, so a non-None `_password` means "this save stored a new password".
    if created or getattr(instance, "_password", None) is None:
        return
    # Who changed it (the person, an admin, a reset link) is not known here, so the actor is "system".
    revoke_all_for_user(instance, reason="password changed")
