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
        """微信登录

        用 `wx.login()` 得到的 code 登录，返回访问令牌和刷新令牌；首次登录会创建账号。

        调用方：任何人（无需登录）。code 无效或已用返回 401 `wechat_code_invalid`；
        账号被冻结返回 401 `account_disabled`；按来源限流（429）；微信接口不可用返回 503。
        """
        user, created, tokens = service.login_with_code(data["code"])
        return {"user_id": user.public_id, "is_new_user": created, "tokens": tokens}


@blp.route("/refresh")
class Refresh(MethodView):
    @blp.operation("auth_refresh")
    @blp.arguments(s.RefreshIn)
    @blp.response(200, s.TokenPair)
    @blp.errors(TokenInvalid, TokenExpired, SessionRevoked, AccountDisabled, service.RefreshTokenReused)
    def post(self, data):
        """刷新令牌

        用刷新令牌换取一对新的令牌。每个刷新令牌只能用一次；重复使用会被视为泄露，
        整个会话随即失效（401 `refresh_token_reused`）。

        调用方：持有刷新令牌的客户端（无需访问令牌）。
        """
        return service.refresh(data["refresh_token"])


@blp.route("/logout")
class Logout(MethodView):
    @blp.authenticated
    @blp.operation("auth_logout")
    @blp.response(204)
    def post(self):
        """退出登录

        结束当前登录会话：本会话的访问令牌和刷新令牌立即失效。

        调用方：已登录的用户。
        """
        service.logout(current_session())


@blp.route("/logout-all")
class LogoutAll(MethodView):
    @blp.authenticated
    @blp.operation("auth_logout_all")
    @blp.response(204)
    def post(self):
        """退出全部设备

        结束调用者在所有设备上的全部登录会话。

        调用方：已登录的用户。
        """
        service.logout_everywhere(current_user())
