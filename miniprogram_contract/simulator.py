"""A mini-program user, simulated: WeChat client calls go to the sandbox's stand-ins for
wx.login and the getPhoneNumber button, and everything else goes to the app over HTTP."""

from __future__ import annotations

import hashlib

import requests

from miniprogram_contract.client import ConsultantRegistered, MirrorClient, Profile


class MiniProgram:
    def __init__(self, app_url: str, sandbox_url: str, *, openid: str | None = None,
                 unionid: str | None = None, timeout: float = 10) -> None:
        self.http = requests.Session()
        self.api = MirrorClient(app_url, self.http, timeout)
        self.sandbox_url = sandbox_url.rstrip("/")
        self.openid = openid
        self.unionid = unionid
        self.timeout = timeout
        self.refresh_token: str | None = None

    def _sandbox(self, path: str, body: dict) -> dict:
        res = self.http.post(f"{self.sandbox_url}/control/wechat/{path}", json=body, timeout=self.timeout)
        res.raise_for_status()
        return res.json()

    # What the WeChat client would hand the mini-program.
    def wx_login(self) -> str:
        body = {k: v for k, v in {"openid": self.openid, "unionid": self.unionid}.items() if v}
        out = self._sandbox("login", body)
        self.openid = out["openid"]
        return out["code"]

    def wx_phone_code(self, phone: str) -> str:
        return self._sandbox("phone-code", {"openid": self.openid, "phone": phone})["code"]

    def wx_encrypted_phone(self, phone: str, appid: str | None = None) -> dict:
        body = {"openid": self.openid, "phone": phone, **({"appid": appid} if appid else {})}
        return self._sandbox("encrypted-phone", body)

    # Flows of the mini-program's pages.
    def login(self) -> dict:
        out = self.api.auth_login(self.wx_login())
        self.refresh_token = out["tokens"]["refresh_token"]
        return dict(out)

    def accept_agreements(self) -> None:
        documents = [self.api.agreements_get(d["kind"]) for d in self.api.agreements_list()]
        for doc in documents:  # the user is shown exactly this text; its hash must match
            assert hashlib.sha256(doc["body"].encode()).hexdigest() == doc["sha256"]
        self.api.me_agreements_accept(documents)

    def bind_phone(self, phone: str) -> Profile:
        return self.api.me_bind_phone(code=self.wx_phone_code(phone))

    def register_consultant(self, **overrides: object) -> ConsultantRegistered:
        """Registration opens the consultant's first store: ``["store"]["id"]``."""
        fields = {
            "display_name": "林顾问", "industry": "beauty_consulting", "store_name": "美学镜体验店",
            "store_city": "杭州", "store_address": "西湖区文三路 100 号", "adult_attested": True,
        }
        fields.update(overrides)
        return self.api.me_register_consultant(**fields)

    def profile(self) -> Profile:
        return self.api.me_get()

    def onboard(self, phone: str) -> Profile:
        """login → accept agreements → bind phone → read profile."""
        self.login()
        self.accept_agreements()
        self.bind_phone(phone)
        return self.profile()

    # Consultant flows.
    def create_store(self, name: str = "美学镜·西湖店") -> str:
        return self.api.stores_create(name=name, address="杭州市西湖区文三路 100 号",
                                      business_category="beauty_salon")["id"]

    def invite_staff(self, store_id: str) -> dict:
        """Owner: create an invitation; the QR code it shows is decoded to the scene a scan yields."""
        invitation = dict(self.api.stores_invitations_create(store_id))
        invitation["qr_png"] = self.api.stores_invitations_qrcode(store_id, invitation["invitation_id"])
        return invitation

    def scan_invitation(self, qr_png: bytes) -> dict:
        """Staff: scan the mini-program code with the camera, open the page with its scene, accept."""
        return self.api.invitations_accept(scene=scene_from_qr(qr_png))

    def add_client(self, store_id: str, **fields: object) -> dict:
        return dict(self.api.clients_create(store_id, **fields))

    def search_clients(self, store_id: str, **filters: object) -> list[dict]:
        return [dict(c) for c in self.api.clients_list(store_id, **filters)["items"]]

    # VIP purchase (WeChat Pay JSAPI; the sandbox's control route stands in for the user paying).
    def wx_request_payment(self, payment: dict, out_trade_no: str) -> dict:
        """``wx.requestPayment(payment)`` → the user confirms → ``requestPayment:ok``."""
        assert payment["signType"] == "RSA" and payment["package"].startswith("prepay_id=")
        res = self.http.post(f"{self.sandbox_url}/control/wechatpay/pay", json={"out_trade_no": out_trade_no},
                             timeout=self.timeout)
        res.raise_for_status()
        return {"errMsg": "requestPayment:ok"}

    def buy_vip(self, plan_code: str = "vip_month", *, platform: str = "android", wait: float = 10.0) -> dict:
        """Order → pay in WeChat → poll the order until the server says paid; returns ``me_vip``."""
        import time

        plans = self.api.plans_list(platform)
        assert "wechatpay_jsapi" in plans["purchase_channels"], plans["purchase_channels"]
        created = self.api.orders_create(plan_code=plan_code, platform=platform)
        order = created["order"]
        self.wx_request_payment(created["payment"], order["out_trade_no"])
        deadline = time.monotonic() + wait
        while (status := self.api.orders_get(order["id"])["status"]) == "created":
            if time.monotonic() > deadline:
                raise TimeoutError(f"order {order['id']} still unpaid after {wait}s")
            time.sleep(0.2)
        assert status == "paid", status
        return self.api.me_vip()

    # Capture (consultant): a session, then per photo a policy, wx.uploadFile, and confirm if needed.
    def start_capture_session(self, store_id: str, client_id: str, *, protocol: str = "face_standard_5",
                              device_kind: str = "phone_camera", device: dict | None = None,
                              light_mode: str = "standard", settings: dict | None = None) -> dict:
        return self.api.capture_sessions_create(
            store_id, client_id, device_kind=device_kind, light_mode=light_mode, protocol=protocol,
            device=device or {"camera_model": "iPhone 15 Pro"}, settings=settings)

    def request_upload_policy(self, store_id: str, client_id: str, session_id: str, view: str,
                              content_type: str = "image/jpeg") -> dict:
        return self.api.uploads_create(store_id, client_id=client_id, session_id=session_id, view=view,
                                       content_type=content_type)

    def wx_upload_file(self, policy: dict, data: bytes, file_path: str = "wxfile://tmp_photo.jpg") -> dict:
        """``wx.uploadFile({url, filePath, name, formData})``: multipart, formData first, the file last.

        Returns what the success callback gets: ``{"statusCode", "data"}`` (data is the body text)."""
        res = self.http.post(policy["upload_url"], data=policy["form_data"], timeout=self.timeout,
                             files={policy["file_field"]: (file_path.rsplit("/", 1)[-1], data,
                                                           policy["content_type"])})
        return {"statusCode": res.status_code, "data": res.text}

    def confirm_upload(self, store_id: str, ticket_id: str) -> dict:
        return self.api.uploads_confirm(store_id, ticket_id)

    def capture_photo(self, store_id: str, client_id: str, session_id: str, view: str, data: bytes,
                      content_type: str = "image/jpeg") -> dict:
        """Policy → upload → the callback's answer (200), or confirm when OSS says the callback
        failed (203 CallbackFailed). Returns ``{"ticket_id", "image_id", "status"}``."""
        import json

        policy = self.request_upload_policy(store_id, client_id, session_id, view, content_type)
        uploaded = self.wx_upload_file(policy, data)
        if uploaded["statusCode"] == 200:
            return json.loads(uploaded["data"])
        if uploaded["statusCode"] == 203:
            return self.confirm_upload(store_id, policy["ticket_id"])
        raise RuntimeError(f"upload refused by OSS: {uploaded['statusCode']} {uploaded['data'][:200]}")

    # Informed consent. The consultant asks and shows the QR code; the client scans, reads the
    # exact text (checking its hash), draws a signature, uploads it with wx.uploadFile and signs.
    def request_consent(self, store_id: str, client_id: str, *, template_code: str,
                        scopes: list[str]) -> dict:
        """Consultant: create a request for the current version of ``template_code``; adds ``qr_png``."""
        template = next(t for t in self.api.consent_templates_list() if t["code"] == template_code)
        request = dict(self.api.consent_requests_create(store_id, client_id, template_id=template["id"],
                                                        scopes=scopes))
        request["qr_png"] = self.api.consent_requests_qrcode(store_id, client_id, request["id"])
        return request

    def scan_consent(self, qr_png: bytes) -> dict:
        """Client: scan the code, open the signing page, and check the text shown is the hashed one."""
        shown = self.api.consent_requests_view(scene_from_qr(qr_png))
        assert consent_text_sha256(shown["template"]) == shown["template"]["sha256"]
        return shown

    def upload_signature(self, request_id: str, png: bytes | None = None) -> str:
        """Client: draw (or take) a signature PNG and wx.uploadFile it with the request's own form."""
        form = self.api.consent_requests_signature_upload(request_id)
        res = self.http.post(form["upload_url"], data=form["form_data"], timeout=self.timeout,
                             files={form["file_field"]: ("signature.png", png or draw_signature(),
                                                         form["content_type"])})
        # 203 CallbackFailed still stored the object; signing checks it with a HEAD.
        assert res.status_code in (200, 203), res.text
        return form["ticket_id"]

    def sign_consent(self, shown: dict, *, agree: dict[str, bool] | None = None,
                     guardian: dict[str, str] | None = None, signature: bytes | None = None) -> dict:
        """Client: agree scope by scope (all requested ones unless ``agree`` says otherwise) and sign."""
        decisions = agree or {scope: True for scope in shown["requested_scopes"]}
        ticket = self.upload_signature(shown["id"], signature)
        return self.api.consent_requests_sign(
            shown["id"], template_sha256=shown["template"]["sha256"], signature_ticket_id=ticket,
            scopes_agreed=[{"scope": scope, "agreed": agreed} for scope, agreed in decisions.items()],
            guardian=guardian)

    def scan_and_sign(self, qr_png: bytes, **kwargs: object) -> dict:
        """Client: scan → read → upload signature → sign; returns the consent record."""
        return self.sign_consent(self.scan_consent(qr_png), **kwargs)  # type: ignore[arg-type]

    def my_consents(self) -> list[dict]:
        return [dict(c) for c in self.api.me_consents()]

    def withdraw_consent(self, client_id: str, scopes: list[str] | None = None, reason: str | None = None) -> dict:
        """Client: withdraw some scopes, or every active one."""
        return self.api.me_consents_withdraw(client_id, scopes=scopes, reason=reason)

    # Images (consultant): browse, view through watermarked signed links, export (owner).
    def list_images(self, store_id: str, **filters: object) -> list[dict]:
        """Every page of the image list, following the cursor."""
        items: list[dict] = []
        cursor = None
        while True:
            page = self.api.images_list(store_id, cursor=cursor, limit=50, **filters)  # type: ignore[arg-type]
            items += [dict(i) for i in page["items"]]
            if not (cursor := page["next_cursor"]):
                return items

    def view_image(self, store_id: str, image_id: str, variant: str = "display") -> bytes:
        """Ask for a view link, then load it as ``<image src>`` would: a plain GET, no token."""
        link = self.api.images_view_url(store_id, image_id, variant=variant)
        res = requests.get(link["url"], timeout=self.timeout)
        res.raise_for_status()
        return res.content

    def export_images(self, store_id: str, image_ids: list[str], *, approval_reason: str,
                      mode: str = "original") -> dict:
        return dict(self.api.exports_create(store_id, image_ids=image_ids, mode=mode,
                                            approval_reason=approval_reason))

    def wait_export(self, store_id: str, export_id: str, *, wait: float = 30.0) -> dict:
        """Poll the export (a progress bar) until it is done or failed."""
        import time

        deadline = time.monotonic() + wait
        while (export := dict(self.api.exports_get(store_id, export_id)))["status"] in ("queued", "running"):
            if time.monotonic() > deadline:
                raise TimeoutError(f"export {export_id} still {export['status']} after {wait}s")
            time.sleep(0.2)
        return export

    # Image analysis.
    def wx_request_subscribe_message(self, template_id: str) -> None:
        """``wx.requestSubscribeMessage``: the user allows one message of ``template_id``."""
        self._sandbox("subscribe", {"openid": self.openid, "template_id": template_id})

    def request_analysis(self, store_id: str, image_id: str) -> dict:
        return dict(self.api.analyses_request(store_id, image_id))

    def _wait(self, read, what: str, wait: float) -> dict:  # type: ignore[no-untyped-def]
        import time

        deadline = time.monotonic() + wait
        while (item := dict(read()))["status"] in ("queued", "running"):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{what} still {item['status']} after {wait}s")
            time.sleep(0.2)
        return item

    def wait_analysis(self, store_id: str, analysis_id: str, *, wait: float = 30.0) -> dict:
        """Poll the analysis (stage and percent for a progress bar) until it has finished."""
        return self._wait(lambda: self.api.analyses_get(store_id, analysis_id), f"analysis {analysis_id}", wait)

    def view_analysis(self, store_id: str, analysis_id: str, variant: str = "overlay") -> bytes:
        link = self.api.analyses_view_url(store_id, analysis_id, variant=variant)
        res = requests.get(link["url"], timeout=self.timeout)
        res.raise_for_status()
        return res.content

    def compare(self, store_id: str, before_analysis_id: str, after_analysis_id: str) -> dict:
        return dict(self.api.comparisons_create(store_id, before_analysis_id=before_analysis_id,
                                                after_analysis_id=after_analysis_id))

    def wait_comparison(self, store_id: str, comparison_id: str, *, wait: float = 30.0) -> dict:
        return self._wait(lambda: self.api.comparisons_get(store_id, comparison_id), f"comparison {comparison_id}",
                          wait)

    def view_pair(self, store_id: str, comparison_id: str) -> tuple[bytes, bytes]:
        """The aligned pair, loaded side by side as two ``<image src>``."""
        sides = []
        for side in ("before", "after"):
            link = self.api.comparisons_view_url(store_id, comparison_id, side=side)
            res = requests.get(link["url"], timeout=self.timeout)
            res.raise_for_status()
            sides.append(res.content)
        return sides[0], sides[1]

    def download_export(self, export: dict) -> bytes:
        """``wx.downloadFile`` of the signed ZIP link."""
        res = requests.get(export["download_url"], timeout=self.timeout)
        res.raise_for_status()
        return res.content


