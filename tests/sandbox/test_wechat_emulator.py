"""The WeChat emulator, driven over HTTP by the real wechatpy 1.8.18 client where it has the API."""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlparse

import cv2
import numpy as np
import pytest
import requests
from wechatpy import WeChatClient
from wechatpy.crypto import WeChatWxaCrypto
from wechatpy.exceptions import InvalidAppIdException, WeChatClientException

from miniprogram_contract.simulator import decode_qr as read_qr

if TYPE_CHECKING:
    from tests.sandbox.conftest import Sandbox

TPL = "TPL_WELCOME_0001"  # requires thing1, time2


class EmuClient(WeChatClient):
    """wechatpy pointed at the emulator (PROTOCOLS.md §2.3): fetch_access_token hard-codes the host."""

    def __init__(self, emu: str, appid: str, secret: str) -> None:
        super().__init__(appid, secret, timeout=10)
        self.emu = emu
        self.API_BASE_URL = emu + "cgi-bin/"
        self.wxa.API_BASE_URL = emu

    def fetch_access_token(self) -> dict[str, Any]:
        return self._fetch_access_token(  # type: ignore[no-any-return]
            url=self.emu + "cgi-bin/token",
            params={"grant_type": "client_credential", "appid": self.appid, "secret": self.secret},
        )


@pytest.fixture
def wx(sandbox: Sandbox) -> Iterator[EmuClient]:
    client = EmuClient(sandbox.url("/wechat/"), sandbox.config.wechat_appid, sandbox.config.wechat_secret)
    yield client
    client._http.close()


def login(sandbox: Sandbox, **payload: Any) -> dict[str, str]:
    return sandbox.control("wechat/login", payload)  # type: ignore[no-any-return]


def errcode_of(excinfo: pytest.ExceptionInfo[WeChatClientException]) -> int:
    return int(excinfo.value.errcode)


def get_token(sandbox: Sandbox, secret: str | None = None) -> str:
    reply = sandbox.http.get(
        sandbox.url("/wechat/cgi-bin/token"),
        params={
            "grant_type": "client_credential",
            "appid": sandbox.config.wechat_appid,
            "secret": secret or sandbox.config.wechat_secret,
        },
        timeout=10,
    ).json()
    assert reply["expires_in"] == 7200
    return str(reply["access_token"])


def stable_token(sandbox: Sandbox, force_refresh: bool = False) -> dict[str, Any]:
    body = {
        "grant_type": "client_credential",
        "appid": sandbox.config.wechat_appid,
        "secret": sandbox.config.wechat_secret,
        "force_refresh": force_refresh,
    }
    return sandbox.http.post(sandbox.url("/wechat/cgi-bin/stable_token"), json=body, timeout=10).json()  # type: ignore[no-any-return]


def post_api(sandbox: Sandbox, path: str, token: str | None, body: Any) -> dict[str, Any]:
    params = {"access_token": token} if token is not None else {}
    response = sandbox.http.post(sandbox.url("/wechat/" + path), params=params, json=body, timeout=10)
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def phone_number(sandbox: Sandbox, token: str | None, code: str, **extra: Any) -> dict[str, Any]:
    return post_api(sandbox, "wxa/business/getuserphonenumber", token, {"code": code, **extra})


def token_accepted(sandbox: Sandbox, token: str) -> int:
    """Probe a token: 40029 (bad phone code) means the token itself passed validation."""
    return int(phone_number(sandbox, token, "no-such-code")["errcode"])


# --- code2Session -------------------------------------------------------------------------


def test_code2session_new_user_shares_one_token(sandbox: Sandbox, wx: EmuClient) -> None:
    issued = login(sandbox)
    assert issued["openid"].startswith("o")
    assert len(issued["openid"]) == 28
    reply = wx.wxa.code_to_session(issued["code"])
    assert reply["openid"] == issued["openid"]
    assert len(base64.b64decode(reply["session_key"])) == 16
    assert "unionid" not in reply
    assert "errcode" not in reply
    wx.wxa.code_to_session(login(sandbox, openid=issued["openid"])["code"])
    # wechatpy appends access_token to code2Session; the emulator ignores it, the token is reused.
    assert sandbox.calls("token") == 1
    assert sandbox.calls("jscode2session") == 2


