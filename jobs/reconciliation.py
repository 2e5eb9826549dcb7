"""Daily reconciliation of WeChat Pay bills (``bff.reconciliation.service``).

``reconcile_previous_day`` is scheduled every hour (``jobs/schedule.py``) and does the work once
a day: from 10:00 Asia/Shanghai (when WeChat has the bill ready) it reconciles yesterday unless
yesterday's latest run already succeeded. A bill not ready yet or WeChat being down fails that
run with its reason, and the next hour tries again; so the schedule is also the retry, and two
ticks can never reconcile one date twice at the same moment (the service locks the date's row).
``reconcile_date`` is the operator / CLI path for any date in the last three months.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from bff.integrations.wechatpay import WechatPayGateway
from bff.reconciliation.matching import SHANGHAI
from bff.reconciliation.service import RUNNING, SUCCEEDED, find_run, run_reconciliation
from jobs import runtime
from models import ReconciliationDay, ReconciliationRun
from models.base import utcnow

log = logging.getLogger(__name__)
READY_HOUR = 10  # Asia/Shanghai: WeChat's bills for day D are ready after 10:00 on D+1


def _gateway(rt: runtime.Runtime) -> WechatPayGateway:
    cached = rt.__dict__.get("_reconciliation_gateway")
    if cached is None:
        cached = rt.__dict__["_reconciliation_gateway"] = WechatPayGateway(rt.settings)
    return cached


def due_date(now: datetime) -> date | None:
    """Yesterday (Shanghai) once the bill is ready, else None."""
    local = now.astimezone(SHANGHAI)
    return local.date() - timedelta(days=1) if local.hour >= READY_HOUR else None


def reconcile_previous_day(now: datetime | None = None) -> str:
    rt = runtime.current()
    day = due_date(now or utcnow())
    if day is None:
        return "not yet: bills are ready after 10:00 Asia/Shanghai"
    with rt.transaction() as session:
        latest = session.get(ReconciliationDay, day)
        run = session.get(ReconciliationRun, latest.latest_run_id) if latest and latest.latest_run_id else None
        if run is not None and run.status in (SUCCEEDED, RUNNING):
            return f"{day}: already {run.status}"
    return reconcile_date(day.isoformat(), trigger="schedule")


def reconcile_date(bill_date: str, trigger: str = "cli", operator_id: str | None = None) -> str:
    rt = runtime.current()
    day = date.fromisoformat(bill_date)
    public_id = run_reconciliation(rt.session_factory, day, gateway=_gateway(rt), trigger=trigger,
                                   operator_id=operator_id)
    with rt.transaction() as session:
        run = find_run(session, public_id)
        log.info("reconciliation %s %s: %s", day, public_id, run.status)
        return f"{day}: run {public_id} {run.status} mismatches={run.mismatches} repaired={run.repaired}" + (
            f" failure={run.failure_reason}" if run.failure_reason else "")
