"""Streaming parser of WeChat Pay trade and refund bills (PROTOCOLS.md §3.8).

A bill is four blocks: the detail header, detail rows, the summary header, one summary row.
Every value (never a header) is prefixed with a backtick; amounts are yuan with at most two
decimals and are converted to integer fen exactly (no float). The SHA-1 of the uncompressed
bytes is computed while the rows stream past, so ``finish`` can reject a bill whose digest
differs from ``hash_value`` after the rows have been read once: callers keep their effects
in a transaction they roll back when ``finish`` (or a row) raises ``BillRejected``.

Nothing here holds the bill in memory: gzip → SHA-1 → UTF-8 → csv, one row at a time.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections.abc import Iterator
from itertools import repeat
from typing import BinaryIO

# Summary column -> the detail column it adds up (ALL, SUCCESS and REFUND bills).
SUMMED = {
    "应结订单总金额": "应结订单金额",
    "退款总金额": "退款金额",
    "充值券退款总金额": "充值券退款金额",
    "手续费总金额": "手续费",
    "订单总金额": "订单金额",
    "申请退款总金额": "申请退款金额",
}
COUNT = "总交易单数"
# What each bill type must carry for matching.
TRADE_COLUMNS = ("交易时间", "微信订单号", "商户订单号", "交易状态", "订单金额")
REFUND_COLUMNS = ("交易时间", "微信订单号", "商户订单号", "微信退款单号", "商户退款单号", "退款金额", "退款状态",
                  "退款成功时间")


_TICKS = repeat("`")


class BillRejected(Exception):
    """The bill cannot be trusted; ``reason`` is stable (digest_mismatch, malformed_row, ...)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail = reason, detail[:500]


_FEN_CACHE: dict[str, int] = {}


def yuan_to_fen(text: str) -> int:
    """``"68.00"`` → 6800, ``"-0.41"`` → -41, ``"5"`` → 500; anything else raises ValueError."""
    cached = _FEN_CACHE.get(text)
    if cached is not None:
        return cached
    body = text[1:] if text[:1] == "-" else text
    whole, dot, frac = body.partition(".")
    if not (whole.isascii() and whole.isdigit()) or (dot and not (frac.isascii() and frac.isdigit()
                                                                  and len(frac) <= 2)):
        raise ValueError(f"not an amount in yuan: {text!r}")
    fen = int(whole) * 100 + (int(frac.ljust(2, "0")) if frac else 0)
    fen = -fen if body is not text else fen
    if len(_FEN_CACHE) < 4096:  # bills repeat a few prices and fees: parse each once
        _FEN_CACHE[text] = fen
    return fen


