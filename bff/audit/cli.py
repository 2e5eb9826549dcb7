"""``mirror audit verify`` and ``mirror audit grants``: no Flask app, only settings and the database."""

from __future__ import annotations

import argparse
import sys

from bff.config import Settings


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    audit = sub.add_parser("audit", help="verify the audit hash chains; print the app user's grants")
    commands = audit.add_subparsers(dest="audit_command", required=True)
    verify = commands.add_parser("verify", help=cmd_verify.__doc__)
    verify.add_argument("--chain", help="only this chain: a store's public id, or `platform`")
    verify.set_defaults(func=cmd_verify)
    grants = commands.add_parser("grants", help=cmd_grants.__doc__)
    grants.add_argument("--user", required=True, help="the application's database user, e.g. mirror_app")
    grants.add_argument("--host", default="%")
    grants.add_argument("--database", help="defaults to the database of MIRROR_DATABASE_URL")
    grants.set_defaults(func=cmd_grants)


def cmd_verify(args: argparse.Namespace) -> None:
    """Recompute every chain; exit 1 and print the first bad event of each broken chain."""
    from bff.cli_common import audit_chain, verify_audit_chains
    from models.session import make_engine, make_session_factory

    engine = make_engine(Settings().database_url, pooled=False)
    try:
        factory = make_session_factory(engine)
        with factory() as session:  # its own session: verify's snapshot must start fresh
            chain = audit_chain(session, args.chain)
        report = verify_audit_chains(factory, chain)
    finally:
        engine.dispose()
    if not report.ok:
        for problem in report.problems:
            print(problem)
        sys.exit(1)
    print(f"ok: {report.events} events in {report.chains} chains")


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
