"""Encrypted, consistent backups of the database and stored files (`vetted backup` / `vetted restore`)."""
