"""index/vectors.py and index/qdrant_vectors.py: every VectorIndex backend passes the same tests —
exact cosine ranking, search among given ids, removal, save/load/prune, publishing a new generation,
concurrent readers — FAISS on files, Qdrant in qdrant-client's local mode (a folder, no server)."""
from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from helpers import ROOT
from index.config import VectorSettings
from index.errors import ConfigError, NoIndex, ReportQAError
from index.location import publish
from index.vectors import create_vectors, load_vectors

DIM = 16
N = 60


@pytest.fixture(params=["faiss", "qdrant"])
def settings(request) -> VectorSettings:
    return VectorSettings(backend=request.param, url="", collection="test")


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype("float32")


@pytest.fixture
def data() -> tuple[list[int], np.ndarray]:
    rng = np.random.default_rng(7)
    ids = [int(i) for i in rng.choice(10_000, size=N, replace=False) + 1]  # sparse, like chunk ids
    return ids, unit(rng.normal(size=(N, DIM)))


def generation(tmp_path, name="gen-000001.building"):
    folder = tmp_path / "index" / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def exact(ids, vectors, query, k, among=None):
    """The expected answer, by brute force: (ids, scores) best first."""
    keep = [n for n, i in enumerate(ids) if among is None or i in set(among)]
    scores = vectors[keep] @ query
    order = np.argsort(-scores)[:k]
    return [ids[keep[n]] for n in order], [float(scores[n]) for n in order]


@pytest.fixture
def filled(settings, tmp_path, data):
    ids, vectors = data
    index = create_vectors(settings, generation(tmp_path), DIM)
    index.add(ids[:25], vectors[:25])  # in two calls, as a build adds report by report
    index.add(ids[25:], vectors[25:])
    return index


def query(seed: int) -> np.ndarray:
    return unit(np.random.default_rng(seed).normal(size=(1, DIM)))[0]


def test_search_ranks_by_cosine_exactly(filled, data):
    ids, vectors = data
    assert filled.count() == N and filled.dim == DIM
    for seed in range(5):
        found, scores = filled.search(query(seed), 7)
        want_ids, want_scores = exact(ids, vectors, query(seed), 7)
        assert found == want_ids
        assert scores == pytest.approx(want_scores, abs=1e-5)
    found, scores = filled.search(vectors[3], 1)  # a stored vector finds itself, cosine 1
    assert found == [ids[3]] and scores[0] == pytest.approx(1.0, abs=1e-5)


def test_search_among_ids(filled, data):
    ids, vectors = data
    among = ids[10:20]
    found, scores = filled.search(query(1), 4, ids=among)
    assert found == exact(ids, vectors, query(1), 4, among)[0]
    found, _ = filled.search(query(1), 50, ids=among + [999_999])  # an id it does not hold is ignored
    assert sorted(found) == sorted(among)  # k above the pool: the whole pool
    assert filled.search(query(1), 5, ids=[]) == ([], [])
    assert filled.search(query(1), 0) == ([], [])


def test_removed_vectors_are_never_found(filled, data):
    ids, vectors = data
    top = filled.search(query(2), 3)[0]
    filled.remove([top[0], ids[5], 999_999])
    assert filled.count() == N - 2
    found, _ = filled.search(query(2), N)
    assert top[0] not in found and ids[5] not in found and len(found) == N - 2
    assert filled.search(query(2), 5, ids=[top[0]]) == ([], [])
    filled.remove([])  # nothing to do is not an error
    assert filled.count() == N - 2


def test_save_load_and_prune(settings, filled, data, tmp_path):
    ids, vectors = data
    folder = generation(tmp_path)
    name = filled.save()
    loaded = load_vectors(settings, folder, name)
    assert loaded.count() == N and loaded.dim == DIM
    assert loaded.search(query(3), 5) == filled.search(query(3), 5)

    loaded.remove(ids[:10])
    newer = loaded.save()  # the new version, beside the one readers may still use
    assert load_vectors(settings, folder, name).count() in (N, N - 10)  # FAISS keeps it, Qdrant is one collection
    loaded.prune()
    again = load_vectors(settings, folder, newer)
    assert again.count() == N - 10
    assert again.search(query(3), 5)[0] == exact(ids[10:], vectors[10:], query(3), 5)[0]


def test_missing_vectors_are_one_clear_error(settings, tmp_path):
    folder = generation(tmp_path, "gen-000004")
    name = "vectors-3.faiss" if settings.backend == "faiss" else "test-gen-000004"
    with pytest.raises(NoIndex, match="reportqa index --full"):
        load_vectors(settings, folder, name)


