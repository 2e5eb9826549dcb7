"""An upload can never be replaced: the signed form forbids overwriting (OSS answers 409
FileAlreadyExists), and a callback for the same object again changes nothing, before and after
the image is processed. Real PostObject through the OSS emulator, verified callbacks, the real job."""

from __future__ import annotations

import threading

import requests

from jobs import queues, runtime
from jobs.images import process_upload
from jobs.images_purge import remove_replayed_upload
from models.images import ImageStatus
from tests.bff.capture.conftest import decode_policy
from tests.support import images
from tests.support.jobs import drain


def _image(capture, public_id: str):  # type: ignore[no-untyped-def]
    return next(i for i in capture.images() if i.public_id == public_id)


def _state(image) -> tuple:  # type: ignore[no-untyped-def]
    return (image.status, image.size, image.sha256, image.clean_key, image.thumb_key, image.processed_at,
            image.purged_at, image.reject_reason)


def _ticket_pk(capture, form) -> int:  # type: ignore[no-untyped-def]
    return capture.ticket(form["ticket_id"]).id  # type: ignore[no-any-return]


def _refused(res: requests.Response) -> None:
    assert res.status_code == 409, res.text
    assert "<Code>FileAlreadyExists</Code>" in res.text


def test_the_policy_pins_forbid_overwrite(shop, capture):
    form = capture.form(shop)
    assert form["form_data"]["x-oss-forbid-overwrite"] == "true"
    assert ["eq", "$x-oss-forbid-overwrite", "true"] in decode_policy(form)["conditions"]
    # Dropping or flipping the field breaks the signed policy: OSS refuses the form.
    for value in ("false", ""):
        res = capture.upload(capture.form(shop), images.jpeg(), **{"x-oss-forbid-overwrite": value})
        assert res.status_code == 403 and "AccessDenied" in res.text, res.text


def test_the_same_form_posted_again_before_processing_cannot_replace_the_photo(live_app, shop, capture):
    form = capture.form(shop)
    good = images.jpeg(800, 600)
    first = capture.upload(form, good)
    assert first.status_code == 200, first.text
    before = _state(_image(capture, first.json()["image_id"]))
    _refused(capture.upload(form, images.SVG))  # still within the policy's five minutes
    assert capture.stored(form["object_key"]) == good
    assert len(capture.callbacks()) == 1  # OSS refused before storing: no second callback
    image = _image(capture, first.json()["image_id"])
    assert _state(image) == before and len(capture.images()) == 1
    assert process_upload(image.id) == "ready"  # the good photo is what gets processed


def test_two_posts_of_one_form_at_the_same_moment_store_exactly_one(live_app, shop, capture):
    for _ in range(10):
        form = capture.form(shop)
        bodies = [images.jpeg(640, 480), images.jpeg(480, 640)]
        barrier, results = threading.Barrier(2), [None, None]

        def post(i: int, form=form, bodies=bodies, barrier=barrier, results=results) -> None:  # type: ignore[no-untyped-def]
            barrier.wait()
            results[i] = capture.upload(form, bodies[i])

        threads = [threading.Thread(target=post, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        codes = sorted(r.status_code for r in results)
        assert codes == [200, 409], [r.text for r in results]
        winner = next(i for i, r in enumerate(results) if r.status_code == 200)
        assert capture.stored(form["object_key"]) == bodies[winner]
        image = _image(capture, results[winner].json()["image_id"])
        assert image.size == len(bodies[winner])


def test_replaying_the_form_after_processing_does_not_resurrect_the_original(live_app, shop, capture):
    form = capture.form(shop)
    first = capture.upload(form, images.jpeg(gps=True))
    assert first.status_code == 200, first.text
    image = _image(capture, first.json()["image_id"])
    assert process_upload(image.id) == "ready"
    assert capture.stored(form["object_key"]) is None  # processing deleted the upload as received
    processed = _state(_image(capture, image.public_id))
    clean = capture.stored(processed[3])

    replay = capture.upload(form, b"\xff\xd8 arbitrary bytes, not a photo")
    # OSS took it (the key was free) and called back: the callback committed the stray object's
    # removal with the outbox, and the job removed it.
    assert replay.status_code == 200, replay.text
    assert replay.json() == {"ticket_id": form["ticket_id"], "image_id": image.public_id, "status": "ready"}
    assert [(j.func_name, j.return_value()) for j in drain(runtime.current().redis, queues.IMAGES)
            if j.func_name.endswith("remove_replayed_upload")] == [("jobs.images_purge.remove_replayed_upload",
                                                                    "removed")]
    assert capture.stored(form["object_key"]) is None
    after = _image(capture, image.public_id)
    assert _state(after) == processed and len(capture.images()) == 1
    assert capture.stored(after.clean_key) == clean
    assert process_upload(image.id) == "nothing"


def test_a_replayed_callback_changes_nothing_before_and_after_processing(live_app, shop, capture):
    form = capture.form(shop)
    data = images.jpeg()
    assert capture.upload(form, data).status_code == 200
    [logged] = capture.callbacks()
    [image] = capture.images()

    def replay() -> requests.Response:
        return requests.post(logged["url"], data=logged["body"].encode(), headers=logged["request_headers"],
                             timeout=5)

    before = _state(image)
    res = replay()
    assert res.status_code == 200 and res.json()["image_id"] == image.public_id
    assert _state(_image(capture, image.public_id)) == before
    assert remove_replayed_upload(_ticket_pk(capture, form)) == "nothing"  # still the image's upload
    assert capture.stored(form["object_key"]) == data  # still needed by the job: left alone
    assert process_upload(image.id) == "ready"
    processed = _state(_image(capture, image.public_id))
    res = replay()
    assert (res.status_code, res.json()["status"]) == (200, "ready")
    assert _state(_image(capture, image.public_id)) == processed and len(capture.images()) == 1
    assert processed[0] == ImageStatus.ready
