"""The app's collaborators, built once in ``create_app`` and looked up by routes and services."""

from __future__ import annotations

from dataclasses import dataclass

import redis
from flask import current_app

from bff.config import Settings
from bff.integrations.oss import OssGateway
from bff.integrations.oss_callback import CallbackVerifier
from bff.integrations.wechat import WechatGateway
from bff.integrations.wechatpay import WechatPayGateway
from bff.security.fields import BlindIndexer, FieldCipher
from bff.security.tokens import TokenService


@dataclass(frozen=True)
class Deps:
    settings: Settings
    redis: redis.Redis
    wechat: WechatGateway
    wechatpay: WechatPayGateway
    tokens: TokenService
    cipher: FieldCipher
    blind_index: BlindIndexer
    oss: OssGateway
    oss_callbacks: CallbackVerifier


def deps() -> Deps:
    return current_app.extensions["mirror.deps"]
