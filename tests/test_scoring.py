"""engine/scoring.py: whether a figure measures what was asked (coverage of the metric's words,
stages, units, changes, shares, stock against flow) and how well (rarity-weighted label match) — the
pieces on their own, then every figure of the corpus index weighed for real questions."""
from __future__ import annotations

import pytest

from engine.question import analyse
from engine.reports import ReportCatalog
from engine.scoring import FOUND_SCORE, Evidence, GramWeights, bigrams, coverage, covers, unit_fit, weigh_figure
from index.search import LiveIndex


# -- coverage: every content word of the metric, in so many words ------------------------------------

def test_a_word_is_covered_by_itself_or_a_synonym():
    assert covers("帮扶", "生活救助支出128000元") and covers("车辆", "公务用车3辆")
    assert not covers("收入", "工会经费支出")


def test_a_compound_is_covered_by_its_own_words_and_three_public_expenses_by_their_lines():
    assert covers("下属单位", "下属 预算单位数量") and not covers("科研经费", "工会经费")
    lines = "因公出国（境）费0万元，公务用车购置及运行费3.2万元，公务接待费0.5万元"
    assert covers("三公经费", lines) and not covers("三公经费", "公务接待费0.5万元")


def test_coverage_splits_covered_and_missing():
    assert coverage(["工会经费", "收入"], "工会经费支出 全年工会经费支出") == (["工会经费"], ["收入"])
    assert coverage([], "anything") == ([], [])


# -- rarity ---------------------------------------------------------------------------------------

def test_rare_bigrams_weigh_more_and_unknown_ones_nothing():
    weights = GramWeights({"支出": 90, "三公": 3}, total=100)
    assert weights.idf("三公") > weights.idf("支出") > 0 and weights.idf("费预") == 0.0
    assert weights.key_gram({"支出", "三公", "费预"}) == "三公"
    assert weights.key_gram({"费预"}) is None
    metric = frozenset({"三公", "支出"})
    assert weights.recall(metric, {"三公"}) > 0.5 > weights.recall(metric, {"支出"})
    assert weights.recall(metric, metric) == pytest.approx(1.0) and weights.recall(frozenset(), metric) == 0.0
    assert weights.weight(metric) == pytest.approx(weights.idf("三公") + weights.idf("支出"))


def test_the_unit_must_fit_what_was_asked():
    catalog = ReportCatalog([])
    money, people, percent = (analyse(q, catalog) for q in ("困难职工帮扶支出多少", "编制多少人", "人员经费占基本支出的比例"))
    assert unit_fit(money, "元", None) > 0 > unit_fit(money, "人", None)
    assert unit_fit(people, "人", None) > 0 and unit_fit(people, "元", None) <= -3.0
    assert unit_fit(percent, "%", "share") > 0 and unit_fit(percent, "元", None) <= -3.0


def test_evidence_is_eligible_without_blockers_and_above_the_bar():
    assert Evidence(features={"a": FOUND_SCORE}).eligible
    assert not Evidence(features={"a": FOUND_SCORE - 0.01}).eligible
    strong_but_blocked = Evidence(features={"a": 5.0}, covered=["支出"], missing=["收入"], blockers=["label lacks 收入"])
    assert not strong_but_blocked.eligible
    assert "missing 收入" in strong_but_blocked.explain() and "label lacks 收入" in strong_but_blocked.explain()


# -- every figure of the corpus index, weighed ------------------------------------------------------

@pytest.fixture(scope="module")
def corpus(corpus_index):
    live = LiveIndex(corpus_index)
    catalog = ReportCatalog.from_store(live.store)
    rows = live.store.figures_of(sorted(catalog.reports))
    return catalog, GramWeights(*live.store.label_gram_df()), rows


def weighed(corpus, question: str) -> list[tuple[dict, Evidence]]:
    """Every figure of both reports weighed for the question: eligible first, then by score."""
    catalog, weights, rows = corpus
    q = analyse(question, catalog)
    metric = bigrams(q.metric)
    grams = (metric, bigrams(q.alternatives) - metric)
    key = weights.key_gram(q.word_grams)
    out = [(row, weigh_figure(q, row, grams, weights, {}, catalog.reports.get(row["doc_id"]), key)) for row in rows]
    return sorted(out, key=lambda t: (t[1].eligible, t[1].score), reverse=True)


@pytest.mark.parametrize("question, value_text", [
    ("珠晖区困难职工帮扶支出多少", "298000元"),
    ("南岳区总工会编制多少人", "14人"),
    ("南岳区人员经费占基本支出的比例", "88%"),
    ("南岳区日常公用经费较上年下降了多少", "18%"),
])
def test_the_answer_is_the_best_eligible_figure(corpus, question, value_text):
    ranked = weighed(corpus, question)
    best, evidence = ranked[0]
    assert best["value_text"] == value_text and evidence.eligible, evidence.explain()
    assert evidence.score > max(ev.score for row, ev in ranked[1:] if row["value_text"] != value_text)


def test_a_figure_lacking_a_word_of_the_metric_is_never_eligible(corpus):
    ranked = weighed(corpus, "南岳区总工会2022年工会经费收入是多少")  # 工会经费 is there, 收入 is not
    assert not any(ev.eligible for _, ev in ranked)
    assert all(any("收入" in b for b in ev.blockers) for row, ev in ranked if "收入" not in row["label"] + row["sentence"])


def test_a_change_is_not_an_amount_and_an_amount_not_a_change(corpus):
    for row, ev in weighed(corpus, "南岳区基本支出是多少"):
        if "change" in (row["qualifier"] or ""):
            assert "a change, not the amount asked" in ev.blockers
    for row, ev in weighed(corpus, "南岳区基本支出较上年增加了多少"):
        if "change" not in (row["qualifier"] or ""):
            assert "asked a change, this is not one" in ev.blockers


@pytest.mark.parametrize("question", ["珠晖区困难职工帮扶支出多少", "南岳区总工会2022年工会经费收入是多少",
                                      "南岳区人员经费占基本支出的比例", "南岳区总工会编制多少人"])
def test_can_be_eligible_skips_only_figures_that_never_answer(corpus, question):
    # answers weigh only the figures can_be_eligible lets through: it must never drop an eligible one
    from engine.scoring import can_be_eligible
    catalog, weights, _ = corpus
    q = analyse(question, catalog)
    for row, ev in weighed(corpus, question):
        report = catalog.reports.get(row["doc_id"])
        assert can_be_eligible(q, row, report, weights) == (not ev.missing), row["label"]
        if ev.eligible:
            assert can_be_eligible(q, row, report, weights)
