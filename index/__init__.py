"""reportqa's library: files → documents → chunks and figures → SQLite + FAISS → search → answer.

One stage a module:
    readers     files → Blocks (text paragraphs and tables), one reader per format
    clean       conversion junk out, wrapped lines re-joined
    document    the Document model (cleaned text + table positions)
    metadata    title, region, organisation, year, kind
    sections    heading paths (一、 / （一） / 1.) at any offset
    chunker     Chinese-aware chunks with offsets
    figures     quantities in prose and tables → Figure rows
    embedder    sentence-transformers behind one method
    store       the SQLite database (documents, chunks, figures, full-text)
    vectors     the FAISS index of chunk embeddings
    build       incremental, crash-safe indexing
    search      hybrid retrieval
"""
