"""``mirror consent verify``: recompute the consent hash chains (no Flask app; needs the data keys)."""

from __future__ import annotations

import argparse
import sys

from bff.config import Settings


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    consent = sub.add_parser("consent", help="verify the stores' consent evidence chains")
    commands = consent.add_subparsers(dest="consent_command", required=True)
    verify = commands.add_parser("verify", help=cmd_verify.__doc__)
    verify.add_argument("--store", help="only this store (its public id)")
    verify.set_defaults(func=cmd_verify)


def cmd_verify(args: argparse.Namespace) -> None:
    """Recompute every consent chain; exit 1 and print the first bad record of each broken chain."""
    from sqlalchemy import select

    from bff.consent.verify import verify
    from bff.hashchain import print_report
    from bff.security.keyring import stored_cipher
    from models import Store
    from models.session import make_engine, make_session_factory

    settings = Settings()
    engine = make_engine(settings.database_url, pooled=False)
    try:
        factory = make_session_factory(engine)
        with factory() as session:
            store_id = None
            if args.store:
                store_id = session.scalar(select(Store.id).where(Store.public_id == args.store))
                if store_id is None:
                    sys.exit("no such store")
            report = verify(session, stored_cipher(factory, settings), store_id)
    finally:
        engine.dispose()
    print_report(report, "consent records")
