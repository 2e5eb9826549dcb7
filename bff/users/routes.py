from flask.views import MethodView

from bff.agreements.service import AgreementRequired, pending_kinds, requires_agreements
from bff.api import Blueprint
from bff.auth.guard import current_user, reads_agreements
from bff.errors import DependencyUnavailable, RateLimited
from bff.integrations.wechat import WechatCodeRejected, WechatUnavailable
from bff.limiter import limiter, setting, user_or_ip
from bff.security.phones import mask
from bff.users import schemas as s
from bff.users import service

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
    @limiter.limit(setting("phone_rate_limit"))
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
    @blp.response(201, s.ProfileOut)
    @blp.errors(AgreementRequired, service.PhoneRequired, service.AdultAttestationRequired,
                service.AlreadyRegistered)
    @requires_agreements
    def post(self, data):
        """注册为顾问

        注册成为顾问：确认已满 18 岁，填写行业、昵称和门店信息。注册后才能创建门店、管理客户。

        调用方：已登录、同意协议并绑定手机号的用户。已注册返回 409 `consultant_already_registered`。
        """
        user = current_user()
        service.register_consultant(user, data)
        return _profile(user)
