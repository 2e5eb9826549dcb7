"""``/admin/reconciliation``: runs of the daily WeChat Pay bill reconciliation and their
mismatches with both sides' evidence; resolve with a note, re-run a date, export CSV.
Views over ``bff.reconciliation.service`` (the same functions as the admin API); finance only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Response, abort, current_app, render_template, request
from sqlalchemy import func, select

from bff.db import forbid_retry
from bff.db import session as db
from bff.deps import deps
from bff.errors import DomainError
from bff.panel import forms
from bff.panel.guard import requires
from bff.panel.web import audited, back, bp, failed, operator_id
from bff.reconciliation import matching as m
from bff.reconciliation import service as recon
from models import ReconciliationMismatch, ReconciliationRun

CATEGORIES = {
    m.WECHAT_ONLY: "长款：微信已收款，本地未知或未支付",
    m.LOCAL_ONLY: "短款：本地已支付，账单中没有",
    m.AMOUNT: "金额不符",
    m.STATUS: "状态不符",
    m.CROSS_DAY: "跨日：次日账单复核",
    m.REFUND_WECHAT_ONLY: "退款：微信有，本地没有",
    m.REFUND_LOCAL_ONLY: "退款：本地有，账单没有",
    m.REFUND_AMOUNT: "退款金额不符",
    m.REFUND_STATUS: "退款状态不符",
    m.ENTITLEMENT_MISSING: "已支付未发放权益",
    m.ENTITLEMENT_UNBACKED: "权益无支付或激活码支撑",
    m.ENTITLEMENT_NOT_REDUCED: "已退款权益未扣减",
}
STATES = {m.OPEN: "待处理", m.RESOLVED: "已处理", m.REPAIRED: "已自动修复", m.PENDING: "跨日待复核",
          m.CLEARED: "次日已核销"}
RUN_STATUS = {"running": "运行中", "succeeded": "已完成", "failed": "失败"}
TRIGGERS = {"schedule": "定时", "operator": "运营人员", "cli": "命令行"}


def _labels() -> dict[str, Any]:
    return {"categories": CATEGORIES, "states": STATES, "run_status": RUN_STATUS, "triggers": TRIGGERS}


def _run(run_id: str) -> ReconciliationRun:
    try:
        return recon.find_run(db(), run_id)
    except recon.ReconciliationRunNotFound:
        abort(404)


@bp.get("/reconciliation", endpoint="recon_runs")
@requires("reconciliation")
def runs() -> Any:
    values, errors = forms.parse(forms.RunFilter, request.args)
    page, cursor = ([], None) if errors else recon.list_runs(
        db(), bill_date=values.get("bill_date"), status=values.get("status"), cursor=values.get("cursor"))
    yesterday = recon.today_shanghai() - timedelta(days=1)
    return render_template("panel/recon_runs.html", runs=page, latest=recon.latest_run_ids(db(), page),
                           cursor=cursor, errors=errors, args=dict(request.args), default_date=yesterday.isoformat(),
                           **_labels())


@bp.post("/reconciliation/runs", endpoint="recon_run_create")
@requires("reconciliation")
def run_create() -> Any:
    values, errors = forms.parse(forms.RunCreate, request.form)
    if errors:
        return back("panel.recon_runs", error="validation_error")
    day = values["bill_date"]
    try:
        recon.check_date(day)
    except DomainError as exc:
        return failed(exc, "panel.recon_runs")
    forbid_retry()  # the run commits on its own; a second dispatch would add a second run
    public_id = recon.run_reconciliation(current_app.extensions["mirror.db"].factory, day, gateway=deps().wechatpay,
                                         trigger="operator", operator_id=operator_id())
    audited("reconciliation_run", "reconciliation_run", public_id, day.isoformat())
    return back("panel.recon_run", run_id=public_id, done="recon_run_done")


@bp.get("/reconciliation/runs/<run_id>", endpoint="recon_run")
@requires("reconciliation")
def run_detail(run_id: str) -> Any:
    run = _run(run_id)
    values, errors = forms.parse(forms.MismatchFilter, request.args)
    items, cursor = ([], None) if errors else recon.list_mismatches(
        db(), run, category=values.get("category"), state=values.get("state"), cursor=values.get("cursor"))
    counts = dict(db().execute(select(ReconciliationMismatch.state, func.count())
                               .where(ReconciliationMismatch.run_id == run.id)
                               .group_by(ReconciliationMismatch.state)).all())
    audited("reconciliation_run_view", "reconciliation_run", run.public_id)
    return render_template("panel/recon_run.html", run=run, items=items, cursor=cursor, errors=errors,
                           args={k: v for k, v in request.args.items() if k != "cursor"}, counts=counts,
                           latest=run.id in recon.latest_run_ids(db(), [run]), **_labels())


@bp.post("/reconciliation/mismatches/<mismatch_id>/resolve", endpoint="recon_resolve")
@requires("reconciliation")
def resolve(mismatch_id: str) -> Any:
    found = db().execute(select(ReconciliationRun.public_id).join(
        ReconciliationMismatch, ReconciliationMismatch.run_id == ReconciliationRun.id)
        .where(ReconciliationMismatch.public_id == mismatch_id)).scalar()
    if found is None:
        abort(404)
    values, errors = forms.parse(forms.NoteForm, request.form)
    if errors:
        return back("panel.recon_run", run_id=found, error="operator_note_required")
    try:
        row = recon.resolve_mismatch(db(), mismatch_id, note=values["note"], operator_id=operator_id())
    except DomainError as exc:
        return failed(exc, "panel.recon_run", run_id=found)
    audited("reconciliation_mismatch_resolve", "reconciliation_mismatch", row.public_id, values["note"])
    return back("panel.recon_run", run_id=found, done="mismatch_resolved")


@bp.get("/reconciliation/runs/<run_id>/export", endpoint="recon_export")
@requires("reconciliation")
def export(run_id: str) -> Any:
    run = _run(run_id)
    audited("reconciliation_export", "reconciliation_run", run.public_id)
    # Built within the request, not streamed: a download the browser abandons half-way must not
    # leave the request's transaction (and its locks) open behind an unfinished generator.
    body = "".join(recon.export_csv(db(), run))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="reconciliation-{run.bill_date}-{run.public_id}.csv"'})
