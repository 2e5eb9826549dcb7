"""`mirror demo` prints how to sign in to the panel; what it prints works in Chromium."""

from __future__ import annotations

import re

import pyotp


def test_the_demo_prints_a_working_operator_login(start_demo, page, artifacts):
    demo = start_demo()
    banner, base = demo.banner, demo.url
    assert f"运营后台:               {base}/admin" in banner, banner[-2000:]
    username, password = re.search(r"演示运营账号: +用户名 (\S+) +密码 (\S+)", banner).groups()
    secret = re.search(r"动态验证码密钥 \(TOTP\): +([A-Z2-7]+)", banner).group(1)
    printed = re.search(r"当前动态验证码: +(.+)", banner).group(1)
    assert "pyotp.TOTP" in printed and secret in printed

    page.goto(f"{base}/")
    page.get_by_role("link", name="进入管理后台").click()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="下一步").click()
    page.get_by_label("验证码", exact=True).fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/admin")
    assert [t.strip() for t in page.locator("header.top nav a").all_inner_texts()][:2] == ["概览", "订单"]
    page.screenshot(path=str(artifacts / "panel-demo-dashboard.png"))
