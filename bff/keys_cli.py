"""``mirror keys ...``: data keys (envelope encryption) status, rotation, KEK re-wrap, re-encryption.

Runbook: ``mirror keys rotate`` → every process seals new values under the new data key
within ``MIRROR_DATA_KEY_REFRESH_SECONDS`` → ``mirror keys reencrypt`` (waits that long by
itself; safe to interrupt and run again) → the old key is retired.
KEK rotation: add the new KEK to ``MIRROR_FIELD_KEYS``, make it ``MIRROR_FIELD_PRIMARY_KEY``,
deploy, ``mirror keys rewrap``, then remove the old KEK.
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.orm import sessionmaker

from bff.config import Settings


def _factory(settings: Settings) -> sessionmaker:
    from models.session import make_engine, make_session_factory

    return make_session_factory(make_engine(settings.database_url, pooled=False))


def cmd_status(_args: argparse.Namespace) -> None:
    """List data keys, their status and KEK, and how many values each one seals."""
    from bff.security.reencrypt import key_status

    with _factory(Settings())() as session:
        keys, unknown = key_status(session)
    print(f"{'kid':<8} {'status':<8} {'kek':<16} {'created (UTC)':<20} values")
    for k in keys:
        print(f"{k.kid:<8} {k.status.value:<8} {k.kek_id:<16} {k.created_at:%Y-%m-%d %H:%M:%S}  {k.values}")
    if unknown:
        print(f"values naming no known data key: {unknown}")


def cmd_rotate(_args: argparse.Namespace) -> None:
    """Make a new primary data key; the current one stays readable until re-encryption."""
    from bff.security.keyring import rotate

    settings = Settings()
    with _factory(settings).begin() as session:
        kid = rotate(session, settings)
    print(f"new primary data key: {kid}; every process uses it within "
          f"{settings.data_key_refresh_seconds:g} s. Then run `mirror keys reencrypt`.")


def cmd_rewrap(_args: argparse.Namespace) -> None:
    """Re-wrap every data key under the primary KEK (then old KEKs can be removed)."""
    from bff.security.keyring import KeyringError, rewrap

    settings = Settings()
    try:
        with _factory(settings).begin() as session:
            report = rewrap(session, settings)
    except KeyringError as exc:
        sys.exit(f"rewrap failed, nothing changed: {exc}")
    done = ", ".join(report.rewrapped) or "none needed"
    print(f"re-wrapped under KEK {settings.field_primary_key}: {done}")
    if report.skipped:
        print(f"retired keys left as they were (their KEK is gone): {', '.join(report.skipped)}")


def cmd_reencrypt(args: argparse.Namespace) -> None:
    """Move every encrypted value to the primary data key, then retire unused keys. Resumable."""
    from bff.cli_common import progress
    from bff.security.keyring import stored_cipher
    from bff.security.reencrypt import ReencryptProgress, key_status, reencrypt
    from models.keys import DataKeyStatus

    settings = Settings()
    factory = _factory(settings)
    with factory() as session:  # what is not under the primary yet: the bar's total
        keys, unknown = key_status(session)
    total = sum(k.values for k in keys if k.status != DataKeyStatus.primary) + unknown

    with progress(total, "re-encrypting", "value") as bar:
        def show(p: ReencryptProgress) -> None:
            if p.phase == "waiting":
                bar.write(f"waiting {p.wait_seconds:.0f} s for every process to use the new primary key")
            else:
                bar.set_postfix_str(f"{p.column}, rewritten {p.rewritten}, failed {p.failed}", refresh=False)
                bar.update(p.batch_scanned)

        report = reencrypt(factory, stored_cipher(factory, settings), batch_size=args.batch_size, progress=show)
    print(f"done: scanned {report.scanned}, rewritten {report.rewritten}, failed {report.failed}; "
          f"retired: {', '.join(report.retired) or 'none'}")
    still = {kid: n for kid, n in report.remaining.items() if n}
    if still:
        print("still referenced: " + ", ".join(f"{kid} ({n})" for kid, n in still.items()))
    if report.failed:
        sys.exit(f"{report.failed} values did not decrypt; their keys stay active")


def register(sub: argparse._SubParsersAction) -> None:
    keys = sub.add_parser("keys", help="data encryption keys: status, rotate, rewrap, reencrypt")
    actions = keys.add_subparsers(dest="keys_command", required=True)
    actions.add_parser("status", help=cmd_status.__doc__).set_defaults(func=cmd_status)
    actions.add_parser("rotate", help=cmd_rotate.__doc__).set_defaults(func=cmd_rotate)
    actions.add_parser("rewrap", help=cmd_rewrap.__doc__).set_defaults(func=cmd_rewrap)
    again = actions.add_parser("reencrypt", help=cmd_reencrypt.__doc__)
    again.add_argument("--batch-size", type=int, default=500)
    again.set_defaults(func=cmd_reencrypt)
