"""The operators' panel in headless Chromium: sign in with password and TOTP (enrolling by QR
the first time), find an order, verify its notification again, refund it, issue and export an
activation-code batch; a support operator neither sees nor reaches finance actions.
Screenshots of the main pages go to test-artifacts/."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pyotp
from sqlalchemy import select

from miniprogram_contract.simulator import decode_qr
from models import ActivationBatch, ReconciliationMismatch, ReconciliationRun, Refund
from models.billing import RefundStatus
from tests.bff.admin.helpers import emulator_settings
from tests.bff.panel.conftest import buy
from tests.bff.panel.helpers import PASSWORD, make_panel_operator
from tests.bff.panel.recon_world import plant_every_category
from tests.browser.test_pages_render import _watch


def _sign_in(page, url: str, username: str, secret: str | None = None) -> str:  # type: ignore[no-untyped-def]
    """Password, then the code; enrols (reading the secret shown under the QR code) when asked."""
    page.goto(f"{url}/admin")
    assert page.url.startswith(f"{url}/admin/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/admin/login/second-factor**")
    if secret is None:
        assert page.locator(".qr svg").is_visible()
        secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("验证码", exact=True).fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{url}/admin")
    return secret


def _menu(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.strip() for t in page.locator("header.top nav a").all_inner_texts()]


def test_an_operator_finds_verifies_refunds_and_issues_codes(app, live_app, sandbox_server, page, artifacts,
                                                             db_session):
    emulator_settings(sandbox_server.url, refund_auto_success_seconds=None)
    bought = buy(app, live_app, sandbox_server, "13900139201")
    op = make_panel_operator(app, "admin", "finance", "support", enrolled=False, username="ops-lin")
    problems = _watch(page)
    url = live_app.url

    page.goto(f"{url}/admin")
    page.screenshot(path=str(artifacts / "panel-login.png"))
    page.get_by_label("用户名").fill(op.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/admin/login/second-factor**")
    assert page.locator(".qr svg").is_visible()
    page.screenshot(path=str(artifacts / "panel-enrol-totp.png"))
    # The authenticator app scans the code: it carries the secret shown beside it.
    scanned = urlparse(decode_qr(page.locator(".qr svg").screenshot()))
    secret = parse_qs(scanned.query)["secret"][0]
    assert scanned.scheme == "otpauth" and scanned.netloc == "totp" and op.username in unquote(scanned.path)
    assert secret == page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("验证码", exact=True).fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{url}/admin")
    assert _menu(page) == ["概览", "订单", "退款", "支付告警", "对账", "激活码", "门店", "用户", "审计日志"]
    assert page.locator("svg.chart rect.bar").count() == 30
    page.screenshot(path=str(artifacts / "panel-dashboard.png"), full_page=True)

    # Find the order by its out_trade_no and open it.
    page.get_by_role("link", name="订单").click()
    page.get_by_label("商户订单号").fill(bought.out_trade_no)
    page.get_by_role("button", name="搜索").click()
    rows = page.locator("table tbody tr")
    assert rows.count() == 1 and "已支付" in rows.first.inner_text()
    page.screenshot(path=str(artifacts / "panel-orders.png"), full_page=True)
    page.get_by_role("link", name=bought.out_trade_no).click()
    assert page.locator("h1").inner_text() == f"订单 {bought.out_trade_no}"
    assert "TRANSACTION.SUCCESS" in page.locator("#notifications").inner_text()

    # Verify the stored notification again: valid signature, already applied.
    page.locator("#notifications").get_by_role("button", name="重新验签").first.click()
    assert "已按存档证据重新验签并处理" in page.locator(".notice").first.inner_text()
    assert "重复通知" in page.locator("#verify-outcome").inner_text()

    # Refund part of it.
    page.get_by_label(re.compile("退款金额")).fill("20.00")
    page.get_by_label(re.compile("退款原因")).fill("顾客申请部分退款")
    page.get_by_role("button", name="发起退款").click()
    assert "退款已提交微信支付" in page.locator(".notice").inner_text()
    assert "处理中" in page.locator("#refunds").inner_text() and "¥20.00" in page.locator("#refunds").inner_text()
    page.screenshot(path=str(artifacts / "panel-order.png"), full_page=True)
    db_session.expire_all()
    refund = db_session.scalar(select(Refund))
    assert refund.amount_fen == 2000 and refund.status == RefundStatus.processing

    page.get_by_role("link", name="退款").click()
    assert "顾客申请部分退款" in page.locator("table").inner_text()
    page.screenshot(path=str(artifacts / "panel-refunds.png"), full_page=True)
    page.get_by_role("link", name="支付告警").click()
    page.screenshot(path=str(artifacts / "panel-alerts.png"), full_page=True)

    # An activation-code batch, exported once as CSV.
    page.get_by_role("link", name="激活码").click()
    page.get_by_label("套餐").select_option("vip_quarter")
    page.get_by_label("数量").fill("5")
    page.get_by_label("用途或渠道").fill("双十二门店活动")
    page.get_by_role("button", name="创建批次").click()
    assert "激活码批次已创建" in page.locator(".notice").inner_text()
    with page.expect_download() as download:
        page.get_by_role("button", name="导出激活码（仅一次）").click()
    path = download.value.path()
    rows = list(csv.reader(io.StringIO(Path(path).read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "激活码" and len(rows) == 6 and all(re.fullmatch(r"[A-Z0-9]{6}(-[A-Z0-9]{6}){2}", r[0])
                                                               for r in rows[1:])
    page.reload()
    assert page.get_by_role("button", name="导出激活码（仅一次）").count() == 0
    assert "已导出" in page.locator("#batches").inner_text()
    page.screenshot(path=str(artifacts / "panel-activation-batches.png"), full_page=True)
    db_session.expire_all()
    assert db_session.scalar(select(ActivationBatch.codes_enc)) is None

    for name, shot in (("门店", "panel-stores.png"), ("用户", "panel-users.png")):
        page.get_by_role("link", name=name).click()
        page.screenshot(path=str(artifacts / shot), full_page=True)
    assert "13900139201" not in page.content()  # never an unmasked phone
    page.get_by_role("link", name="审计日志").click()
    page.get_by_role("button", name="校验哈希链").click()
    assert "哈希链完整" in page.locator("#chain-result").inner_text()
    actions = page.locator("#audit-events").inner_text()
    for action in ("operator_login", "payment_notification_verify", "refund_create", "activation_batch_create",
                   "activation_codes_export"):
        assert action in actions
    page.screenshot(path=str(artifacts / "panel-audit.png"), full_page=True)

    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/admin/login")
    page.goto(f"{url}/admin/orders")
    assert page.url.startswith(f"{url}/admin/login")
    # A form answered by a download ends its navigation as "aborted": that is how Chromium downloads.
    assert [p for p in problems if not p.endswith("/export")] == [], problems


def test_a_support_operator_neither_sees_nor_reaches_finance_actions(app, live_app, sandbox_server, page, artifacts,
                                                                     db_session):
    bought = buy(app, live_app, sandbox_server, "13900139202")
    op = make_panel_operator(app, "support", username="ops-support")
    url = live_app.url
    _sign_in(page, url, op.username, op.secret)
    assert _menu(page) == ["概览", "订单", "门店", "用户"]
    assert page.locator("svg.chart").count() == 0 and "收入" not in page.locator("main").inner_text()

    page.goto(f"{url}/admin/orders/{bought.order_id}")
    assert page.locator("#notifications").is_visible()
    assert page.get_by_role("button", name="重新验签").count() == 0
    assert page.get_by_role("button", name="发起退款").count() == 0
    page.screenshot(path=str(artifacts / "panel-order-support.png"), full_page=True)

    for path in ("/admin/refunds", "/admin/alerts", "/admin/reconciliation", "/admin/activation-batches",
                 "/admin/audit"):
        response = page.goto(f"{url}{path}")
        assert response.status == 403, path
        assert page.locator("h1").inner_text() == "没有权限"
    page.screenshot(path=str(artifacts / "panel-forbidden.png"))

    # Forms posted by hand (with this session's valid CSRF token) are refused by the server too.
    page.goto(f"{url}/admin/orders")
    token = page.locator('input[name="csrf_token"]').first.get_attribute("value")
    start = datetime.now(UTC).date()
    posts = {
        f"/admin/orders/{bought.order_id}/refunds": {"amount_yuan": "1.00", "refund_reason": "越权退款尝试"},
        "/admin/activation-batches": {"plan_code": "vip_month", "quantity": "1", "valid_from": start.isoformat(),
                                      "valid_until": (start + timedelta(days=1)).isoformat(), "channel_note": "x"},
        "/admin/audit/verify": {},
        "/admin/reconciliation/runs": {"bill_date": (start - timedelta(days=2)).isoformat()},
    }
    for path, form in posts.items():
        response = page.request.post(f"{url}{path}", form={**form, "csrf_token": token}, max_redirects=0)
        assert response.status == 403, path
    db_session.expire_all()
    assert db_session.scalars(select(Refund)).all() == [] and db_session.scalars(select(ActivationBatch)).all() == []
    assert db_session.scalars(select(ReconciliationRun)).all() == []


def test_finance_runs_a_reconciliation_reads_every_category_and_resolves_one(app, live_app, sandbox_server, login,
                                                                               page, artifacts, db_session):
    from bff.reconciliation import matching as m

    day = (datetime.now(m.SHANGHAI) - timedelta(days=6)).date()
    planted = plant_every_category(app, sandbox_server.url, login().user_id, day)
    op = make_panel_operator(app, "finance", username="ops-finance")
    problems = _watch(page)
    url = live_app.url
    _sign_in(page, url, op.username, op.secret)
    assert "待处理的对账差异" in page.locator("main").inner_text()

    page.get_by_role("link", name="对账").click()
    page.get_by_label("账单日期（最近三个月内）").fill(day.isoformat())
    page.get_by_role("button", name="立即对账").click()
    assert "对账已完成运行" in page.locator(".notice").inner_text()
    assert page.locator("#run-status").inner_text().startswith("已完成")
    rows = page.locator("#mismatches tbody tr")
    categories = {rows.nth(i).get_attribute("data-category") for i in range(rows.count())}
    assert categories == set(planted)  # every category planted, the cross-day one waiting for the next bill
    assert page.locator('tr[data-category="cross_day"]').get_attribute("data-state") == "pending"
    amount_row = page.locator('tr[data-category="amount"]')
    assert "68.01" in amount_row.inner_text() and "6800" in amount_row.inner_text()  # both sides' evidence
    page.screenshot(path=str(artifacts / "panel-reconciliation-run.png"), full_page=True)

    amount_row.get_by_label("处理说明").fill("与微信核实：差 1 分为代金券")
    amount_row.get_by_role("button", name="标为已处理").click()
    assert "差异已标为已处理" in page.locator(".notice").inner_text()
    resolved = page.locator('tr[data-category="amount"]')
    assert resolved.get_attribute("data-state") == "resolved" and "代金券" in resolved.inner_text()
    db_session.expire_all()
    row = db_session.scalar(select(ReconciliationMismatch).where(ReconciliationMismatch.category == "amount"))
    assert row.state == "resolved" and row.resolved_by == op.public_id

    page.get_by_label("类别").select_option("entitlement_missing")
    page.get_by_role("button", name="筛选").click()
    assert page.locator("#mismatches tbody tr").count() == 1

    with page.expect_download() as download:
        page.get_by_role("link", name="导出差异 CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert {r[2] for r in rows[1:]} == set(planted)
    page.get_by_role("link", name="返回对账列表").click()
    assert day.isoformat() in page.locator("#runs").inner_text()
    page.screenshot(path=str(artifacts / "panel-reconciliation-runs.png"), full_page=True)
    assert [p for p in problems if not p.endswith("/export")] == [], problems
