"""The docs page and the landing page work offline; JSON bodies are UTF-8 with Chinese as characters."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest

from bff.app import HTML_CSP

EXPECTED_TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.anchors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.assets.append(found["src"] or "")
        elif tag == "link" and found.get("href"):
            self.assets.append(found["href"] or "")
        elif tag == "a" and found.get("href"):
            self.anchors.append(found["href"] or "")


def _parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def _assert_html_headers(res) -> None:
    assert res.status_code == 200 and res.mimetype == "text/html"
    assert res.headers["X-Content-Type-Options"] == "nosniff" and res.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in res.headers["Content-Security-Policy"]


def test_every_asset_the_docs_page_references_is_served_with_its_type(client):
    page = client.get("/api/docs")
    _assert_html_headers(page)
    assert page.headers["Content-Security-Policy"] == HTML_CSP
    assets = _parse(page.get_data(as_text=True)).assets
    assert {a.rsplit("/", 1)[-1] for a in assets} >= {
        "swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"}
    for asset in assets:
        assert asset.startswith("/api/docs/static/"), asset  # offline: nothing from a CDN
        res = client.get(urljoin("/api/docs", asset))
        assert res.status_code == 200, asset
        suffix = asset[asset.rindex("."):]
        assert res.mimetype == EXPECTED_TYPES[suffix], (asset, res.mimetype)
        assert len(res.data) > 1000
        again = client.get(urljoin("/api/docs", asset), headers={"If-None-Match": res.headers["ETag"]})
        assert again.status_code == 304


def test_an_unknown_asset_is_404_and_no_path_escapes_the_bundle(client):
    assert client.get("/api/docs/static/nope.js").status_code == 404
    assert client.get("/api/docs/static/../../__init__.py").status_code == 404
    assert client.get("/api/docs/static/%2e%2e/__init__.py").status_code == 404


def test_the_landing_page_links_the_docs_and_the_admin_panel(client):
    res = client.get("/")
    _assert_html_headers(res)
    html = res.get_data(as_text=True)
    assert "接口文档" in html and 'lang="zh-CN"' in html
    anchors = _parse(html).anchors
    assert "/api/docs" in anchors and "/api/openapi.json" in anchors
    assert not any(a.startswith("/sandbox") for a in anchors)  # not mounted in this app
    assert "/admin" in anchors and 'id="admin-slot"' not in html
    for href in ("/api/docs", "/api/openapi.json"):
        assert client.get(href).status_code == 200
    assert client.get("/admin").headers["Location"].startswith("/admin/login")


def test_with_the_sandbox_mounted_every_linked_page_answers(make_app):
    client = make_app(mount_sandbox=True).test_client()
    anchors = _parse(client.get("/").get_data(as_text=True)).anchors
    sandbox = [a for a in anchors if a.startswith("/sandbox")]
    assert {"/sandbox/", "/sandbox/wechat/", "/sandbox/wechatpay/", "/sandbox/oss/"} <= set(sandbox)
    for href in sandbox:
        res = client.get(href)
        _assert_html_headers(res)
        assert "模拟" in res.get_data(as_text=True) or "沙箱" in res.get_data(as_text=True)


def test_the_admin_link_appears_once_an_admin_route_exists(make_app):
    app = make_app()
    app.add_url_rule("/admin", "admin_panel_probe", lambda: "admin")
    anchors = _parse(app.test_client().get("/").get_data(as_text=True)).anchors
    assert "/admin" in anchors


@pytest.mark.parametrize("path", ["/api/v1/me", "/api/openapi.json"])
def test_json_is_utf8_with_chinese_as_characters(client, path):
    res = client.get(path)
    assert res.mimetype == "application/json" and res.mimetype_params.get("charset") == "utf-8"
    raw = res.get_data()
    assert b"\\u" not in raw
    text = raw.decode("utf-8")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)  # e.g. the 401 message, the API description
