"""Index pages (Simplified Chinese) at the sandbox roots: what each emulator offers and where."""

from __future__ import annotations

from flask import Blueprint, Response, render_template_string

bp = Blueprint("sandbox_pages", __name__)

_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>body{font-family:"Noto Sans CJK SC","PingFang SC",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;
line-height:1.6}code{background:#f3f3f3;padding:0 .2rem}</style></head>
<body><h1>{{ title }}</h1><p>{{ intro }}</p><ul>
{% for route, text in items %}<li><code>{{ route }}</code>：{{ text }}</li>{% endfor %}
</ul><p><a href="{{ root }}">沙箱总览</a></p></body></html>"""

# (title, intro, [(route relative to the sandbox root, what it does)]); only for development and tests.
PAGES = {
    "": ("开发沙箱", "本地模拟的外部服务，仅用于开发和测试；生产环境不会挂载。", [
        ("wechat/", "微信小程序服务端接口模拟"),
        ("wechatpay/", "微信支付 API v3 模拟"),
        ("oss/", "阿里云 OSS 模拟"),
        ("POST control/reset", "清空所有模拟器的状态"),
        ("POST control/clock", "拨快沙箱时钟（advance 秒）"),
    ]),
    "wechat/": ("微信小程序接口模拟", "与 api.weixin.qq.com 的协议一致，wechatpy 可直接调用。", [
        ("GET wechat/sns/jscode2session", "wx.login 的 code 换取 openid 与 session_key"),
        ("GET wechat/cgi-bin/token、POST wechat/cgi-bin/stable_token", "获取 access_token"),
        ("POST wechat/wxa/business/getuserphonenumber", "手机号快速验证组件的 code 换取手机号"),
        ("POST wechat/wxa/getwxacodeunlimit", "生成不限数量的小程序码（PNG）"),
        ("POST wechat/cgi-bin/message/subscribe/send", "发送订阅消息"),
        ("control/wechat/...", "测试钩子：签发登录 code 与手机号 code、查看消息与调用记录、注入故障"),
    ]),
    "wechatpay/": ("微信支付 API v3 模拟", "与 api.mch.weixin.qq.com 的协议一致（签名校验、应答签名、回调加密）。", [
        ("POST wechatpay/v3/pay/transactions/jsapi", "JSAPI 下单，返回 prepay_id"),
        ("GET wechatpay/v3/pay/transactions/out-trade-no/{out_trade_no}", "查询订单"),
        ("POST wechatpay/v3/pay/transactions/out-trade-no/{out_trade_no}/close", "关闭订单"),
        ("POST wechatpay/v3/refund/domestic/refunds", "申请退款；GET 同路径加退款单号查询"),
        ("GET wechatpay/v3/certificates", "平台证书"),
        ("GET wechatpay/v3/bill/tradebill", "交易账单"),
        ("control/wechatpay/...", "测试钩子：模拟用户付款、推送支付与退款通知、查看投递记录"),
    ]),
    "oss/": ("阿里云 OSS 模拟",
             "与 OSS 协议一致：PostObject V4 表单直传、上传回调（RSA 签名）、签名 URL、x-oss-process 图片处理。", [
        ("POST oss/{bucket}/", "PostObject 表单直传（wx.uploadFile）"),
        ("GET|PUT|DELETE oss/{bucket}/{key}", "读取（支持 x-oss-process=image/resize 等）、写入、删除对象"),
        ("GET oss-pubkey/callback_pub_key_v1.pem", "回调验签公钥"),
        ("control/oss/...", "测试钩子：查看与预置对象、注入故障、查看回调记录"),
    ]),
}


def _index(section: str) -> Response:
    title, intro, items = PAGES[section]
    root = "../" if section else "./"
    html = render_template_string(_PAGE, title=title, intro=intro, items=items, root=root)
    response = Response(html, mimetype="text/html")
    # The sandbox is a separate WSGI app: the BFF's after_request headers do not reach it.
    response.headers.update({
        "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    })
    return response


for _section in PAGES:
    bp.add_url_rule(f"/{_section}", f"index_{_section.strip('/') or 'root'}", lambda s=_section: _index(s),
                    methods=["GET"])