def test_a_published_generation_replaces_the_previous_one(settings, tmp_path, data):
    """As a full rebuild does it: fill a new generation, save, flip CURRENT, then publish()."""
    ids, vectors = data
    for n, part in ((1, slice(0, 30)), (2, slice(30, N))):
        building = generation(tmp_path, f"gen-00000{n}.building")
        index = create_vectors(settings, building, DIM)
        index.add(ids[part], vectors[part])
        name = index.save()
        live_folder = publish(tmp_path / "index", building)
        index.publish()
    live = load_vectors(settings, live_folder, name)
    assert live.count() == N - 30
    assert live.search(query(4), 3)[0] == exact(ids[30:], vectors[30:], query(4), 3)[0]


def test_concurrent_searches_agree_with_one_at_a_time(filled):
    pools = {s: filled.search(query(s), 20)[0] if s % 2 else None for s in range(40)}

    def ask(s):
        return filled.search(query(s), 5, ids=pools[s])

    expected = [ask(s) for s in range(40)]
    with ThreadPoolExecutor(8) as threads:
        assert list(threads.map(ask, range(40))) == expected


# -- Qdrant only: the alias flip, the local folder's lock, configuration -------------------------------

def qdrant(tmp_path, url=""):
    return VectorSettings(backend="qdrant", url=url, collection="reports")


def test_qdrant_publish_switches_the_alias_and_drops_older_collections(tmp_path, data):
    """The replaced collection stays one rebuild longer (a reader may be finishing a question on it)."""
    ids, vectors = data
    settings = qdrant(tmp_path)
    names = []
    for n in (1, 2, 3):
        index = create_vectors(settings, generation(tmp_path, f"gen-00000{n}.building"), DIM)
        index.add(ids[: 10 * n], vectors[: 10 * n])
        names.append(index.save())
        index.publish()
    assert names == ["reports-gen-000001", "reports-gen-000002", "reports-gen-000003"]
    client = index.client
    assert {c.name for c in client.get_collections().collections} == {"reports-gen-000002",
                                                                       "reports-gen-000003"}
    aliases = {a.alias_name: a.collection_name for a in client.get_aliases().aliases}
    assert aliases == {"reports": "reports-gen-000003"}
    assert client.count("reports", exact=True).count == 30  # outside tools read the live one by its alias


def test_qdrant_rebuild_after_a_killed_build_starts_empty(tmp_path, data):
    ids, vectors = data
    settings = qdrant(tmp_path)
    killed = create_vectors(settings, generation(tmp_path, "gen-000002.building"), DIM)
    killed.add(ids, vectors)  # never saved nor published: the build died here
    again = create_vectors(settings, generation(tmp_path, "gen-000002.building"), DIM)
    assert again.count() == 0


def test_qdrant_local_folder_in_use_by_another_process_is_one_line(tmp_path, data):
    ids, vectors = data
    settings = qdrant(tmp_path)
    index = create_vectors(settings, generation(tmp_path), DIM)  # this process holds the folder
    index.add(ids, vectors)
    code = ("import sys; from pathlib import Path; from index.config import VectorSettings; "
            "from index.errors import ReportQAError; from index.vectors import load_vectors\n"
            "try:\n"
            f"    load_vectors(VectorSettings('qdrant', '', 'reports'), Path({str(generation(tmp_path))!r}), "
            "'reports-gen-000001')\n"
            "except ReportQAError as e:\n    print(e); sys.exit(3)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 3, out.stderr
    assert "in use by another process" in out.stdout and "url" in out.stdout


def test_qdrant_in_memory_and_bad_settings(tmp_path, data):
    ids, vectors = data
    memory = create_vectors(VectorSettings("qdrant", ":memory:", "mem"), generation(tmp_path), DIM)
    memory.add(ids, vectors)
    assert memory.search(vectors[0], 1)[0] == [ids[0]]
    with pytest.raises(ReportQAError, match="url"):
        create_vectors(VectorSettings("qdrant", "qdrant.local:6333", "x"), generation(tmp_path), DIM)
    with pytest.raises(ConfigError, match="backend"):
        create_vectors(VectorSettings("annoy", "", "x"), generation(tmp_path), DIM)


def test_qdrant_server_unreachable_is_one_line(tmp_path):
    settings = VectorSettings("qdrant", "http://127.0.0.1:9", "x")  # the discard port: nothing listens
    with pytest.raises(ReportQAError, match="Qdrant at http://127.0.0.1:9"):
        create_vectors(settings, generation(tmp_path), DIM)
