"""Subscribe messages sent through WeChat."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bff.integrations.wechat import WechatRejected
from jobs import runtime
from models import User
from models.transient import retry_once

log = logging.getLogger(__name__)
SHANGHAI = ZoneInfo("Asia/Shanghai")
_PERMANENT = {40003, 40037, 43101, 47003, 41030}  # retrying cannot change these answers


@retry_once
def send_welcome_message(user_id: int) -> str:
    """Tell a newly registered consultant their workbench is ready.

    Idempotent enough for at-least-once delivery: a user who is gone is skipped,
    and WeChat's own per-user subscription quota stops a duplicate from spamming.
    Transient WeChat failures raise so RQ retries; permanent refusals are logged.
    """
    rt = runtime.current()
    with rt.transaction() as session:
        user = session.get(User, user_id)
        if user is None:
            return "skipped:user_gone"
        openid = user.openid
    now = datetime.now(UTC).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    try:
        rt.wechat.send_subscribe_message(
            openid=openid,
            template_id=rt.settings.wechat_welcome_template,
            data={"thing1": "美学镜工作台已开通", "time2": now},
            page="pages/index/index",
        )
    except WechatRejected as exc:
        if exc.errcode in _PERMANENT:
            log.info("welcome message not sent", extra={"errcode": exc.errcode})
            return f"rejected:{exc.errcode}"
        raise
    return "sent"
