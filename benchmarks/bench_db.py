"""A fresh, migrated database for one benchmark run: a SQLite file under var/bench/ or a PostgreSQL
database (BENCH_POSTGRES_URL's server) dropped and made again, then Django set up against it."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fresh_database(db: str, name: str) -> str:
    """`name` names the SQLite file (var/bench/<name>.sqlite3) or the PostgreSQL database
    (vetted_bench_<name>). Returns the DATABASE_URL it set."""
    if db == "postgres":
        import psycopg

        server = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres").rsplit(
            "/", 1
        )[0]
        database = f"vetted_bench_{name}".replace("-", "_")
        with psycopg.connect(server + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{database}"')
        url = f"{server}/{database}"
    else:
        path = ROOT / "var" / "bench" / f"{name}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("VETTED_DEMO_MODE", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetted.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url
