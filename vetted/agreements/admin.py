"""Agreements change only through services (audit trail), never the Django admin."""
