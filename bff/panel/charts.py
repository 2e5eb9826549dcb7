"""Revenue by day as inline SVG markup: no script, no image request, readable without colour."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 720, 220, 64, 28, 12


def _yuan(fen: int) -> str:
    return f"{fen // 100:,}"


def revenue_svg(days: list[tuple[date, int]]) -> Markup:
    peak = max((fen for _, fen in days), default=0) or 100
    inner_w, inner_h = WIDTH - PAD_LEFT - 8, HEIGHT - PAD_BOTTOM - PAD_TOP
    slot = inner_w / max(len(days), 1)
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title" '
             f'xmlns="http://www.w3.org/2000/svg"><title id="chart-title">近 {len(days)} 天每日收入（元）</title>']
    for i in range(5):  # grid lines with yuan labels
        value = peak * i // 4
        y = PAD_TOP + inner_h - inner_h * i / 4
        parts.append(f'<line x1="{PAD_LEFT}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{PAD_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="axis">¥{_yuan(value)}</text>')
    for i, (day, fen) in enumerate(days):
        h = inner_h * fen / peak
        x = PAD_LEFT + i * slot + slot * 0.15
        label = escape(f"{day.isoformat()}：¥{fen // 100}.{fen % 100:02d}")
        parts.append(f'<rect x="{x:.1f}" y="{PAD_TOP + inner_h - h:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
                     f'class="bar" data-day="{day.isoformat()}" data-fen="{fen}"><title>{label}</title></rect>')
        if i % 5 == 0 or i == len(days) - 1:
            parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{HEIGHT - 8}" text-anchor="middle" class="axis">'
                         f'{day.month}/{day.day}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - built from numbers and escaped labels only
