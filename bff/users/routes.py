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
        """Read the caller's profile (phone masked)."""
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
        """Bind the phone number from the getPhoneNumber button (or the legacy encryptedData)."""
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
        """Register as a consultant (18+ attestation, industry, display name, store)."""
        user = current_user()
        service.register_consultant(user, data)
        return _profile(user)