class _Sha1Reader(io.RawIOBase):
    """Passes bytes through, hashing them (the bill's digest is over the uncompressed file)."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw, self.sha1 = raw, hashlib.sha1(usedforsecurity=False)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def,override]
        n = self.raw.readinto(buffer)  # type: ignore[attr-defined]
        if n:
            self.sha1.update(memoryview(buffer)[:n])
        return n or 0


class BillReader:
    """One bill, read once: ``rows()`` yields detail rows (values without backticks), then
    ``finish()`` checks the summary against the sums of the details and the digest."""

    def __init__(self, data: bytes, *, expected_sha1: str | None, required: tuple[str, ...]) -> None:
        raw: BinaryIO = io.BytesIO(data)
        if data[:2] == b"\x1f\x8b":  # tar_type=GZIP
            raw = gzip.GzipFile(fileobj=raw)  # type: ignore[assignment]
        self._hashing = _Sha1Reader(raw)
        text = io.TextIOWrapper(io.BufferedReader(self._hashing, 1 << 16), encoding="utf-8", newline="")
        self._csv = csv.reader(text)
        self.expected_sha1 = (expected_sha1 or "").lower() or None
        self.required = required
        self.header: list[str] = []
        self.index: dict[str, int] = {}
        self.count = 0
        self.sums: dict[str, int] = {}
        self.summary: dict[str, int] = {}
        self._summed: list[tuple[str, int]] = []
        self._read_header()

    def _line(self) -> int:
        return self._csv.line_num

    def _malformed(self, why: str) -> BillRejected:
        return BillRejected("malformed_row", f"第 {self._line()} 行：{why}")

    def _read_header(self) -> None:
        try:
            header = next(self._csv)
        except StopIteration:
            raise BillRejected("malformed_bill", "账单为空") from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise self._malformed(str(exc)) from exc
        if header:
            header[0] = header[0].lstrip("\ufeff")
        missing = [c for c in self.required if c not in header]
        if missing:
            raise BillRejected("malformed_bill", f"表头缺少列：{'、'.join(missing)}")
        self.header = header
        self.index = {name: i for i, name in enumerate(header)}
        self._summed = [(detail, self.index[detail]) for detail in SUMMED.values() if detail in self.index]
        self.sums = {detail: 0 for detail, _ in self._summed}

    def rows(self) -> Iterator[list[str]]:
        """Detail rows as lists of values, backticks removed, in header order."""
        width, summed = len(self.header), [i for _, i in self._summed]
        # Amounts are tallied by their text (a bill repeats a few prices and fees): each distinct
        # combination is parsed once, when first seen (so a bad amount names its line), and the
        # sums are taken at the end. Bounded: the tally is folded into the sums when it grows.
        tally: dict[tuple[str, ...], list[int]] = {}
        try:
            for row in self._csv:
                if not row:
                    continue
                if row[0][:1] != "`":  # the summary header closes the detail block
                    self._fold(tally)
                    self._read_summary(row)
                    return
                if len(row) != width:
                    raise self._malformed(f"应有 {width} 列，实有 {len(row)} 列")
                if not all(map(str.startswith, row, _TICKS)):
                    raise self._malformed("值缺少反引号前缀")
                values = [v[1:] for v in row]
                key = tuple([values[i] for i in summed])
                seen = tally.get(key)
                if seen is None:
                    if len(tally) >= 10_000:
                        self._fold(tally)
                    tally[key] = [1, *self._amounts(key)]
                else:
                    seen[0] += 1
                self.count += 1
                yield values
        except (csv.Error, UnicodeDecodeError) as exc:
            raise self._malformed(str(exc)) from exc
        raise BillRejected("malformed_bill", "缺少汇总区块")

    def _amounts(self, key: tuple[str, ...]) -> list[int]:
        out = []
        for (detail, _), value in zip(self._summed, key, strict=True):
            try:
                out.append(yuan_to_fen(value) if value else 0)
            except ValueError as exc:
                raise self._malformed(f"{detail} 不是有效金额：{value!r}") from exc
        return out

    def _fold(self, tally: dict[tuple[str, ...], list[int]]) -> None:
        for count, *amounts in tally.values():
            for (detail, _), fen in zip(self._summed, amounts, strict=True):
                self.sums[detail] += count * fen
        tally.clear()

    def _read_summary(self, summary_header: list[str]) -> None:
        try:
            values = next(self._csv)
        except StopIteration:
            raise BillRejected("malformed_bill", "缺少汇总数据行") from None
        if len(values) != len(summary_header) or any(v[:1] != "`" for v in values):
            raise self._malformed("汇总数据行格式错误")
        try:
            parsed = {name: (int(v[1:]) if name == COUNT else yuan_to_fen(v[1:]))
                      for name, v in zip(summary_header, values, strict=True)}
        except ValueError as exc:
            raise self._malformed(f"汇总金额无效：{exc}") from exc
        if COUNT not in parsed:
            raise BillRejected("malformed_bill", "汇总区块缺少总交易单数")
        for extra in self._csv:
            if any(v.strip() for v in extra):
                raise self._malformed("汇总行之后还有内容")
        self.summary = parsed

    def finish(self) -> None:
        """:raise BillRejected: ``summary_mismatch`` or ``digest_mismatch``."""
        problems = []
        if self.summary.get(COUNT) != self.count:
            problems.append(f"总交易单数 {self.summary.get(COUNT)} ≠ 明细 {self.count} 行")
        for total, detail in SUMMED.items():
            if total in self.summary and detail in self.sums and self.summary[total] != self.sums[detail]:
                problems.append(f"{total} {self.summary[total]} 分 ≠ 明细合计 {self.sums[detail]} 分")
        if problems:
            raise BillRejected("summary_mismatch", "；".join(problems))
        actual = self._hashing.sha1.hexdigest()
        if self.expected_sha1 is not None and actual != self.expected_sha1:
            raise BillRejected("digest_mismatch", f"hash_value {self.expected_sha1} ≠ 实际 SHA-1 {actual}")

    def evidence(self, values: list[str]) -> dict[str, str]:
        return dict(zip(self.header, values, strict=True))
