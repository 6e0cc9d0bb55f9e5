"""The knowledge base: files → documents → chunks and figures → SQLite + FAISS → search.

The question-to-answer side is `engine/`; the `reportqa` command (`reportqa/cli.py`) is where both meet.

One stage a module:
    readers     files → Blocks (text paragraphs and tables), one reader per format
    clean       conversion junk, contents pages and running lines out, wrapped lines re-joined
    document    the Document model (cleaned text + table positions)
    metadata    title, region, organisation, year, kind (file name, text, sidecar .toml)
    titles      a title read into places, organisation, kind, year (the engine reads titles with it too)
    sections    heading paths (一、 / （一） / 1. / page titles) at any offset
    chunker     Chinese-aware chunks with offsets
    numbers     numbers and units as reports write them, normalised to base units
    figures     quantities in prose and tables → Figure rows
    pipeline    one file → metadata, chunks, figures and vectors
    embedder    the Embedder seam: sentence-transformers to index, ONNX (onnxruntime) to answer
    onnx_export the model exported once to ONNX at index time, checked against sentence-transformers
    tokens      jieba tokens for full-text search, bigrams for label matching
    wordfreq    jieba's dictionary for answering, looked up word by word in SQLite (no 1 s load)
    store       the SQLite database (documents, chunks, figures, full-text, label statistics)
    recent      the figures and chunk words of recently asked reports, kept until the index changes
    vectors     the VectorIndex seam and its FAISS implementation
    qdrant_vectors  the same seam on Qdrant (local folder, server or cluster)
    integrity   checks a generation when opened: quick_check, checksums, vector count
    location    index generations and the atomic CURRENT flip, the build lock
    readahead   the next files read in a worker process while the current ones embed
    build       incremental, crash-safe indexing
    search      the live index and hybrid retrieval
    admin       adding and deleting reports (bot uploads)
    sandbox     an untrusted upload read in a child process with memory and time limits
"""
