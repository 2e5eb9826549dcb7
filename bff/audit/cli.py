"""``mirror audit verify|seal|grants``: no Flask app, only settings and the database."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker

from bff.config import Settings


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    audit = sub.add_parser("audit", help="seal and verify the audit hash chains; print the app user's grants")
    commands = audit.add_subparsers(dest="audit_command", required=True)
    verify = commands.add_parser("verify", help=cmd_verify.__doc__)
    verify.add_argument("--chain", help="only this chain (a store's internal id; 0 = platform)")
    verify.set_defaults(func=cmd_verify)
    seal = commands.add_parser("seal", help=cmd_seal.__doc__)
    seal.add_argument("--chain", help="only this chain (a store's internal id; 0 = platform)")
    seal.add_argument("--rescan", action="store_true",
                      help="wait for events of transactions still open instead of leaving them to the next run")
    seal.set_defaults(func=cmd_seal)
    grants = commands.add_parser("grants", help=cmd_grants.__doc__)
    grants.add_argument("--user", required=True, help="the application's database user, e.g. mirror_app")
    grants.add_argument("--host", default="%")
    grants.add_argument("--database", help="defaults to the database of MIRROR_DATABASE_URL")
    grants.set_defaults(func=cmd_grants)


def chain_id(session: Session, value: str | None) -> int | None:
    """The chain ``--chain`` names (None: all). :raise SystemExit: no such chain."""
    if value is None:
        return None
    if not value.isdigit():
        sys.exit("--chain takes a chain number (a store's internal id; 0 = platform)")
    return int(value)


@contextmanager
def _database() -> Iterator[sessionmaker]:
    from models.session import make_engine, make_session_factory

    engine = make_engine(Settings().database_url, pooled=False)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()


def cmd_verify(args: argparse.Namespace) -> None:
    """Recompute every chain; exit 1 and print the first bad event of each broken chain."""
    from bff.audit.verify import verify
    from bff.hashchain import print_report

    with _database() as factory, factory() as session:
        report = verify(session, chain_id(session, args.chain))
    print_report(report, "events")


def cmd_seal(args: argparse.Namespace) -> None:
    """Chain the committed unsealed events now (the periodic job does it every few seconds)."""
    from bff.audit.sealer import seal

    with _database() as factory:
        with factory() as session:
            only = chain_id(session, args.chain)
        print(seal(factory, chains=None if only is None else [only], wait=args.rescan))


def cmd_grants(args: argparse.Namespace) -> None:
    """Print the GRANTs of the restricted application user (DML only; audit events append-only)."""
    from sqlalchemy.engine import make_url

    from bff.audit.grants import grant_statements

    database = args.database
    if database is None:
        url = make_url(Settings().database_url)
        if not url.get_backend_name().startswith("mysql"):
            sys.exit("grants are for MySQL/MariaDB: set MIRROR_DATABASE_URL or pass --database")
        database = url.database
    if not database:
        sys.exit("no database name: pass --database")
    try:
        statements = grant_statements(database, args.user, args.host)
    except ValueError as exc:
        sys.exit(str(exc))
    print("\n".join(statements))
