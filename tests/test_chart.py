"""Issue 12: charts drawn from real answers (reports written in the test): a line for a trend, bars
for a ranking, a total and a comparison; the PNG decodes, has the chart's size, and its labels are
the expected Chinese strings in a font that has every glyph (no boxes)."""
import io
import warnings

import pytest
from PIL import Image

from engine import chart
from engine.answer import Engine


@pytest.fixture(scope="module")
def engine(series_index):
    return Engine(series_index)


def texts_of(fig) -> list[str]:
    out = [t.get_text() for t in fig.texts]
    if fig._suptitle is not None:
        out.append(fig._suptitle.get_text())
    for ax in fig.axes:
        out += [t.get_text() for t in ax.texts]
        out += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        out += [ax.get_xlabel(), ax.get_ylabel()]
    return [t for t in out if t]


def assert_no_tofu(strings: list[str]) -> None:
    """Every character drawn is in the chart font's own character map, and matplotlib finds that
    font itself, with no fallback (a fallback warning is an error here)."""
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    cmap = TTFont(str(chart.font_path())).getBestCmap()
    missing = {c for s in strings for c in s if not c.isspace() and ord(c) not in cmap}
    assert not missing, f"glyphs missing from the font: {missing}"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        found = font_manager.findfont(font_manager.FontProperties(family=chart._font_family()),
                                      fallback_to_default=False)
    assert found == str(chart.font_path())


@pytest.mark.parametrize("question, kind, expected", [
    ("万里街道2023到2025年三公经费预算怎么变", "line", ["2023年", "2024年", "2025年", "金额（万元）", "22.91（计算值）", "20.5"]),
    ("2026年各公安局的三公经费排个序", "bar", ["宁波市公安局", "温州市公安局", "金额（万元）", "1,230.5", "980"]),
    ("2026年所有公安局的三公经费加起来多少", "bar", ["宁波市公安局", "温州市公安局", "金额（万元）"]),
    ("宁波公安局和温州公安局哪个三公经费多", "bar", ["宁波市公安局", "温州市公安局"]),
])
def test_chart_of_each_kind(engine, question, kind, expected):
    answer = engine.ask(question)
    assert chart.chart_kind(answer) == kind, answer.text
    fig = chart.figure(answer)
    strings = texts_of(fig)
    for s in expected:
        assert s in strings, (s, strings)
    footnote = next(t for t in strings if t.startswith("来源："))
    assert all(p["doc"] in footnote.replace("\n", "") for p in chart.points_of(answer))
    assert_no_tofu(strings)
    image = Image.open(io.BytesIO(chart.png(answer)))
    image.load()  # decodes the whole PNG
    assert image.format == "PNG" and image.size == (int(chart.SIZE[0] * chart.DPI), int(chart.SIZE[1] * chart.DPI))


def test_no_chart_for_a_single_figure(engine, tmp_path):
    answer = engine.ask("温州市公安局2026年共有车辆多少辆")
    assert answer.found and chart.chart_kind(answer) is None
    assert chart.write(answer, tmp_path / "x.png") is False and not (tmp_path / "x.png").exists()
