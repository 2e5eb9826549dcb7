"""``mirror consent verify``: recompute the consent hash chains (no Flask app; needs the data keys)."""

from __future__ import annotations

import argparse

from bff.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    consent = sub.add_parser("consent", help="verify the stores' consent evidence chains")
    commands = consent.add_subparsers(dest="consent_command", required=True)
    verify = commands.add_parser("verify", help=cmd_verify.__doc__)
    verify.add_argument("--store", help="only this store (its public id)")
    verify.set_defaults(func=cmd_verify)


def cmd_verify(args: argparse.Namespace) -> None:
    """Recompute every consent chain; exit 1 and print the first bad record of each broken chain."""
    from sqlalchemy import func, select

    from bff.cli_common import progress, store_pk
    from bff.consent.verify import verify
    from bff.hashchain import print_report
    from bff.security.keyring import stored_cipher
    from models import ConsentRecord
    from models.session import make_engine, make_session_factory

    settings = Settings()
    engine = make_engine(settings.database_url, pooled=False)
    try:
        factory = make_session_factory(engine)
        with factory() as session:  # its own session: verify's snapshot must start fresh
            store_id = store_pk(session, args.store) if args.store else None
            count = select(func.count()).select_from(ConsentRecord)
            total = session.scalar(count if store_id is None else count.where(ConsentRecord.store_id == store_id))
        with factory() as session, progress(total, "consent records", "record") as bar:
            report = verify(session, stored_cipher(factory, settings), store_id, progress=bar.update)
    finally:
        engine.dispose()
    print_report(report, "consent records")
