"""The notices fixtures (the hand-written roster, a resource needing permission), shared here."""

from vetted.notices.tests.conftest import executed_agreement, needs_permission, roster

__all__ = ["executed_agreement", "needs_permission", "roster"]
