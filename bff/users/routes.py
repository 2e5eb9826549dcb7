from flask.views import MethodView

from bff.agreements.service import AgreementRequired, pending_kinds, requires_agreements
from bff.api import Blueprint
from bff.auth.guard import current_user, reads_agreements
from bff.errors import DependencyUnavailable, RateLimited
from bff.integrations.wechat import WechatCodeRejected, WechatUnavailable
from bff.limiter import ip_key, limiter, setting, user_or_ip
from bff.security.phones import mask
from bff.stores import service as stores
from bff.stores.routes import _store as store_out
from bff.users import schemas as s
from bff.users import service
from models.stores import StoreRole

blp = Blueprint("me", __name__, url_prefix="/api/v1/me", description="我的账号")


def _profile(user):
    phone = service.phone_of(user)
    return {
        "user_id": user.public_id,
        "phone_masked": mask(phone) if phone else None,
        "phone_bound": phone is not None,
        "pending_agreements": [k.value for k in pending_kinds(user)],
        "consultant": service.consultant_of(user),
        "created_at": user.created_at,
    }


@blp.route("")
class Me(MethodView):
    @blp.authenticated
    @blp.operation("me_get")
    @blp.response(200, s.ProfileOut)
    @reads_agreements
    def get(self):
        """我的资料

        读取调用者的个人资料（手机号脱敏显示）。

        调用方：已登录的用户。
        """
        return _profile(current_user())


@blp.route("/phone")
class MyPhone(MethodView):
    @blp.authenticated
    @blp.operation("me_bind_phone")
    @blp.arguments(s.PhoneBindIn)
    @blp.response(200, s.ProfileOut)
    @blp.errors(AgreementRequired, service.PhoneAlreadyBound, service.PhonePayloadInvalid, service.PhoneInvalid,
                WechatCodeRejected, RateLimited, WechatUnavailable, DependencyUnavailable)
    @limiter.limit(setting("phone_rate_limit"), key_func=user_or_ip)
    @limiter.limit(setting("phone_ip_rate_limit"), key_func=ip_key)
    @requires_agreements
    def post(self, data):
        """绑定手机号

        用手机号快速验证组件（getPhoneNumber 按钮）返回的 code（或旧版 encryptedData + iv）绑定手机号。

        调用方：已登录并同意协议的用户。code 无效 401；手机号已被其他账号绑定 409 `phone_already_bound`；限流 429；
        微信接口不可用 503。
        """
        user = service.bind_phone(current_user(), **data)
        return _profile(user)


@blp.route("/consultant")
class MyConsultantRegistration(MethodView):
    @blp.authenticated
    @blp.operation("me_register_consultant")
    @blp.arguments(s.ConsultantIn)
    @blp.response(201, s.ConsultantRegisteredOut)
    @blp.errors(AgreementRequired, service.PhoneRequired, service.AdultAttestationRequired,
                service.AlreadyRegistered)
    @requires_agreements
    def post(self, data):
        """注册为顾问

        注册成为顾问：确认已满 18 岁，填写行业、昵称和门店信息。同一请求内用所填门店信息创建顾问的第一家门店，
        调用者为负责人：应答的 `store` 即该门店（与创建门店接口的应答相同），小程序无需再调用创建门店接口。
        门店地址为所填地址（不以城市开头时在前面加上城市）；业态取 `store_business_category`，不填时按行业推断。

        调用方：已登录、同意协议并绑定手机号的用户。已注册返回 409 `consultant_already_registered`（不会再建门店）。
        """
        user = current_user()
        profile = service.register_consultant(user, data)
        store = stores.open_first_store(user, profile, data.get("store_business_category"))
        return _profile(user) | {"store": store_out(store, StoreRole.owner)}
