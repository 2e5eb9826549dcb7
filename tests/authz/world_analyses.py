"""Analysis objects in the authorization World: store A's client also consented to analysis; both
images have a succeeded analysis (the first with an overlay) and a comparison of the two is done
(links are only signed, nothing stored)."""

from __future__ import annotations

from sqlalchemy import select

from bff.db import session as db
from bff.stores.access import Membership
from jobs import analysis as job
from models import Analysis, AnalysisModel, Client, Comparison, Image
from tests.support.consent import insert_grant


def _done(m: Membership, client: Client, image_public_id: str) -> Analysis:
    image = db().scalar(select(Image).where(Image.public_id == image_public_id))
    key = job.models_key(job.active_specs(db()))
    done = Analysis(store_id=m.store.id, client_id=client.id, image_id=image.id, requested_by=m.member.user_id,
                    models_key=key + ",done", status="succeeded", percent=100, result={"quality": {"passed": True}},
                    overlay_key=f"{image.clean_key.rsplit('/', 1)[0]}/analysis/overlay.jpg")
    db().add(done)
    db().flush()
    return done


def analysis_values(m: Membership, client: Client, image_public_id: str, other_image_public_id: str) -> dict[str, str]:
    insert_grant(db(), m.store.id, client.id, ["analysis"])
    done, other = _done(m, client, image_public_id), _done(m, client, other_image_public_id)
    folder = done.overlay_key.rsplit("/", 1)[0]
    pair = Comparison(store_id=m.store.id, client_id=client.id, before_id=other.id, after_id=done.id,
                      requested_by=m.member.user_id, status="succeeded", result={}, before_key=f"{folder}/before.jpg",
                      after_key=f"{folder}/after.jpg")
    db().add(pair)
    db().flush()
    model = db().scalar(select(AnalysisModel).order_by(AnalysisModel.id))
    return {"analysis_id": done.public_id, "other_analysis_id": other.public_id, "comparison_id": pair.public_id,
            "model_id": model.public_id}
