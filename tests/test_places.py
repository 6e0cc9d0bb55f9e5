"""engine/places.py: China's provinces and cities as staff write them, without 省/市, so a place the
index does not hold is still a place ("南京公安局" → no report of 南京, never another city's)."""
from __future__ import annotations

from engine.places import CITIES, PLACE_NAMES, PROVINCES
from engine.reports import Report, ReportCatalog


def test_the_names_are_bare_and_the_longest_come_first():
    assert "湖北" in PROVINCES and "内蒙古" in PROVINCES and "南京" in CITIES and "哈尔滨" in CITIES
    assert not any(name.endswith(("省", "市")) for name in PLACE_NAMES)
    assert [len(n) for n in PLACE_NAMES] == sorted((len(n) for n in PLACE_NAMES), reverse=True)
    assert len(PLACE_NAMES) == len(set(PLACE_NAMES))


def test_a_place_without_its_suffix_that_no_report_is_of_is_unknown_not_another_place():
    catalog = ReportCatalog([Report(1, "苏州市交通运输局2026年度部门预算", "s.pdf", "苏州市", "交通运输局", 2026, "预算")])
    unknown = catalog.match("南京交通局2026年预算多少")
    assert unknown.doc_ids == [] and any("南京" in u for u in unknown.unknown)
    assert catalog.match("苏州交通局2026年预算多少").doc_ids == [1]
    assert catalog.match("湖北教育厅2026年预算多少").doc_ids == []
