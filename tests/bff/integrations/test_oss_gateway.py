"""The OSS gateway is oss2 (and our PostObject V4 form) against the emulator, over real HTTP."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import requests

from bff.integrations.oss import OssGateway, urlsafe_b64

KEY = "stores/s1/clients/c1/images/t1/original.jpg"


def _jpeg(width: int = 64, height: int = 48) -> bytes:
    ok, data = cv2.imencode(".jpg", np.full((height, width, 3), 200, np.uint8))
    assert ok
    return data.tobytes()


@pytest.fixture
def oss(app) -> OssGateway:  # type: ignore[no-untyped-def]
    return app.extensions["mirror.deps"].oss


def test_objects_round_trip_through_oss2(oss):
    oss.put(KEY, _jpeg(), content_type="image/jpeg")
    info = oss.head(KEY)
    assert info is not None and info.size == len(_jpeg()) and info.content_type == "image/jpeg"
    assert oss.get(KEY) == _jpeg()
    oss.delete_many([KEY, "stores/s1/missing.jpg"])
    assert oss.head(KEY) is None


def test_a_signed_url_serves_a_processed_derivative_and_nothing_without_a_signature(oss):
    oss.put(KEY, _jpeg(640, 480), content_type="image/jpeg")
    url = oss.signed_url(KEY, expires=60, process="image/resize,m_lfit,w_100")
    response = requests.get(url, timeout=5)
    assert response.status_code == 200
    image = cv2.imdecode(np.frombuffer(response.content, np.uint8), cv2.IMREAD_COLOR)
    assert image.shape[:2] == (75, 100)
    assert requests.get(url.split("?")[0], timeout=5).status_code == 403


def test_a_post_form_uploads_exactly_its_key_and_nothing_else(oss):
    form = oss.post_form(KEY, content_type="image/jpeg", max_bytes=10_000)
    files = {"file": ("a.jpg", _jpeg(), "image/jpeg")}
    assert requests.post(form.url, data=form.fields, files=files, timeout=5).status_code == 200
    assert oss.head(KEY) is not None
    elsewhere = form.fields | {"key": "stores/s2/clients/c9/images/t/original.jpg"}
    assert requests.post(form.url, data=elsewhere, files=files, timeout=5).status_code == 403
    too_big = {"file": ("a.jpg", _jpeg(2000, 2000) + b"\0" * 20_000, "image/jpeg")}
    assert requests.post(form.url, data=form.fields, files=too_big, timeout=5).status_code == 400


def test_public_urls_are_rebased_onto_the_configured_public_address(make_app, sandbox_server):
    app = make_app(oss_public_url=f"{sandbox_server.url}/oss/mirror-dev")
    oss = app.extensions["mirror.deps"].oss
    oss.put(KEY, _jpeg(), content_type="image/jpeg")
    url = oss.signed_url(KEY, expires=60)
    assert url.startswith(f"{sandbox_server.url}/oss/mirror-dev/stores/s1/")
    assert requests.get(url, timeout=5).content == _jpeg()
    form = oss.post_form("stores/s1/x.jpg", content_type="image/jpeg", max_bytes=10_000)
    assert form.url == f"{sandbox_server.url}/oss/mirror-dev/"


def test_urlsafe_base64_has_no_padding_or_unsafe_characters():
    assert urlsafe_b64("水印?>") == "5rC05Y2wPz4"
