"""The docs and the landing page as a person sees them, in headless Chromium; screenshots are artifacts."""

from __future__ import annotations


def _watch(page):  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("requestfailed", lambda req: problems.append(f"failed {req.url}"))
    page.on("response", lambda res: problems.append(f"{res.status} {res.url}") if res.status >= 400 else None)
    return problems


def test_the_docs_render_the_operation_list(live_app, page, artifacts):
    problems = _watch(page)
    page.goto(f"{live_app.url}/api/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    operations = page.locator(".opblock")
    assert operations.count() >= 80  # every operation of the document is listed
    login = page.locator(".opblock", has_text="auth_login").first
    assert login.is_visible()
    assert "/api/v1/auth/login" in login.inner_text() and "微信登录" in login.inner_text()
    assert page.locator(".info .title").inner_text().startswith("美学镜影像工作站 BFF")
    page.screenshot(path=str(artifacts / "api-docs.png"), full_page=False)
    assert problems == [], problems  # no missing asset, no CSP refusal, no script error


def test_the_landing_page_renders_in_chinese(live_app, page, artifacts):
    problems = _watch(page)
    page.goto(f"{live_app.url}/")
    assert page.locator("h1").inner_text() == "美学镜影像工作站 BFF"
    page.get_by_role("link", name="接口文档（Swagger UI）").click()
    page.wait_for_selector(".opblock", timeout=30_000)
    page.goto(f"{live_app.url}/")
    page.screenshot(path=str(artifacts / "landing.png"), full_page=True)
    assert problems == []


def test_the_demos_landing_page_leads_to_the_docs_and_every_sandbox_page(start_demo, page, artifacts):
    demo = start_demo()
    problems = _watch(page)
    page.goto(f"{demo.url}/")
    sandbox_links = page.locator("a[href^='/sandbox/']")
    assert sandbox_links.count() == 4
    assert "oDemoConsultant0000000000001" in page.locator("#demo-login").inner_text()
    page.screenshot(path=str(artifacts / "landing-demo.png"), full_page=True)
    page.get_by_role("link", name="/sandbox/wechat/").click()
    assert page.locator("h1").inner_text() == "微信小程序接口模拟"
    assert "wx.login" in page.locator("body").inner_text()
    page.screenshot(path=str(artifacts / "sandbox-wechat.png"), full_page=True)
    page.go_back()
    page.get_by_role("link", name="接口文档（Swagger UI）").click()
    page.wait_for_selector(".opblock", timeout=30_000)
    assert problems == [], problems