def test_code2session_returns_unionid_once_known(sandbox: Sandbox, wx: EmuClient) -> None:
    first = login(sandbox, openid="oKnownUser000000000000000001")
    assert "unionid" not in wx.wxa.code_to_session(first["code"])
    second = login(sandbox, openid=first["openid"], unionid="oUnion0001")
    assert wx.wxa.code_to_session(second["code"])["unionid"] == "oUnion0001"
    third = login(sandbox, openid=first["openid"])  # unionid stays on the user
    assert wx.wxa.code_to_session(third["code"])["unionid"] == "oUnion0001"


def test_code_is_single_use(sandbox: Sandbox, wx: EmuClient) -> None:
    code = login(sandbox)["code"]
    wx.wxa.code_to_session(code)
    with pytest.raises(WeChatClientException) as excinfo:
        wx.wxa.code_to_session(code)
    assert errcode_of(excinfo) == 40163
    assert excinfo.value.errmsg.startswith("code been used, rid: ")


def test_code_expires_after_five_minutes(sandbox: Sandbox, wx: EmuClient) -> None:
    fresh, stale = login(sandbox)["code"], login(sandbox)["code"]
    sandbox.advance(299)
    wx.wxa.code_to_session(fresh)
    sandbox.advance(2)
    with pytest.raises(WeChatClientException) as excinfo:
        wx.wxa.code_to_session(stale)
    assert errcode_of(excinfo) == 40029
    assert excinfo.value.errmsg.startswith("invalid code, rid: ")


def test_unknown_code_and_concurrent_reuse(sandbox: Sandbox, wx: EmuClient) -> None:
    with pytest.raises(WeChatClientException) as excinfo:
        wx.wxa.code_to_session("never-issued")
    assert errcode_of(excinfo) == 40029
    params = {
        "appid": sandbox.config.wechat_appid,
        "secret": sandbox.config.wechat_secret,
        "js_code": login(sandbox)["code"],
        "grant_type": "authorization_code",
    }
    results: list[dict[str, Any]] = []

    def exchange() -> None:
        results.append(
            requests.get(sandbox.url("/wechat/sns/jscode2session"), params=params, timeout=10).json()
        )

    threads = [threading.Thread(target=exchange) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.get("errcode", 0) for r in results) == [0] + [40163] * 7


def test_second_login_rotates_session_key(sandbox: Sandbox, wx: EmuClient) -> None:
    first = login(sandbox)
    key1 = wx.wxa.code_to_session(first["code"])["session_key"]
    key2 = wx.wxa.code_to_session(login(sandbox, openid=first["openid"])["code"])["session_key"]
    assert key1 != key2
    user = sandbox.http.get(sandbox.url(f"/control/wechat/users/{first['openid']}"), timeout=10).json()
    assert user["session_key"] == key2


def test_bad_app_credentials(sandbox: Sandbox) -> None:
    bad_secret = EmuClient(sandbox.url("/wechat/"), sandbox.config.wechat_appid, "wrong")
    with pytest.raises(WeChatClientException) as excinfo:
        bad_secret.fetch_access_token()
    bad_secret._http.close()
    assert errcode_of(excinfo) == 40125
    url = sandbox.url("/wechat/sns/jscode2session")
    base = {"appid": sandbox.config.wechat_appid, "secret": sandbox.config.wechat_secret, "js_code": "x"}
    assert sandbox.http.get(url, params=base | {"secret": "wrong"}).json()["errcode"] == 40125
    assert sandbox.http.get(url, params=base | {"appid": "wx0000"}).json()["errcode"] == 40013
    token_url = sandbox.url("/wechat/cgi-bin/token")
    assert sandbox.http.get(token_url, params=base | {"grant_type": "password"}).json()["errcode"] == 40002


# --- access tokens ------------------------------------------------------------------------


def test_token_missing_invalid_and_expired(sandbox: Sandbox) -> None:
    assert phone_number(sandbox, None, "x")["errcode"] == 41001
    invalid = phone_number(sandbox, "not-a-token", "x")
    assert invalid["errcode"] == 40001
    assert invalid["errmsg"].startswith("invalid credential, access_token is invalid or not latest")
    token = get_token(sandbox)
    assert token_accepted(sandbox, token) == 40029
    sandbox.control("wechat/expire-tokens")
    assert token_accepted(sandbox, token) == 42001
    natural = get_token(sandbox)
    sandbox.advance(7200)
    assert token_accepted(sandbox, natural) == 42001


