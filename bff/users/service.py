"""The caller's own profile: phone binding and consultant registration."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wechatpy.crypto import WeChatWxaCrypto
from wechatpy.exceptions import InvalidAppIdException

from bff.db import session as db
from bff.deps import deps
from bff.errors import DomainError
from bff.security import phones
from bff.security.fields import aad_for
from jobs import enqueue, outbox
from models import ConsultantProfile, User
from models.base import utcnow

PHONE_INDEX = "user_phone"


class PhoneAlreadyBound(DomainError):
    status, reason, message = 409, "phone_already_bound", "该手机号已绑定其他账号"


class PhonePayloadInvalid(DomainError):
    status, reason, message = 400, "phone_payload_invalid", "手机号授权数据无效，请重新授权"


class PhoneInvalid(DomainError):
    status, reason, message = 422, "phone_invalid", "手机号格式不正确"


class PhoneRequired(DomainError):
    status, reason, message = 403, "phone_required", "请先绑定手机号"


class AlreadyRegistered(DomainError):
    status, reason, message = 409, "consultant_already_registered", "您已完成顾问注册"


class AdultAttestationRequired(DomainError):
    status, reason, message = 422, "adult_attestation_required", "顾问须年满十八周岁"


def phone_of(user: User) -> str | None:
    if user.phone_enc is None:
        return None
    return deps().cipher.decrypt(user.phone_enc, aad_for("users", "phone", user.public_id))


def bind_phone(user: User, *, code: str | None = None, encrypted_data: str | None = None,
               iv: str | None = None) -> User:
    """Bind the phone WeChat vouches for; the same phone again is a no-op.

    :raise PhoneAlreadyBound: another account has this phone.
    :raise PhonePayloadInvalid: legacy payload fails to decrypt or names another appid.
    :raise WechatCodeRejected, WechatUnavailable: the new-API code path failed.
    """
    if code is not None:
        info = deps().wechat.get_phone_number(code, openid=user.openid)
        raw, country = info.number, info.country_code
    else:
        raw, country = _decrypt_legacy(user, encrypted_data or "", iv or "")
    try:
        e164 = phones.normalise(raw, country)
    except phones.InvalidPhone as exc:
        raise PhoneInvalid() from exc
    index = deps().blind_index.index(PHONE_INDEX, e164)
    if user.phone_bidx == index:
        return user
    owner = db().scalar(select(User.id).where(User.phone_bidx == index))
    if owner is not None:
        raise PhoneAlreadyBound()
    user.phone_enc = deps().cipher.encrypt(e164, aad_for("users", "phone", user.public_id))
    user.phone_bidx = index
    user.phone_bound_at = utcnow()
    try:
        with db().begin_nested():
            db().flush()
    except IntegrityError as exc:  # a concurrent bind of the same phone won
        raise PhoneAlreadyBound() from exc
    return user


def _decrypt_legacy(user: User, encrypted_data: str, iv: str) -> tuple[str, str]:
    if user.session_key_enc is None:
        raise PhonePayloadInvalid()
    session_key = deps().cipher.decrypt(user.session_key_enc, aad_for("users", "session_key", user.public_id))
    try:
        payload = WeChatWxaCrypto(session_key, iv, deps().settings.wechat_appid).decrypt_message(encrypted_data)
    except InvalidAppIdException as exc:
        raise PhonePayloadInvalid("手机号授权数据不属于本小程序") from exc
    except Exception as exc:  # wrong key, bad padding, not JSON: all mean an unusable payload
        raise PhonePayloadInvalid() from exc
    number = payload.get("purePhoneNumber") or payload.get("phoneNumber")
    if not number:
        raise PhonePayloadInvalid()
    return str(number), str(payload.get("countryCode") or "86")


def register_consultant(user: User, data: dict[str, Any]) -> ConsultantProfile:
    """Record the registration the terms require; a welcome message follows after commit.

    :raise PhoneRequired, AdultAttestationRequired, AlreadyRegistered:
    """
    if user.phone_bidx is None:
        raise PhoneRequired()
    if data.pop("adult_attested") is not True:
        raise AdultAttestationRequired()
    if db().get(ConsultantProfile, user.id) is not None:
        raise AlreadyRegistered()
    profile = ConsultantProfile(user_id=user.id, adult_attested_at=utcnow(), **data)
    db().add(profile)
    try:
        with db().begin_nested():
            db().flush()
    except IntegrityError as exc:
        raise AlreadyRegistered() from exc
    outbox.emit(db(), enqueue.send_welcome_message, user.id)
    return profile


def consultant_of(user: User) -> ConsultantProfile | None:
    return db().get(ConsultantProfile, user.id)
