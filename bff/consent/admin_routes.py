"""Admin API (运营后台) for consent: template versions and the consent chain verifier.

Operator tokens only (see ``bff.admin.routes.operator``): admins write templates; admins and
support staff may read them and verify a store's chain.
"""

from flask.views import MethodView
from sqlalchemy import select

from bff.admin import auth
from bff.admin.routes import operator
from bff.api import Blueprint
from bff.audit.service import record
from bff.consent import present, templates
from bff.consent import schemas as s
from bff.consent.verify import verify
from bff.db import session as db
from bff.deps import deps
from bff.stores.access import StoreNotFound
from models import ConsentRecord, Store
from models.billing import OperatorRole

blp = Blueprint("admin_consent", __name__, url_prefix="/api/admin/v1", description="运营后台：知情同意")
READERS = (OperatorRole.admin, OperatorRole.support)


def _audit(action: str, template) -> None:
    record(action, subject_type="consent_template", subject_id=template.public_id, actor_role="operator",
           actor_id=auth.current_operator().public_id, purpose=f"{template.code} v{template.version}")


@blp.route("/consent-templates")
class AdminTemplates(MethodView):
    @operator(READERS)
    @blp.operation("admin_consent_templates_list")
    @blp.response(200, s.TemplateList)
    def get(self):
        """列出全部知情同意书模板版本

        运营后台：列出所有模板版本，包括草稿和已停用的版本。

        调用方：平台运营人员（admin 或 support 角色）。
        """
        return {"templates": [present.template(t) for t in templates.list_all(db())]}

    @operator(OperatorRole.admin)
    @blp.operation("admin_consent_templates_create")
    @blp.arguments(s.TemplateIn)
    @blp.response(201, s.TemplateOut)
    def post(self, data):
        """新建知情同意书模板草稿

        运营后台：为某个模板代码创建下一个版本的草稿。草稿在发布前不会被门店使用。

        调用方：平台运营人员（admin 角色）。
        """
        template = templates.create_draft(db(), operator=auth.current_operator().public_id, **data)
        _audit("consent_template.create", template)
        return present.template(template)


@blp.route("/consent-templates/<template_id>")
class AdminTemplateById(MethodView):
    @operator(OperatorRole.admin)
    @blp.operation("admin_consent_templates_edit")
    @blp.arguments(s.TemplateEdit)
    @blp.response(200, s.TemplateOut)
    @blp.errors(templates.TemplateNotFound, templates.TemplateImmutable)
    def patch(self, data, template_id):
        """修改模板草稿

        运营后台：修改一个草稿。已发布或已停用的版本永不改变，修改它们返回 409 `template_immutable`。

        调用方：平台运营人员（admin 角色）。
        """
        template = templates.edit_draft(db(), templates.find(db(), template_id, drafts=True), data)
        _audit("consent_template.edit", template)
        return present.template(template)


@blp.route("/consent-templates/<template_id>/publish")
class AdminTemplatePublish(MethodView):
    @operator(OperatorRole.admin)
    @blp.operation("admin_consent_templates_publish")
    @blp.response(200, s.TemplateOut)
    @blp.errors(templates.TemplateNotFound, templates.TemplateImmutable)
    def post(self, template_id):
        """发布模板草稿

        运营后台：发布草稿，使其成为该模板代码的当前版本，此后新的签署请求使用它。

        调用方：平台运营人员（admin 角色）。非草稿返回 409 `template_immutable`。
        """
        template = templates.publish(db(), templates.find(db(), template_id, drafts=True))
        _audit("consent_template.publish", template)
        return present.template(template)


@blp.route("/consent-templates/<template_id>/retire")
class AdminTemplateRetire(MethodView):
    @operator(OperatorRole.admin)
    @blp.operation("admin_consent_templates_retire")
    @blp.response(200, s.TemplateOut)
    @blp.errors(templates.TemplateNotFound, templates.TemplateNotPublished)
    def post(self, template_id):
        """停用已发布的模板版本

        运营后台：停用一个已发布版本：不再接受新的签署请求和签署；已签署的记录仍然有效。

        调用方：平台运营人员（admin 角色）。未发布的版本返回 409 `template_not_published`。
        """
        template = templates.retire(db(), templates.find(db(), template_id, drafts=True))
        _audit("consent_template.retire", template)
        return present.template(template)


@blp.route("/stores/<store_id>/consent-chain/verify")
class AdminChainVerify(MethodView):
    @operator(READERS)
    @blp.operation("admin_consent_chain_verify")
    @blp.response(200, s.ChainReport)
    @blp.errors(StoreNotFound)
    def get(self, store_id):
        """校验门店的知情同意证据链

        运营后台：重新计算门店的知情同意证据链，报告第一条被篡改、缺失、插入或乱序的记录（如有）。

        调用方：平台运营人员（admin 或 support 角色）。
        """
        store = db().scalar(select(Store).where(Store.public_id == store_id))
        if store is None:
            raise StoreNotFound()
        report = verify(db(), deps().cipher, store.id)
        ids = dict(db().execute(select(ConsentRecord.id, ConsentRecord.public_id).where(
            ConsentRecord.id.in_({p.event_id for p in report.problems if p.event_id} or {0}))).all())
        record("consent_chain.verify", subject_type="store", subject_id=store.public_id, actor_role="operator",
               actor_id=auth.current_operator().public_id, result="ok" if report.ok else "broken")
        return {"store_id": store.public_id, "ok": report.ok, "records": report.events,
                "problems": [{"seq": p.seq, "record_id": ids.get(p.event_id or 0), "kind": p.kind,
                              "detail": p.detail} for p in report.problems]}