def test_previous_token_usable_for_five_minutes(sandbox: Sandbox) -> None:
    old = get_token(sandbox)
    new = get_token(sandbox)
    assert old != new
    sandbox.advance(299)
    assert token_accepted(sandbox, old) == 40029
    sandbox.advance(2)
    assert token_accepted(sandbox, old) == 40001
    assert token_accepted(sandbox, new) == 40029


def test_wechatpy_refetches_an_expired_token(sandbox: Sandbox, wx: EmuClient) -> None:
    wx.wxa.get_wxa_code_unlimited("a")
    sandbox.control("wechat/expire-tokens")
    wx.wxa.get_wxa_code_unlimited("b")  # 42001 -> wechatpy refetches and retries once
    assert sandbox.calls("token") == 2
    assert sandbox.calls("getwxacodeunlimit") == 3


def test_stable_token_same_until_refresh_window(sandbox: Sandbox) -> None:
    first = stable_token(sandbox)
    assert first["expires_in"] == 7200
    sandbox.advance(100)
    again = stable_token(sandbox)
    assert again["access_token"] == first["access_token"]
    assert again["expires_in"] == 7100
    sandbox.advance(6800)  # 300 s left: refreshed early, the old one still runs out on time
    renewed = stable_token(sandbox)
    assert renewed["access_token"] != first["access_token"]
    assert renewed["expires_in"] == 7200
    assert token_accepted(sandbox, first["access_token"]) == 40029
    sandbox.advance(300)
    assert token_accepted(sandbox, first["access_token"]) == 42001


def test_stable_token_force_refresh_and_isolation(sandbox: Sandbox) -> None:
    stable = stable_token(sandbox)["access_token"]
    plain = get_token(sandbox)  # separate namespace: does not supersede the stable token
    assert stable_token(sandbox)["access_token"] == stable
    assert token_accepted(sandbox, stable) == 40029
    assert token_accepted(sandbox, plain) == 40029
    forced = stable_token(sandbox, force_refresh=True)["access_token"]
    assert forced != stable
    assert token_accepted(sandbox, stable) == 40001
    assert token_accepted(sandbox, forced) == 40029
    assert token_accepted(sandbox, plain) == 40029


def test_stable_token_needs_a_json_body(sandbox: Sandbox) -> None:
    form = {"grant_type": "client_credential", "appid": sandbox.config.wechat_appid, "secret": "s"}
    reply = sandbox.http.post(sandbox.url("/wechat/cgi-bin/stable_token"), data=form, timeout=10).json()
    assert reply["errcode"] == 47001
    assert reply["errmsg"].startswith("data format error")


# --- phone numbers ------------------------------------------------------------------------


def test_phone_code_single_use(sandbox: Sandbox) -> None:
    openid = login(sandbox)["openid"]
    code = sandbox.control("wechat/phone-code", {"openid": openid, "phone": "+86 138-0013-8000"})["code"]
    token = get_token(sandbox)
    reply = phone_number(sandbox, token, code, openid=openid)
    assert reply["errcode"] == 0
    assert reply["errmsg"] == "ok"
    info = reply["phone_info"]
    assert info["phoneNumber"] == info["purePhoneNumber"] == "13800138000"
    assert info["countryCode"] == 86
    assert info["watermark"]["appid"] == sandbox.config.wechat_appid
    assert phone_number(sandbox, token, code)["errcode"] == 40163


def test_phone_code_expiry_and_owner(sandbox: Sandbox) -> None:
    alice, bob = login(sandbox)["openid"], login(sandbox)["openid"]
    code = sandbox.control("wechat/phone-code", {"openid": alice, "phone": "13800138000"})["code"]
    token = get_token(sandbox)
    assert phone_number(sandbox, token, code, openid=bob)["errcode"] == 40029
    sandbox.advance(301)
    token = get_token(sandbox)
    assert phone_number(sandbox, token, code, openid=alice)["errcode"] == 40029


