"""Tests for scripts/make_corpus.py: real runs of the script into tmp_path."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "make_corpus.py"
YEAR_RE = re.compile(r"(20\d\d)年")


def _load_module():
    spec = importlib.util.spec_from_file_location("make_corpus", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = mod
    spec.loader.exec_module(mod)
    return mod


mc = _load_module()


def run(n: int, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), str(n), str(out), *extra],
                          check=True, capture_output=True, text=True)


def digest(d: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(d.iterdir())}


def load_questions(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def parse_value_text(t: str, unit: str):
    """Turn a figure as written ("1,212.12 万元", "71万余元", "300多名", "55.10%") into the eval value."""
    num = float(re.match(r"[\d,]+(?:\.\d+)?", t).group().replace(",", ""))
    if unit == "元" and "万" in t:
        return round(num * 10000)
    return num


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    run(400, out, "--seed", "7", "--questions-per-report", "3")
    return out


def test_help_has_example():
    r = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, check=True)
    assert "example" in r.stdout and "--questions" in r.stdout and "--seed" in r.stdout


def test_same_seed_identical_bytes_different_seed_differs(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    run(150, a, "--seed", "42")
    run(150, b, "--seed", "42")
    run(150, c, "--seed", "43")
    da, db, dc = digest(a), digest(b), digest(c)
    assert da == db
    assert da != dc
    assert sorted(da) != sorted(dc)   # different reports, not just different numbers


def test_files_and_titles(corpus):
    reports = sorted(corpus.glob("*.txt"))
    assert len(reports) == 400
    assert (corpus / "questions.jsonl").exists()
    for p in reports:
        text = p.read_text(encoding="utf-8")
        first = text.split("\n", 1)[0]
        assert p.name == first + ".txt"
        assert re.fullmatch(r".+?(20(19|2[0-5]))年(度部门决算|部门预算|单位预算|度部门整体支出绩效评价报告)", first), first
        assert len(text) > 800


def test_questions_file_option_and_cap(tmp_path):
    out, qf = tmp_path / "c", tmp_path / "qa" / "set.jsonl"
    run(300, out, "--questions", str(qf), "--max-questions", "50")
    assert not (out / "questions.jsonl").exists()
    qs = load_questions(qf)
    assert len(qs) == 50
    assert sum(1 for q in qs if q.get("found") is False) == 5


def test_look_alikes(corpus):
    by_dept = defaultdict(set)
    kinds = defaultdict(set)
    for rep in mc.build(400, 7, 3)[0]:
        by_dept[(rep.region, rep.org)].add(rep.year)
        kinds[(rep.region, rep.org)].add(rep.kind)
    assert sum(1 for ys in by_dept.values() if len(ys) >= 2) >= 20
    assert sum(1 for ks in kinds.values() if len(ks) == 3) >= 10
    # the same metric name recurs across departments with different values
    basics = set()
    for p in corpus.glob("*部门整体支出绩效评价报告.txt"):
        m = re.search(r"\d{4}年基本支出([\d.]+)", p.read_text(encoding="utf-8"))
        assert m, p.name
        basics.add(m.group(1))
    assert len(basics) > 20
    # many regions and organisations
    assert len({r for r, _ in by_dept}) >= 30 and len({o for _, o in by_dept}) >= 25
    assert len(mc.REGIONS) >= 60 and len(mc.ORGS) >= 30


def test_build_matches_written_files(corpus):
    reports, questions = mc.build(400, 7, 3)
    assert {r.title + ".txt" for r in reports} == {p.name for p in corpus.glob("*.txt")}
    for r in reports[:50]:
        assert (corpus / (r.title + ".txt")).read_text(encoding="utf-8") == r.text
    public = [{k: v for k, v in q.items() if not k.startswith("_")} for q in questions]
    assert public == load_questions(corpus / "questions.jsonl")


def test_figure_questions_are_in_their_report(corpus):
    qs = load_questions(corpus / "questions.jsonl")
    figs = [q for q in qs if "value" in q]
    assert len(figs) > 500
    titles = {p.stem for p in corpus.glob("*.txt")}
    units = {"元", "人", "人次", "个", "家", "名", "分", "%"}
    for q in figs:
        assert q["doc"] in titles
        assert str(q["year"]) in q["doc"] and str(q["year"]) in q["q"]
        assert q["unit"] in units
        text = (corpus / (q["doc"] + ".txt")).read_text(encoding="utf-8")
        assert q["value_text"] in text, q
        assert parse_value_text(q["value_text"], q["unit"]) == pytest.approx(q["value"]), q
        if q["unit"] == "元":
            assert isinstance(q["value"], int)
    # money written in 万元 is normalised to 元
    assert any(q["unit"] == "元" and q["value_text"].endswith("万元") for q in figs)


def test_passage_questions_are_in_their_report(corpus):
    qs = load_questions(corpus / "questions.jsonl")
    ps = [q for q in qs if "text" in q]
    assert ps
    for q in ps:
        assert q["text"] in (corpus / (q["doc"] + ".txt")).read_text(encoding="utf-8")


def test_found_false_really_absent(corpus):
    qs = load_questions(corpus / "questions.jsonl")
    nf = [q for q in qs if q.get("found") is False]
    assert set(nf[0]) == {"q", "found"}
    assert 0.08 <= len(nf) / len(qs) <= 0.12
    reports, questions = mc.build(400, 7, 3)
    present = {(r.region, r.org, r.year) for r in reports}
    titles = [p.stem for p in corpus.glob("*.txt")]
    priv = [q for q in questions if q.get("found") is False]
    assert [q["q"] for q in priv] == [q["q"] for q in nf]
    for q in priv:
        assert (q["_region"], q["_org"], q["_year"]) not in present
        assert str(q["_year"]) in q["q"]
        # no report title names that department in that year
        assert not any(q["_region"] + q["_org"] in t and f"{q['_year']}年" in t for t in titles), q


def test_value_formatting():
    st = mc.Style(space=True, commas=True)
    assert mc.wan_str(121212, st) == "1,212.12 万元"
    assert mc.wan_str(16451, mc.Style()) == "164.51万元"
    assert mc.pct_parts(5377, 9759, True) == ("55.10", 55.1)
    assert mc.pct_parts(14556, 16451, False) == ("88", 88)


def test_consistency_within_report():
    reports, _ = mc.build(60, 3, 2)
    for r in reports:
        t = r.text
        if r.kind == "final":
            m = re.search(r"本年支出合计 ([\d,.]+) ?万元，其中：基本支出 ([\d,.]+) ?万元.*?项目支出 ([\d,.]+) ?万元", t)
            tot, b, p = (float(x.replace(",", "")) for x in m.groups())
            assert tot == pytest.approx(b + p, abs=0.011)
        if r.kind == "perf":
            m = re.search(r"年基本支出([\d.]+) ?万元.*?人员经费([\d.]+) ?万元.*?日常公用经费([\d.]+) ?万元", t)
            b, pe, pu = (float(x) for x in m.groups())
            assert b == pytest.approx(pe + pu, abs=0.011)


def test_rejects_too_many(tmp_path):
    r = subprocess.run([sys.executable, str(SCRIPT), "10000000", str(tmp_path / "x")], capture_output=True, text=True)
    assert r.returncode != 0 and "exceeds" in r.stderr
