"""The verbatim guarantee: every number an answer shows is in a passage it cites, or marked as a
conversion or a computed value."""
from __future__ import annotations

import re

from .model import Answer
from .present import COMPUTED, CONVERSION


class UnverifiedNumber(Exception):
    """An answer would show a number that its citations do not contain: a bug, never shown."""


_MARKED = re.compile(rf"（[^（）]*(?:{CONVERSION}|{COMPUTED})[^（）]*）|（单位：[^（）]*）")
_NUMBER = re.compile(r"[0-9０-９][0-9０-９,，.．]*")


def verify(answer: Answer) -> None:
    """Every figure's text is in its quote, and every number in the answer's own sentences is in a
    cited passage or a marked conversion. Raises UnverifiedNumber otherwise."""
    for f in answer.figures + answer.closest:
        if f.value_text not in f.quote:
            raise UnverifiedNumber(f"{f.value_text!r} not in its quote {f.quote!r}")
    # where a passage sits is shown with it ("表12…预算表 / 二、…"): its numbers name a place, not a figure
    sources = " ".join([c.text for c in answer.citations] + [c.doc for c in answer.citations]
                       + [c.section or "" for c in answer.citations])
    # The question, echoed in 「」, is the user's text, not a figure we present.
    body = _MARKED.sub("", "\n".join([answer.direct, *answer.details]).replace(f"「{answer.question}」", ""))
    body = re.sub(r"\[\d+\]|(?:19|20)\d{2}年|\d+份|共\d+项|找到\d+项", "", body)
    for number in _NUMBER.findall(body):
        number = number.rstrip(",，.．")
        if number and number not in sources:
            raise UnverifiedNumber(f"{number!r} is in no cited passage")