def test_legacy_encrypted_phone(sandbox: Sandbox, wx: EmuClient) -> None:
    appid = sandbox.config.wechat_appid
    first = login(sandbox)
    session_key = wx.wxa.code_to_session(first["code"])["session_key"]
    sealed = sandbox.control("wechat/encrypted-phone", {"openid": first["openid"], "phone": "13800138000"})
    plain = WeChatWxaCrypto(session_key, sealed["iv"], appid).decrypt_message(sealed["encryptedData"])
    assert plain["purePhoneNumber"] == "13800138000"
    assert plain["countryCode"] == "86"
    forged = sandbox.control(
        "wechat/encrypted-phone", {"openid": first["openid"], "phone": "13800138000", "appid": "wxOther"}
    )
    with pytest.raises(InvalidAppIdException):
        WeChatWxaCrypto(session_key, forged["iv"], appid).decrypt_message(forged["encryptedData"])
    # After a new login is exchanged, payloads are sealed with the new key.
    new_key = wx.wxa.code_to_session(login(sandbox, openid=first["openid"])["code"])["session_key"]
    rotated = sandbox.control("wechat/encrypted-phone", {"openid": first["openid"], "phone": "13800138000"})
    plain = WeChatWxaCrypto(new_key, rotated["iv"], appid).decrypt_message(rotated["encryptedData"])
    assert plain["phoneNumber"] == "13800138000"


# --- wxacode.getUnlimited -----------------------------------------------------------------


def decode_qr(png: bytes) -> dict[str, list[str]]:
    url = urlparse(read_qr(png))
    assert (url.scheme, url.netloc) == ("https", "mp.weixin.qq.com")
    return parse_qs(url.query)


def test_wxacode_is_a_scannable_qr(sandbox: Sandbox, wx: EmuClient) -> None:
    scene = "inv=AB12&u=9/x?y#z~!"
    response = wx.wxa.get_wxa_code_unlimited(scene, page="pages/invite/accept")
    assert isinstance(response, requests.Response)
    assert response.headers["Content-Type"] == "image/png"
    fields = decode_qr(response.content)
    assert fields["scene"] == [scene]
    assert fields["page"] == ["pages/invite/accept"]


@pytest.mark.parametrize(
    ("body", "errcode"),
    [
        ({"scene": "a" * 33}, 40169),
        ({"scene": "100%off"}, 40169),
        ({"scene": "中文"}, 40169),
        ({"page": "pages/index/index"}, 40169),
        ({"scene": "a", "page": "pages/missing/page"}, 41030),
        ({"scene": "a", "page": "/pages/index/index"}, 41030),
        ({"scene": "a", "page": "pages/index/index?x=1"}, 41030),
        ({"scene": "a", "env_version": "beta"}, 40097),
    ],
)
def test_wxacode_rejects_bad_arguments(sandbox: Sandbox, body: dict[str, Any], errcode: int) -> None:
    assert post_api(sandbox, "wxa/getwxacodeunlimit", get_token(sandbox), body)["errcode"] == errcode


def test_wxacode_check_path_and_form_body(sandbox: Sandbox) -> None:
    token = get_token(sandbox)
    url = sandbox.url("/wechat/wxa/getwxacodeunlimit")
    body = {"scene": "a" * 32, "page": "pages/unpublished/x", "check_path": False, "width": 5000}
    response = sandbox.http.post(url, params={"access_token": token}, json=body, timeout=10)
    assert response.headers["Content-Type"] == "image/png"
    assert decode_qr(response.content)["page"] == ["pages/unpublished/x"]
    width = cv2.imdecode(np.frombuffer(response.content, np.uint8), cv2.IMREAD_GRAYSCALE).shape[1]
    assert width <= 1280
    form = sandbox.http.post(url, params={"access_token": token}, data={"scene": "a"}, timeout=10)
    assert form.json()["errcode"] == 47001


# --- subscribe messages -------------------------------------------------------------------


def test_subscribe_send_needs_quota_and_is_recorded(sandbox: Sandbox, wx: EmuClient) -> None:
    openid = login(sandbox)["openid"]
    data = {"thing1": {"value": "欢迎"}, "time2": {"value": "2024-01-01 12:00"}}
    with pytest.raises(WeChatClientException) as excinfo:
        wx.wxa.send_subscribe_message(openid, TPL, data, page="pages/index/index?from=msg")
    assert errcode_of(excinfo) == 43101
    sandbox.control("wechat/subscribe", {"openid": openid, "template_id": TPL})
    wx.wxa.send_subscribe_message(openid, TPL, data, page="pages/index/index?from=msg")
    with pytest.raises(WeChatClientException) as excinfo:
        wx.wxa.send_subscribe_message(openid, TPL, data)  # the one granted send is used up
    assert errcode_of(excinfo) == 43101
    messages = sandbox.http.get(sandbox.url("/control/wechat/messages"), params={"openid": openid}).json()
    [sent] = messages["messages"]
    assert sent["template_id"] == TPL
    assert sent["data"] == data
    assert sent["page"] == "pages/index/index?from=msg"
    assert isinstance(sent["sent_at"], float)


