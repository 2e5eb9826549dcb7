"""``mirror operators ...``: create and disable platform operators (admin panel accounts)."""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bff.config import Settings


def _factory(settings: Settings):  # type: ignore[no-untyped-def]
    from models.session import make_engine, make_session_factory

    return make_session_factory(make_engine(settings.database_url, pooled=False))


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        sys.exit("passwords differ")
    return first


def cmd_create(args: argparse.Namespace) -> None:
    """Create an operator with roles (admin, finance, support); the password is read, never an argument."""
    from bff.admin.auth import create_operator

    password = _read_password(args)
    try:
        with _factory(Settings()).begin() as session:
            operator = create_operator(session, args.username, password, args.roles.split(","))
            public_id, stored = operator.public_id, operator.username
    except ValueError as exc:
        sys.exit(str(exc))
    except IntegrityError:
        sys.exit("an operator with this username exists")
    # The username as stored: normalised (NFKC, casefold).
    print(f"created operator {stored} ({public_id}); the first sign-in at /admin enrols the TOTP "
          "second factor by QR code")


def cmd_disable(args: argparse.Namespace) -> None:
    """Disable an operator: their tokens stop working at once (checked per request)."""
    from bff.admin.auth import normalise_username
    from models import Operator
    from models.base import utcnow

    name = normalise_username(args.username)
    with _factory(Settings()).begin() as session:
        operator = session.scalar(select(Operator).where(Operator.username == name))
        if operator is None or normalise_username(operator.username) != name:  # not an accent-folded neighbour
            sys.exit("no such operator")
        operator.disabled_at = operator.disabled_at or utcnow()
    print("disabled")


def cmd_reset_totp(args: argparse.Namespace) -> None:
    """Forget an operator's TOTP secret (a lost phone) and end their panel sessions; the next
    sign-in enrols a new one."""
    from bff.audit.service import record
    from bff.panel.sessions import end_all
    from models import Operator

    with _factory(Settings()).begin() as session:
        operator = session.scalar(select(Operator).where(Operator.username == args.username))
        if operator is None:
            sys.exit("no such operator")
        operator.totp_secret_enc = operator.totp_enrolled_at = operator.totp_last_step = None
        end_all(session, operator)
        record("operator_totp_reset", subject_type="operator", subject_id=operator.public_id, actor_role="system",
               session=session)
    print("TOTP reset: the next sign-in enrols a new secret")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    ops = sub.add_parser("operators", help="admin panel operators: create, disable, reset-totp")
    actions = ops.add_subparsers(dest="operators_command", required=True)
    create = actions.add_parser("create", help=cmd_create.__doc__)
    create.add_argument("--username", required=True)
    create.add_argument("--roles", required=True, help="comma-separated: admin,finance,support")
    create.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    create.set_defaults(func=cmd_create)
    disable = actions.add_parser("disable", help=cmd_disable.__doc__)
    disable.add_argument("--username", required=True)
    disable.set_defaults(func=cmd_disable)
    reset = actions.add_parser("reset-totp", help=cmd_reset_totp.__doc__)
    reset.add_argument("--username", required=True)
    reset.set_defaults(func=cmd_reset_totp)
