"""The signed form is enforced by OSS (the emulator): nothing in it can be changed after signing."""

import pytest

from tests.support import images


@pytest.mark.parametrize(("field", "value"), [
    ("key", "stores/other/clients/x/images/y/original.jpg"),
    ("Content-Type", "image/png"),
    ("success_action_status", "201"),
    ("callback", "eyJjYWxsYmFja1VybCI6Imh0dHA6Ly9ldmlsLmV4YW1wbGUvIiwiY2FsbGJhY2tCb2R5IjoieCJ9"),
    ("x:ticket", "someone-elses-ticket"),
])
def test_a_tampered_form_is_refused_by_oss(live_app, shop, capture, field, value):
    form = capture.form(shop)
    res = capture.upload(form, images.jpeg(), **{field: value})
    assert res.status_code == 403, res.text
    assert b"AccessDenied" in res.content
    assert capture.stored(form["object_key"]) is None and capture.stored(value) is None
    assert capture.callbacks() == [] and capture.images() == []


def test_a_file_over_the_size_limit_is_refused_by_oss(live_app, app, shop, capture):
    form = capture.form(shop)
    too_big = b"\xff\xd8\xff" + b"\0" * app.extensions["mirror.settings"].upload_max_bytes
    res = capture.upload(form, too_big)
    assert res.status_code == 400 and b"EntityTooLarge" in res.content
    assert capture.stored(form["object_key"]) is None and capture.images() == []


@pytest.mark.parametrize("content_type", ["text/html", "image/svg+xml"])
def test_a_content_type_outside_the_allowlist_is_refused_by_oss(live_app, shop, capture, content_type):
    form = capture.form(shop)
    res = capture.upload(form, images.SVG, **{"Content-Type": content_type})
    assert res.status_code == 403 and b"AccessDenied" in res.content
    assert capture.stored(form["object_key"]) is None and capture.images() == []


def test_an_expired_policy_is_refused_by_oss(live_app, shop, capture):
    form = capture.form(shop)
    capture.advance_clock(301)
    res = capture.upload(form, images.jpeg())
    assert res.status_code == 403 and b"expired" in res.content.lower()
    assert capture.stored(form["object_key"]) is None and capture.images() == []
