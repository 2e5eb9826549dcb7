"""PDF evidence receipt of one consent record, rendered offline (no Flask: export jobs use it).

Chinese text uses reportlab's built-in CID font ``STSong-Light`` (the viewer supplies the
glyphs), so rendering needs no font file and no network. Hashes are set in Courier so that
they can be copied and machine-read from the PDF.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from PIL import Image as PILImage
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from bff.consent.chain import unseal
from bff.integrations.oss import OssGateway
from bff.security import phones
from bff.security.fields import FieldCipher, aad_for
from bff.security.masking import mask_name
from models import Client, ConsentRecord, ConsentRequest, ConsentTemplate, Store
from models.consent import RecordKind

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
SHANGHAI = ZoneInfo("Asia/Shanghai")
TITLES = {RecordKind.grant: "知情同意电子存证回执", RecordKind.withdraw: "撤回同意存证回执",
          RecordKind.deletion_request: "删除个人信息请求存证回执"}
ROLES = {"client": "客户本人", "guardian": "监护人", "owner": "门店负责人（代客户）", "staff": "门店顾问（代客户）"}
RELATIONSHIPS = {"parent": "父母", "guardian": "其他监护人", "other": "其他"}
_TEXT = ParagraphStyle("text", fontName=FONT, fontSize=9.5, leading=14, wordWrap="CJK")
_HEAD = ParagraphStyle("head", parent=_TEXT, fontSize=16, leading=22, spaceAfter=6)
_SUB = ParagraphStyle("sub", parent=_TEXT, fontSize=11.5, leading=17, spaceBefore=8, spaceAfter=3)
_HASH = ParagraphStyle("hash", fontName="Courier", fontSize=8, leading=11)


def render_receipt(session: Session, record: ConsentRecord, *, oss: OssGateway, cipher: FieldCipher) -> bytes:
    """The receipt as PDF bytes. :raise StorageUnavailable: the signature image could not be read."""
    store, client = session.get_one(Store, record.store_id), session.get_one(Client, record.client_id)
    template = session.get(ConsentTemplate, record.template_id) if record.template_id else None
    request = session.get(ConsentRequest, record.request_id) if record.request_id else None
    plain = unseal(cipher, record)
    name = cipher.decrypt(client.name_enc, aad_for("clients", "name", client.public_id))
    story: list[Any] = [Paragraph(TITLES[record.kind], _HEAD)]
    story += [_facts(record, store.name, mask_name(name), plain), Spacer(1, 4 * mm)]
    story += _scopes(record, template, request)
    if record.reason:
        story += [Paragraph("说明", _SUB), Paragraph(escape(record.reason), _TEXT)]
    if record.signature_object_key:
        story += [Paragraph("手写签名", _SUB), _signature(oss, record.signature_object_key)]
    story += _hashes(record)
    if template is not None:
        story += _template_text(template)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=TITLES[record.kind], author="美学镜影像工作站",
                            subject=f"record {record.public_id} hash {record.hash}")
    doc.build(story)
    return out.getvalue()


def _times(at: datetime) -> str:
    local = at.astimezone(SHANGHAI)
    return f"{at:%Y-%m-%d %H:%M:%S} UTC / {local:%Y-%m-%d %H:%M:%S} 北京时间"


def _facts(record: ConsentRecord, store_name: str, client_name: str, plain: dict[str, str | None]) -> Table:
    rows = [("记录编号", record.public_id), ("门店", store_name), ("客户", client_name),
            ("操作人", ROLES.get(record.actor_role, record.actor_role)), ("服务器时间", _times(record.occurred_at))]
    if plain["signer_phone"]:
        rows.append(("签署人手机号", phones.mask(plain["signer_phone"])))
    if record.minor:
        rows.append(("未成年人", "是（签署时未满法定年龄）"))
    if plain["guardian_name"]:
        relationship = RELATIONSHIPS.get(record.guardian_relationship or "", record.guardian_relationship)
        rows.append(("监护人", f"{mask_name(plain['guardian_name'])}（{relationship}）"))
    table = Table([[Paragraph(k, _TEXT), Paragraph(escape(v), _TEXT)] for k, v in rows], colWidths=[32 * mm, None])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke)]))
    return table


def _scopes(record: ConsentRecord, template: ConsentTemplate | None, request: ConsentRequest | None) -> list[Any]:
    if record.kind == RecordKind.deletion_request:
        return [Paragraph("客户请求删除其在本门店的个人信息；此前基于同意已进行的处理不受影响。", _TEXT)]
    titles = {s["scope"]: s["title"] for s in (template.scopes if template else [])}
    if record.kind == RecordKind.withdraw:
        lines = [f"撤回：{titles.get(s, s)}（{s}）" for s in record.scopes]
        return [Paragraph("撤回的用途", _SUB), *[Paragraph(escape(line), _TEXT) for line in lines]]
    asked = request.scopes if request else record.scopes
    lines = [f"{'同意' if s in record.scopes else '不同意'}：{titles.get(s, s)}（{s}）" for s in asked]
    return [Paragraph("逐项选择", _SUB), *[Paragraph(escape(line), _TEXT) for line in lines]]


def _signature(oss: OssGateway, key: str) -> Any:
    if oss.head(key) is None:  # e.g. purged after a deletion request: the hash below still binds it
        return Paragraph("签名图片已不在存储中；其 SHA-256 见下方存证哈希。", _TEXT)
    png = oss.get(key)
    with PILImage.open(io.BytesIO(png)) as probe:
        width, height = probe.size
    shown = min(70 * mm, width)
    return Image(io.BytesIO(png), width=shown, height=shown * height / max(width, 1), hAlign="LEFT")


def _hashes(record: ConsentRecord) -> list[Any]:
    lines = [("record seq", str(record.seq)), ("template sha256", record.template_sha256),
             ("signature sha256", record.signature_sha256), ("prev hash", record.prev_hash),
             ("record hash", record.hash)]
    out: list[Any] = [Paragraph("存证哈希（SHA-256，门店同意链）", _SUB)]
    out += [Paragraph(f"{label}: {value}", _HASH) for label, value in lines if value]
    return out


def _template_text(template: ConsentTemplate) -> list[Any]:
    out: list[Any] = [Paragraph(f"知情同意书原文：{escape(template.title)}（{template.code} 第 {template.version} 版）",
                                _SUB)]
    out += [Paragraph(escape(part), _TEXT) for part in template.body.split("\n") if part.strip()]
    for scope in template.scopes:
        out += [Paragraph(escape(f"【{scope['title']}】"), _TEXT), Paragraph(escape(scope["text"]), _TEXT)]
    return out
