"""Charts of answers across years and reports (issue 12): a line for a trend, bars for a ranking, a
total or a comparison; values labelled, the unit in the axis title, the source reports in a footnote.

matplotlib (Agg, no display) is imported only when a chart is drawn, so answering never pays for
it. The font is Noto Sans SC from the pylopdf-fonts-zh-cn wheel, found by path: Chinese labels
render without any system font or root access.
"""
from __future__ import annotations

import io
import re
import textwrap
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

FONT_PACKAGE = "pylopdf_fonts_zh_cn"
FONT_FILE = "NotoSansSC-Regular.otf"
SIZE = (8.0, 4.8)  # inches; at DPI, 1200 × 720 pixels
DPI = 150


class ChartError(Exception):
    """No chart can be drawn (the font is not installed): one line for the user, never a traceback."""


def font_path() -> Path:
    spec = find_spec(FONT_PACKAGE)
    path = Path(spec.origin).parent / FONT_FILE if spec and spec.origin else None
    if path is None or not path.is_file():
        raise ChartError(f"the CJK font {FONT_FILE} is not installed (pip install pylopdf-fonts-zh-cn; make install does it)")
    return path


@lru_cache(maxsize=1)
def _font_family() -> str:
    """Register the font with matplotlib once; its family name."""
    from matplotlib import font_manager

    path = str(font_path())
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def points_of(answer) -> list[dict]:
    """The answer's found points: its series, or for a comparison its figures, one per report."""
    points = [p for p in answer.series if p.get("found", True) and p.get("value") is not None]
    if not points and answer.kind == "compare":
        points = [f.point(re.split(r"(?:19|20)\d{2}", f.doc)[0] or f.doc) for f in answer.figures]
    return points


def chart_kind(answer) -> str | None:
    """"line" for a trend of two or more years, "bar" for rankings, totals, comparisons and parts,
    None when there is nothing to draw."""
    points = points_of(answer)
    if not answer.found or not points or len({p["unit"] for p in points}) != 1:
        return None
    if answer.kind == "trend":
        return "line" if len(points) >= 2 else None
    if answer.kind in ("rank", "total", "compare", "parts"):
        return "bar" if len(points) >= (1 if answer.kind in ("rank", "total") else 2) else None
    return None


def scale(points: list[dict]) -> tuple[float, str]:
    """(divisor, axis title): money in 万元 or 亿元 as reports write it, counts in their unit."""
    unit = points[0]["unit"]
    if unit == "元":
        top = max(abs(p["value"]) for p in points)
        return (1e8, "金额（亿元）") if top >= 1e8 * 10 else (1e4, "金额（万元）") if top >= 1e4 else (1.0, "金额（元）")
    if unit == "%":
        return 1.0, "百分比（%）"
    if unit == "分":
        return 1.0, "得分（分）"
    return 1.0, f"数量（{unit}）" if unit else "数值"


def _number(value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text or "0"


def figure(answer):
    """The matplotlib Figure for an answer (before saving: tests read its text objects)."""
    kind = chart_kind(answer)
    if kind is None:
        return None
    from matplotlib import rcParams  # noqa: F401  (matplotlib itself, not pyplot: no display)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    family = _font_family()
    points = points_of(answer)
    divisor, axis_title = scale(points)
    values = [p["value"] / divisor for p in points]
    labels = [p["label"] for p in points]
    fig = Figure(figsize=SIZE, dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.12, 0.24, 0.84, 0.64)) if kind == "line" else fig.add_axes((0.30, 0.24, 0.64, 0.64))
    text_style = {"fontfamily": family}
    if kind == "line":
        xs = list(range(len(points)))
        ax.plot(xs, values, marker="o", color="#1f5fa8")
        for x, value, p in zip(xs, values, points):
            note = "（计算值）" if p.get("computed") else ""
            ax.annotate(_number(value) + note, (x, value), textcoords="offset points", xytext=(0, 8),
                        ha="center", fontsize=9, **text_style)
        ax.set_xticks(xs, labels, **text_style)
        ax.set_ylabel(axis_title, **text_style)
        ax.margins(x=0.15, y=0.25)
    else:
        ys = list(range(len(points)))[::-1]  # the first (largest) at the top
        colors = ["#9bb7d9" if p.get("computed") else "#1f5fa8" for p in points]
        bars = ax.barh(ys, values, color=colors)
        ax.bar_label(bars, labels=[_number(v) for v in values], padding=3, fontsize=9, **text_style)
        ax.set_yticks(ys, labels, **text_style)
        ax.set_xlabel(axis_title, **text_style)
        ax.margins(x=0.18)
    for tick in ax.get_xticklabels() + ax.get_yticklabels():
        tick.set_fontfamily(family)
    ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle(textwrap.shorten(answer.question, 40, placeholder="…"), fontsize=12, fontfamily=family)
    sources = list(dict.fromkeys(p.get("doc") or "" for p in points if p.get("doc")))
    footnote = "来源：" + "；".join(sources)
    if any(p.get("computed") for p in points):
        footnote += "。标“计算值”的数由下一年报告所述的增减额推算。"
    fig.text(0.01, 0.01, "\n".join(textwrap.wrap(footnote, 70)[:4]), fontsize=7, va="bottom", fontfamily=family)
    return fig


def png(answer) -> bytes | None:
    """The chart as PNG bytes, or None when the answer has nothing to draw."""
    fig = figure(answer)
    if fig is None:
        return None
    from matplotlib import rc_context

    buffer = io.BytesIO()
    with rc_context({"axes.unicode_minus": False}):
        fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def write(answer, path: str | Path) -> bool:
    """Write the chart to path; False (and nothing written) when there is nothing to draw."""
    data = png(answer)
    if data is None:
        return False
    Path(path).write_bytes(data)
    return True