def consent_text_sha256(template: dict) -> str:
    """The hash the server publishes: canonical JSON of title, body and each scope's title and text."""
    import json

    doc = {"title": template["title"], "body": template["body"],
           "scopes": [{"scope": s["scope"], "title": s["title"], "text": s["text"]} for s in template["scopes"]]}
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def draw_signature(name: str = "Li Hua") -> bytes:
    """A handwritten-looking signature drawn with OpenCV, as the signing canvas would export it."""
    import cv2
    import numpy as np

    canvas = np.full((180, 520, 3), 255, np.uint8)
    stroke = np.array([[30 + i * 12, 120 + int(22 * np.sin(i / 2.5))] for i in range(36)], np.int32)
    cv2.polylines(canvas, [stroke], False, (25, 25, 25), 3, cv2.LINE_AA)
    cv2.putText(canvas, name, (50, 80), cv2.FONT_HERSHEY_SCRIPT_COMPLEX, 1.8, (15, 15, 15), 2, cv2.LINE_AA)
    ok, png = cv2.imencode(".png", canvas)
    if not ok:
        raise RuntimeError("could not encode the signature")
    return png.tobytes()

def decode_qr(png: bytes) -> str:
    """The text of the code in ``png``, read as a phone camera would.

    OpenCV's default detector misses about one code in 400 (it depends on the data); a quiet
    zone of extra white, then the ArUco-based detector, read those as a real scanner does.
    """
    import cv2
    import numpy as np

    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    padded = cv2.copyMakeBorder(image, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=(255, 255, 255))
    for detector, candidate in ((cv2.QRCodeDetector(), image), (cv2.QRCodeDetector(), padded),
                                (cv2.QRCodeDetectorAruco(), image)):
        text, _, _ = detector.detectAndDecode(candidate)
        if text:
            return text
    raise ValueError("no mini-program code found in the image")


def scene_from_qr(png: bytes) -> str:
    """What WeChat hands the page after a scan: the ``scene`` of the decoded code."""
    from urllib.parse import parse_qs, urlparse

    return parse_qs(urlparse(decode_qr(png)).query)["scene"][0]
