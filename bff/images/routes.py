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
        """图片列表

        按客户、拍摄、视图、部位、标签或日期筛选门店的图片，最新的在前，按游标分页。

        调用方：门店成员。
        """
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
        """读取图片记录

        读取一张图片的记录（不含存储键和链接，查看请用 view-url）。

        调用方：门店成员。
        """
        return _one(service.read_image(membership(store_id), image_id))

    @blp.authenticated
    @blp.operation("images_update")
    @blp.arguments(s.ImageUpdate)
    @blp.response(200, s.ImageOut)
    @blp.errors(*IMAGE_ERRORS)
    def patch(self, data, store_id, image_id):
        """修改图片

        替换图片的标签，或修改其视图（修改视图会解除前后对比配对）。

        调用方：门店成员。
        """
        return _one(service.update_image(membership(store_id), image_id, data))

    @blp.authenticated
    @blp.operation("images_delete")
    @blp.response(204)
    @blp.errors(*IMAGE_ERRORS, OwnerRequired)
    def delete(self, store_id, image_id):
        """删除图片

        删除图片，其原图和衍生文件随后清除。

        调用方：门店负责人，或上传该图片的顾问本人。
        """
        service.delete_image(membership(store_id), image_id)


@blp.route("/<image_id>/pair")
class ImagePair(MethodView):
    @blp.authenticated
    @blp.operation("images_pair")
    @blp.arguments(s.PairIn)
    @blp.response(200, s.ImageOut)
    @blp.errors(*IMAGE_ERRORS, service.PairMismatch)
    def post(self, data, store_id, image_id):
        """配对前后对比

        将本图片与同一客户、同一视图的另一张图片配对，用于前后对比。

        调用方：门店成员。不同客户或视图返回 422。
        """
        return _one(service.pair_images(membership(store_id), image_id, data["other_image_id"]))

    @blp.authenticated
    @blp.operation("images_unpair")
    @blp.response(204)
    @blp.errors(*IMAGE_ERRORS)
    def delete(self, store_id, image_id):
        """解除对比配对

        解除图片的前后对比配对。

        调用方：门店成员。
        """
        service.unpair_image(membership(store_id), image_id)


@blp.route("/<image_id>/view-url")
class ImageViewUrl(MethodView):
    @blp.authenticated
    @blp.operation("images_view_url")
    @blp.arguments(s.ViewUrlIn)
    @blp.response(200, s.SignedUrlOut)
    @blp.errors(*IMAGE_ERRORS, viewing.ImageNotReady, ConsentRequired, GuardianConsentRequired)
    def post(self, data, store_id, image_id):
        """获取图片查看链接

        获取一个短时有效的签名链接，指向带有查看者 ID 和时间水印的副本（记入审计）。

        调用方：门店成员。需要客户生效中的同意（403 `consent_required`）；图片尚未处理完成 409 `image_not_ready`。
        """
        return viewing.issue_view_url(membership(store_id), image_id, variant=data["variant"], viewer=current_user())
