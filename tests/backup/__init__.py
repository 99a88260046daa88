"""Backups: `vetted backup` and `vetted restore`, round trips, attacks on archives, consistency."""
