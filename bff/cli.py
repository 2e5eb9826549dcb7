"""``mirror`` command: run the embedded demo, migrate, manage accounts, dump the contract."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bff.config import Settings


def _migrate(settings: Settings) -> None:
    from bff.agreements.service import publish_bundled
    from bff.consent.templates import publish_bundled as publish_consent_templates
    from bff.migrate import upgrade
    from bff.security.keyring import ensure_primary_key
    from models.session import make_engine, make_session_factory

    upgrade(settings.database_url)
    factory = make_session_factory(make_engine(settings.database_url, pooled=False))
    with factory.begin() as session:
        published = publish_bundled(session) + publish_consent_templates(session)
    with factory.begin() as session:
        primary = ensure_primary_key(session, settings)
    print(f"migrated; published documents: {', '.join(published) or 'none new'}; primary data key: {primary}")


def cmd_migrate(_args: argparse.Namespace) -> None:
    """Upgrade the schema to head and publish bundled agreement documents."""
    _migrate(Settings())


def cmd_demo(args: argparse.Namespace) -> None:
    from bff.embedded import run_embedded

    run_embedded(host=args.host, port=args.port, data_dir=Path(args.data_dir))


def cmd_disable_user(args: argparse.Namespace) -> None:
    """Disable an account and end all its sessions."""
    from sqlalchemy import select

    from bff.app import create_app
    from bff.auth.service import disable_user
    from bff.db import session
    from models import User

    app = create_app()
    with app.app_context():
        user = session().scalar(select(User).where(User.public_id == args.user_id))
        if user is None:
            sys.exit("no such user")
        disable_user(user)
        session().commit()
    print("disabled")


def cmd_openapi(args: argparse.Namespace) -> None:
    """Print (or write) the OpenAPI document the app serves."""
    from miniprogram_contract.spec import current_spec

    text = json.dumps(current_spec(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="mirror", description="美学镜影像工作站 BFF")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="run everything in one process (SQLite, sandbox, in-process jobs)")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--data-dir", default="instance")
    demo.set_defaults(func=cmd_demo)
    sub.add_parser("migrate", help=cmd_migrate.__doc__).set_defaults(func=cmd_migrate)
    disable = sub.add_parser("disable-user", help=cmd_disable_user.__doc__)
    disable.add_argument("user_id")
    disable.set_defaults(func=cmd_disable_user)
    spec = sub.add_parser("openapi", help=cmd_openapi.__doc__)
    spec.add_argument("--output")
    spec.set_defaults(func=cmd_openapi)
    from bff import keys_cli
    from bff.admin import cli as admin_cli
    from bff.audit import cli as audit_cli
    from bff.consent import cli as consent_cli
    from bff.reconciliation import cli as reconciliation_cli

    keys_cli.register(sub)
    admin_cli.register(sub)
    audit_cli.register(sub)
    consent_cli.register(sub)
    reconciliation_cli.register(sub)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
