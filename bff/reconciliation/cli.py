"""``mirror reconcile [--date YYYY-MM-DD]``: reconcile one bill date now (default: yesterday, Shanghai)."""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta


def cmd_reconcile(args: argparse.Namespace) -> None:
    """Download the WeChat Pay bills of a date (last three months) and reconcile them; prints the run."""
    from bff.errors import DomainError
    from bff.reconciliation import service
    from jobs import reconciliation  # its runtime reads MIRROR_* from the environment, as a worker does

    day = date.fromisoformat(args.date) if args.date else service.today_shanghai() - timedelta(days=1)
    try:
        service.check_date(day)
    except DomainError as exc:
        sys.exit(f"{day}: {exc.detail}")
    summary = reconciliation.reconcile_date(day.isoformat(), trigger="cli")
    print(summary)
    if " failed" in summary:
        sys.exit(1)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("reconcile", help=cmd_reconcile.__doc__)
    p.add_argument("--date", help="bill date YYYY-MM-DD (Asia/Shanghai); default yesterday")
    p.set_defaults(func=cmd_reconcile)
