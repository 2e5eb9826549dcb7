from flask.views import MethodView

from bff.api import Blueprint
from bff.auth import schemas as s
from bff.auth import service
from bff.auth.guard import AccountDisabled, SessionRevoked, TokenExpired, TokenInvalid, current_session, current_user
from bff.errors import DependencyUnavailable, RateLimited
from bff.integrations.wechat import WechatCodeRejected, WechatUnavailable
from bff.limiter import limiter, setting

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="微信登录与登录凭证")


@blp.route("/login")
class Login(MethodView):
    @blp.operation("auth_login")
    @blp.arguments(s.LoginIn)
    @blp.response(200, s.LoginOut)
    @blp.errors(WechatCodeRejected, AccountDisabled, RateLimited, WechatUnavailable, DependencyUnavailable)
    @limiter.limit(setting("login_rate_limit"))
    def post(self, data):
        """Log in with the code from wx.login()."""
        user, created, tokens = service.login_with_code(data["code"])
        return {"user_id": user.public_id, "is_new_user": created, "tokens": tokens}


@blp.route("/refresh")
class Refresh(MethodView):
    @blp.operation("auth_refresh")
    @blp.arguments(s.RefreshIn)
    @blp.response(200, s.TokenPair)
    @blp.errors(TokenInvalid, TokenExpired, SessionRevoked, AccountDisabled, service.RefreshTokenReused)
    def post(self, data):
        """Exchange a refresh token for a new token pair (each refresh token works once)."""
        return service.refresh(data["refresh_token"])


@blp.route("/logout")
class Logout(MethodView):
    @blp.authenticated
    @blp.operation("auth_logout")
    @blp.response(204)
    def post(self):
        """End the current login session."""
        service.logout(current_session())


@blp.route("/logout-all")
class LogoutAll(MethodView):
    @blp.authenticated
    @blp.operation("auth_logout_all")
    @blp.response(204)
    def post(self):
        """End every login session of the caller, on every device."""
        service.logout_everywhere(current_user())
