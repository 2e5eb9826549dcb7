from typing import Any

from flask.views import MethodView

from bff.api import Blueprint
from bff.auth.guard import current_user
from bff.consent.gate import ConsentRequired, GuardianConsentRequired
from bff.db import session as db
from bff.images import listing, service, viewing
from bff.images import schemas as s
from bff.stores.access import OwnerRequired, StoreNotFound, membership
from models import Image

blp = Blueprint("images", __name__, url_prefix="/api/v1/stores/<store_id>/images", description="影像管理")
IMAGE_ERRORS = (StoreNotFound, service.ImageNotFound)


def _out(image: Any, refs: listing.Refs) -> dict[str, object]:
    # Never object keys or URLs: images are seen only through view-url.
    return {
        "id": image.public_id, "client_id": refs.client, "session_id": refs.session, "view": image.view,
        "region": image.region, "status": image.status, "tags": refs.tags, "content_type": image.content_type,
        "width": image.width, "height": image.height, "sha256": image.sha256, "paired_with": refs.paired_with,
        "uploaded_by": refs.uploaded_by, "captured_at": image.captured_at, "deleted_at": image.deleted_at,
    }


def _one(image: Image) -> dict[str, object]:
    return _out(image, listing.refs_of(db(), [image])[image.id])


@blp.route("")
class Images(MethodView):
    @blp.authenticated
    @blp.operation("images_list")
    @blp.arguments(s.ImageQuery, location="query")
    @blp.response(200, s.ImagePage)
    @blp.errors(StoreNotFound, listing.InvalidCursor)
    def get(self, query, store_id):
        """List the store's images, newest first, by client, session, view, region, tag or date."""
        page, next_cursor = service.list_images(membership(store_id), query)
        refs = listing.refs_of(db(), page)
        return {"items": [_out(i, refs[i.id]) for i in page], "next_cursor": next_cursor}


@blp.route("/<image_id>")
class ImageById(MethodView):
    @blp.authenticated
    @blp.operation("images_get")
    @blp.response(200, s.ImageOut)
    @blp.errors(*IMAGE_ERRORS)
    def get(self, store_id, image_id):
        """Read one image's record (no keys, no URLs)."""
        return _one(service.read_image(membership(store_id), image_id))

    @blp.authenticated
    @blp.operation("images_update")
    @blp.arguments(s.ImageUpdate)
    @blp.response(200, s.ImageOut)
    @blp.errors(*IMAGE_ERRORS)
    def patch(self, data, store_id, image_id):
        """Replace the image's tags or change its view (a new view ends its pairing)."""
        return _one(service.update_image(membership(store_id), image_id, data))

    @blp.authenticated
    @blp.operation("images_delete")
    @blp.response(204)
    @blp.errors(*IMAGE_ERRORS, OwnerRequired)
    def delete(self, store_id, image_id):
        """Delete an image (owner, or the consultant who uploaded it); its files are purged."""
        service.delete_image(membership(store_id), image_id)


@blp.route("/<image_id>/pair")
class ImagePair(MethodView):
    @blp.authenticated
    @blp.operation("images_pair")
    @blp.arguments(s.PairIn)
    @blp.response(200, s.ImageOut)
    @blp.errors(*IMAGE_ERRORS, service.PairMismatch)
    def post(self, data, store_id, image_id):
        """Pair this image with another of the same client and view, for before/after."""
        return _one(service.pair_images(membership(store_id), image_id, data["other_image_id"]))

    @blp.authenticated
    @blp.operation("images_unpair")
    @blp.response(204)
    @blp.errors(*IMAGE_ERRORS)
    def delete(self, store_id, image_id):
        """Release the image's before/after pairing."""
        service.unpair_image(membership(store_id), image_id)


@blp.route("/<image_id>/view-url")
class ImageViewUrl(MethodView):
    @blp.authenticated
    @blp.operation("images_view_url")
    @blp.arguments(s.ViewUrlIn)
    @blp.response(200, s.SignedUrlOut)
    @blp.errors(*IMAGE_ERRORS, viewing.ImageNotReady, ConsentRequired, GuardianConsentRequired)
    def post(self, data, store_id, image_id):
        """Get a short-lived signed link to a copy watermarked with my id and the time (audited)."""
        return viewing.issue_view_url(membership(store_id), image_id, variant=data["variant"], viewer=current_user())
