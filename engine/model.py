"""The answer model: a figure found, a citation, and the answer with its text and JSON forms."""
from __future__ import annotations

from dataclasses import dataclass, field

from .scoring import Evidence


@dataclass
class FigureHit:
    label: str
    value_text: str
    value: float
    unit: str
    doc: str
    source: str
    quote: str
    section: str
    year: int | None
    qualifier: str | None
    score: float = 0.0
    id: int = 0
    doc_id: int = 0
    chunk_id: int | None = None
    start: int = 0
    written_unit: str = ""  # the unit as the report writes it where value_text has none (tables)
    evidence: Evidence | None = None  # why it was (not) taken as the answer

    @property
    def eligible(self) -> bool:
        return self.evidence is not None and self.evidence.eligible

    def public(self) -> dict:
        return {k: getattr(self, k) for k in ("label", "value_text", "value", "unit", "doc", "source",
                                              "quote", "section", "year", "qualifier")}

    def point(self, name: str) -> dict:
        """One point of a series: what other tools need to draw it."""
        return {"label": name, "found": True, "value": self.value, "unit": self.unit,
                "value_text": self.value_text, "doc": self.doc, "source": self.source, "year": self.year}


@dataclass
class Citation:
    n: int
    doc: str
    source: str
    section: str
    text: str  # the quoted sentence
    passage: str  # the whole chunk it sits in, for /source N
    score: float

    def public(self) -> dict:
        return {"n": self.n, "doc": self.doc, "source": self.source, "section": self.section,
                "text": self.text, "score": round(self.score, 4)}


@dataclass
class Answer:
    question: str
    found: bool
    direct: str
    details: list[str] = field(default_factory=list)
    figures: list[FigureHit] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    closest: list[FigureHit] = field(default_factory=list)
    kind: str = "figure"
    computed: dict | None = None
    series: list[dict] = field(default_factory=list)  # one point per part, trend year or ranked report

    @property
    def text(self) -> str:
        lines = [self.direct, *self.details]
        if self.citations:
            lines.append("来源：")
            for c in self.citations:
                lines.append(f"[{c.n}] {c.doc} · {c.section or '正文'}\n    「{c.text}」")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"question": self.question, "found": self.found, "kind": self.kind,
                "answer": self.text, "direct": self.direct,
                "figures": [f.public() for f in self.figures],
                "citations": [c.public() for c in self.citations],
                "closest": [f.public() for f in self.closest],
                "computed": self.computed, "series": self.series}
