"""The knowledge base: files → documents → chunks and figures → SQLite + FAISS → search.

The question-to-answer side is `engine/`; the `reportqa` command (`reportqa/cli.py`) is where both meet.

One stage a module:
    readers     files → Blocks (text paragraphs and tables), one reader per format
    clean       conversion junk, contents pages and running lines out, wrapped lines re-joined
    document    the Document model (cleaned text + table positions)
    metadata    title, region, organisation, year, kind (file name, text, sidecar .toml)
    sections    heading paths (一、 / （一） / 1. / page titles) at any offset
    chunker     Chinese-aware chunks with offsets
    numbers     numbers and units as reports write them, normalised to base units
    figures     quantities in prose and tables → Figure rows
    pipeline    one file → metadata, chunks, figures and vectors
    embedder    sentence-transformers behind one method, found locally
    tokens      jieba tokens for full-text search, bigrams for label matching
    store       the SQLite database (documents, chunks, figures, full-text, label statistics)
    vectors     the FAISS index of chunk embeddings
    location    index generations and the atomic CURRENT flip, the build lock
    build       incremental, crash-safe indexing
    search      the live index and hybrid retrieval
    admin       adding and deleting reports (bot uploads)
"""
