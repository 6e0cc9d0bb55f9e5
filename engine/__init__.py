"""The answer engine: a question → the reports it names → the figures and passages that answer it → a
cited, verified answer. Reads the knowledge base through `index.search` and `index.store`; never
imports the indexing side (`index.build`, `index.pipeline`).

    reports     which reports a question names
    question    what a question asks
    scoring     how well a figure answers it
    answer      the answer engine and the verbatim check
    evaluate    scoring question sets
    catalog     listings of reports and figures
"""
