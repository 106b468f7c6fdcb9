"""The assertion helpers: they pass on right answers and explain wrong ones in plain words."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from suyang import graders, i18n  # noqa: E402


@pytest.fixture(params=["zh", "en"])
def lang(request):
    i18n.set_lang(request.param)
    yield request.param
    i18n.set_lang(None)


def message(fn, *args, **kwargs) -> str:
    with pytest.raises(AssertionError) as err:
        fn(*args, **kwargs)
    return str(err.value)


def test_number(lang):
    graders.assert_number(12.5000001, 12.5)
    msg = message(graders.assert_number, 125, 12.5, what={"zh": "平均气温", "en": "The mean"})
    if lang == "zh":
        assert msg.startswith("平均气温应为 12.5，你的结果是 125。") and "10 倍" in msg
    else:
        assert msg.startswith("The mean should be 12.5; yours is 125.") and "10 times" in msg
    assert ("引号" if lang == "zh" else "quotes") in message(graders.assert_number, "40", 40)
    column = pd.Series([1, 2])
    assert (".mean()" in message(graders.assert_number, column, 1.5))


def test_type(lang):
    graders.assert_type(3, "integer")
    graders.assert_type(3.5, "number")
    graders.assert_type(pd.DataFrame({"a": [1]}), "table")
    msg = message(graders.assert_type, 12, "text", what="suspect")
    assert "suspect" in msg and ("文字" in msg if lang == "zh" else "text" in msg)
    assert ("整数" if lang == "zh" else "whole number") in message(graders.assert_type, 2.5,
                                                                  "integer")


ANSWER = 42  # a notebook variable is a global of the kernel's namespace


def test_require(lang):
    assert graders.require("ANSWER") == 42
    assert "`missing`" in message(graders.require, "missing")
    assert "..." in message(graders.require, "x", {"x": ...})


def test_sequence(lang):
    graders.assert_sequence([1, 2, 3], [1, 2, 3])
    graders.assert_sequence([3, 1, 2], [1, 2, 3], ordered=False)
    msg = message(graders.assert_sequence, [1, 5, 3], [1, 2, 3])
    assert ("第 2 项" in msg) if lang == "zh" else ("item 2" in msg)
    assert "3" in message(graders.assert_sequence, [1, 2], [1, 2, 3])


def test_frame_names_row_column_and_values(lang):
    expected = pd.DataFrame({"day": ["一", "二", "三"], "high_c": [10.0, 11.0, 12.5]})
    graders.assert_frame(expected.copy(), expected)
    wrong = expected.copy()
    wrong.loc[2, "high_c"] = 125
    msg = message(graders.assert_frame, wrong, expected, what={"zh": "气温表", "en": "the table"})
    if lang == "zh":
        assert msg == "气温表：第 3 行“high_c”列应为 12.5，你的结果是 125。"
    else:
        assert msg == "the table: row 3, column 'high_c', should be 12.5; yours is 125."
    # a missing value is named in words, and a number typed as text is not the number
    wrong = expected.copy()
    wrong.loc[0, "high_c"] = float("nan")
    msg = message(graders.assert_frame, wrong, expected)
    assert ("空值" in msg) if lang == "zh" else ("missing value" in msg)
    assert "nan" not in msg
    as_text = expected.astype({"high_c": str})
    assert "'10.0'" in message(graders.assert_frame, as_text, expected)
    assert "high_c" in message(graders.assert_frame, expected[["day"]], expected)
    assert "2" in message(graders.assert_frame, expected.head(2), expected)
    assert "list" in message(graders.assert_frame, [1, 2], expected)


def test_numpy_scalars_are_the_numbers_they_stand_for(lang):
    import numpy as np

    graders.assert_equal(np.int64(2023), 2023)
    graders.assert_equal(np.float64(2.5), 2.5)
    assert "2022" in message(graders.assert_equal, np.int64(2022), 2023)
    assert "'2023'" in message(graders.assert_equal, "2023", 2023)


def test_unordered_sequences_match_one_for_one(lang):
    graders.assert_sequence([7.1, 7.1, 3], [3, 7.1, 7.1], ordered=False)
    graders.assert_sequence([7.1, 7.1, 3], [3, 7.1, 7.2], ordered=False, tol=0.15)
    msg = message(graders.assert_sequence, [7.1, 7.1, 3], [3, 7.1, 9], ordered=False)
    assert "9" in msg and "7.1" in msg and "[]" not in msg


def test_series(lang):
    expected = pd.Series([3, 1], index=["a", "b"])
    graders.assert_series(pd.Series([1, 3], index=["b", "a"]), expected)
    assert "c" in message(graders.assert_series, pd.Series([3, 1], index=["a", "c"]), expected)


def test_chart(lang):
    fig, ax = plt.subplots()
    ax.bar(["手机", "平板"], [19, 7])
    graders.assert_chart(ax, kind="bar", title=False, xlabel=False, ylabel=False, data=[19, 7])
    msg = message(graders.assert_chart, ax, kind="bar")
    assert ("标题" in msg) if lang == "zh" else ("title" in msg)
    ax.set_title("设备")
    msg = message(graders.assert_chart, ax, kind="bar")
    assert ("横轴" in msg) if lang == "zh" else ("horizontal axis" in msg)
    ax.set_xlabel("设备")
    ax.set_ylabel("人数")
    graders.assert_chart(fig, kind="bar", data=[7, 19], ordered=False)
    msg = message(graders.assert_chart, ax, kind="line")
    assert ("折线图" in msg and "柱形图" in msg) if lang == "zh" else "line chart" in msg
    assert "19" in message(graders.assert_chart, ax, data=[20, 7])
    _, ax2 = plt.subplots()
    ax2.plot([1, 2, 3], [3, 4, 5])
    assert graders.chart_kind(ax2) == "line" and graders.chart_data(ax2) == [3, 4, 5]
    _, ax3 = plt.subplots()  # a threshold line drawn first is not the data
    ax3.axhline(1000)
    ax3.plot([1, 2, 3], [900, 1100, 1200])
    assert graders.chart_kind(ax3) == "line" and graders.chart_data(ax3) == [900, 1100, 1200]
    _, ax4 = plt.subplots()
    ax4.axhline(1000)
    assert graders.chart_kind(ax4) == "empty"
    assert graders.chart_kind(plt.subplots()[1]) == "empty"
    plt.close("all")
