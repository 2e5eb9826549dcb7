"""Tags as the database compares them (utf8mb4_unicode_ci).

The collation folds case, accents, widths and kana (``VIP`` = ``vip`` = ``ＶＩＰ`` = ``Vîp``,
``か`` = ``カ``) and treats every character beyond the BMP as one and the same (``😀`` = ``😁``).
A tag list that names one tag twice under those rules used to hit the unique key (a 500 whose
logged parameters carried the tag text, possibly health data such as 孕期). Tags are now:
NFKC-normalised and trimmed, refused when they hold characters the collation cannot tell apart
(beyond the BMP) or ignores (control and format characters), de-duplicated by ``collation_key``
keeping the first spelling, and written with INSERT IGNORE so the database has the last word on
anything this approximation of its collation misses.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, cast

import marshmallow as ma
from sqlalchemy import insert
from sqlalchemy.orm import Session

TAG_MAX = 20
_KATAKANA = {chr(c): chr(c - 0x60) for c in range(0x30A1, 0x30F7)}  # ァ..ヶ -> ぁ..ゖ
_SMALL_KANA = dict(zip("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ", strict=True))  # a tertiary difference


def collation_key(text: str) -> str:
    """Equal for strings utf8mb4_unicode_ci compares equal (the cases tags can hold)."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    bare = "".join(c for c in folded if not unicodedata.combining(c))
    kana = (_KATAKANA.get(c, c) for c in bare)
    return "".join(_SMALL_KANA.get(c, c) for c in kana).rstrip(" ")  # PAD SPACE: trailing blanks ignored


def tag_problem(tag: str) -> str | None:
    """Why a (normalised) tag cannot be stored, in Chinese; None when it can."""
    if not tag:
        return "标签不能为空白。"
    if len(tag) > TAG_MAX:
        return f"标签长度不能超过 {TAG_MAX}。"
    if any(ord(c) > 0xFFFF for c in tag):
        return "标签不支持表情符号等扩展字符。"
    if any(unicodedata.category(c)[0] == "C" for c in tag):
        return "标签含有不允许的控制字符。"
    return None


def normalise_tag(tag: str) -> str:
    return unicodedata.normalize("NFKC", tag).strip()


def unique_tags(tags: Iterable[str]) -> list[str]:
    """Normalised, first spelling kept, one per collation key, in the given order."""
    seen: set[str] = set()
    out = []
    for tag in map(normalise_tag, tags):
        if (key := collation_key(tag)) not in seen:
            seen.add(key)
            out.append(tag)
    return out


class Tags(ma.fields.List):
    """A list of tags, normalised and de-duplicated as the database compares them."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(ma.fields.String(validate=ma.validate.Length(min=1, max=TAG_MAX)), **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> list[Any]:
        tags = cast(list[str], super()._deserialize(value, attr, data, **kwargs))  # its String field: no None
        for limit in self.validators:  # the documented maxItems counts what was sent, twins included
            if isinstance(limit, ma.validate.Length):
                limit(tags)
        errors = {i: [why] for i, tag in enumerate(tags) if (why := tag_problem(normalise_tag(tag)))}
        if errors:
            raise ma.ValidationError(errors)
        return unique_tags(tags)


def write_tags(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Insert tag rows; a row the unique key already holds is skipped, never an error."""
    if rows:
        session.execute(insert(model).prefix_with("IGNORE", dialect="mysql")
                        .prefix_with("OR IGNORE", dialect="sqlite"), list(rows))
