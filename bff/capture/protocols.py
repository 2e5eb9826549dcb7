"""Capture protocols: the standard views of a visit, so sessions are comparable over time.

Data, not code: a session copies its protocol's views when it starts, so editing this
catalogue never changes what an earlier session asked for. View names are unique across
protocols (they are stored on images and filtered on).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class View:
    view: str  # <= 32 chars, stored on the image
    region: str  # body region, <= 32 chars
    angle: str
    label: str  # shown to the consultant

    def as_dict(self) -> dict[str, str]:
        return {"view": self.view, "region": self.region, "angle": self.angle, "label": self.label}


@dataclass(frozen=True)
class Protocol:
    code: str
    title: str
    description: str
    views: tuple[View, ...]

    def view(self, name: str) -> View | None:
        return next((v for v in self.views if v.view == name), None)


def _views(region: str, prefix: str, *angles: tuple[str, str]) -> tuple[View, ...]:
    return tuple(View(f"{prefix}_{angle}", region, angle, label) for angle, label in angles)


PROTOCOLS: dict[str, Protocol] = {p.code: p for p in (
    Protocol("face_standard_5", "面部标准五角度", "正面、左右 45°、左右 90°，同一光源与距离拍摄", _views(
        "face", "face", ("front", "正面"), ("left_45", "左侧 45°"), ("right_45", "右侧 45°"),
        ("left_90", "左侧 90°"), ("right_90", "右侧 90°"))),
    Protocol("body_standard", "体态标准四面", "站立位正面、背面、左右侧面", _views(
        "body", "body", ("front", "正面"), ("back", "背面"), ("left_90", "左侧面"), ("right_90", "右侧面"))),
    Protocol("skin_closeup", "局部皮肤特写", "同一部位的近景与微距", _views(
        "skin", "skin", ("overview", "部位全景"), ("closeup", "近景"), ("macro", "微距"))),
    Protocol("intimate_care", "私密护理", "私密部位护理记录，仅限已签署拍摄同意的客户", _views(
        "intimate", "intimate", ("front", "正面"), ("closeup", "近景"))),
)}
