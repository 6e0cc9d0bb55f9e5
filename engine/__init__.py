"""The answer engine: a question → the reports it names → the figures and passages that answer it → a
cited, verified answer. Reads the knowledge base through `index.search` and `index.store`; never
imports the indexing side (`index.build`, `index.pipeline`).

    vocabulary  the words of reports in general: synonyms, stages, units, kinds, place/org suffixes
    reports     which reports a question names (places at every level, organisations, years, kinds)
    question    what a question asks (metric, content words, unit, stage, change/share, kind)
    scoring     one Evidence record per figure: does it measure what was asked, and how well
    absence     a report's own statement that it had none of what was asked
    model       the answer, its figures and citations, as text and JSON
    present     how figures are shown and cited
    verify      the verbatim guarantee
    answer      the Engine: one View per question, the answer strategies
    series      trends, rankings and totals across years and reports
    chart       their charts (matplotlib, imported only when drawing)
    evaluate    scoring question sets
    catalog     listings of reports and figures
"""