@pytest.mark.parametrize(
    ("change", "errcode", "errmsg"),
    [
        ({"touser": "oNobody"}, 40003, "invalid openid"),
        ({"template_id": "TPL_NOPE"}, 40037, "invalid template_id"),
        ({"data": {"thing1": {"value": "x"}}}, 47003, "argument invalid! data.time2.value"),
        (
            {"data": {"thing1": {"value": "x" * 21}, "time2": {"value": "t"}}},
            47003,
            "argument invalid! data.thing1",
        ),
        ({"page": "pages/missing/page"}, 41030, "invalid page"),
    ],
)
def test_subscribe_send_rejections(
    sandbox: Sandbox, change: dict[str, Any], errcode: int, errmsg: str
) -> None:
    openid = login(sandbox)["openid"]
    sandbox.control("wechat/subscribe", {"openid": openid, "template_id": TPL, "count": 5})
    body = {"touser": openid, "template_id": TPL, "data": {"thing1": {"value": "a"}, "time2": {"value": "b"}}}
    token = get_token(sandbox)
    assert post_api(sandbox, "cgi-bin/message/subscribe/send", token, body)["errcode"] == 0
    reply = post_api(sandbox, "cgi-bin/message/subscribe/send", token, body | change)
    assert reply["errcode"] == errcode
    assert reply["errmsg"].startswith(errmsg)


# --- quotas and faults --------------------------------------------------------------------


def test_minute_quota(sandbox: Sandbox, wx: EmuClient) -> None:
    sandbox.control("wechat/quota", {"api": "jscode2session", "per_minute": 2})
    sandbox.advance(60 - (sandbox_now(sandbox) % 60) + 1)  # start of a fresh minute window
    for _ in range(2):
        wx.wxa.code_to_session(login(sandbox)["code"])
    with pytest.raises(WeChatClientException) as excinfo:
        wx.wxa.code_to_session(login(sandbox)["code"])
    assert errcode_of(excinfo) == 45011
    assert excinfo.value.errmsg.startswith("api minute-quota reach limit mustslower retry next minute")
    sandbox.advance(60)
    wx.wxa.code_to_session(login(sandbox)["code"])
    sandbox.control("wechat/quota", {"api": "getuserphonenumber", "per_minute": 0})
    assert phone_number(sandbox, get_token(sandbox), "x")["errcode"] == 45011


def sandbox_now(sandbox: Sandbox) -> float:
    return time.time() + float(sandbox.control("clock", {"advance": 0})["offset"])


def test_fault_errcode_and_http_status(sandbox: Sandbox, wx: EmuClient) -> None:
    sandbox.control("wechat/faults", {"api": "jscode2session", "errcode": -1})
    sandbox.control("wechat/faults", {"api": "jscode2session", "http_status": 502})
    code = login(sandbox)["code"]
    with pytest.raises(WeChatClientException) as excinfo:
        wx.wxa.code_to_session(code)
    assert errcode_of(excinfo) == -1
    assert excinfo.value.errmsg.startswith("system error")
    with pytest.raises(WeChatClientException) as excinfo:
        wx.wxa.code_to_session(code)
    assert excinfo.value.response.status_code == 502
    assert wx.wxa.code_to_session(code)["openid"]  # faults consumed; the code was never spent


def test_fault_delay_trips_client_timeout(sandbox: Sandbox) -> None:
    sandbox.control("wechat/faults", {"api": "token", "delay": 0.6})
    with pytest.raises(requests.Timeout):
        requests.get(
            sandbox.url("/wechat/cgi-bin/token"),
            params={
                "grant_type": "client_credential",
                "appid": sandbox.config.wechat_appid,
                "secret": sandbox.config.wechat_secret,
            },
            timeout=0.2,
        )
    assert get_token(sandbox)


def test_reset_clears_state(sandbox: Sandbox) -> None:
    openid = login(sandbox)["openid"]
    token = get_token(sandbox)
    sandbox.control("reset")
    assert token_accepted(sandbox, token) == 40001
    assert sandbox.http.get(sandbox.url(f"/control/wechat/users/{openid}")).status_code == 400
    assert sandbox.calls("token") == 0
