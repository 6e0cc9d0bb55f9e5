"""index/location.py: generations on disk — CURRENT names the live one, a finished generation is
published by renaming and flipping CURRENT, older and unfinished ones are swept, readers notice a
flip, and one build holds the lock at a time."""
from __future__ import annotations

import threading
import time

import pytest

from index.errors import NoIndex
from index.location import (CURRENT, DB_NAME, build_lock, current_generation, current_stamp, next_generation,
                            publish, require_generation, sweep_unfinished)


def finished(index_dir):
    """A new generation with a database file in it, as a build leaves it before publishing."""
    building = next_generation(index_dir)
    (building / DB_NAME).write_bytes(b"db")
    return building


def test_no_index_yet(tmp_path):
    assert current_generation(tmp_path) is None and current_stamp(tmp_path) is None
    with pytest.raises(NoIndex, match="run `reportqa index` first"):
        require_generation(tmp_path)


def test_generations_are_numbered_after_every_one_on_disk(tmp_path):
    assert next_generation(tmp_path).name == "gen-000001.building"
    (tmp_path / "gen-000007").mkdir()
    (tmp_path / "gen-notanumber").mkdir()
    assert next_generation(tmp_path).name == "gen-000008.building"


def test_publish_flips_current_and_drops_older_generations(tmp_path):
    first = publish(tmp_path, finished(tmp_path))
    assert first.name == "gen-000001" and (tmp_path / CURRENT).read_text() == "gen-000001"
    assert require_generation(tmp_path) == first
    stamp = current_stamp(tmp_path)

    time.sleep(0.01)
    second = publish(tmp_path, finished(tmp_path))
    assert current_generation(tmp_path) == second and not first.exists()
    assert current_stamp(tmp_path) != stamp  # what a reader checks to notice the flip
    assert sorted(p.name for p in tmp_path.iterdir()) == [CURRENT, "gen-000002"]  # no CURRENT.tmp left


def test_current_naming_a_generation_without_its_database_is_no_index(tmp_path):
    live = publish(tmp_path, finished(tmp_path))
    (live / DB_NAME).unlink()
    assert current_generation(tmp_path) is None


def test_unfinished_generations_are_swept_and_the_live_one_kept(tmp_path):
    live = publish(tmp_path, finished(tmp_path))
    killed = finished(tmp_path)  # a build killed before publishing
    sweep_unfinished(tmp_path)
    assert not killed.exists() and live.exists() and current_generation(tmp_path) == live


def test_one_build_at_a_time(tmp_path):
    order = []

    def build(name):
        with build_lock(tmp_path):
            order.append(f"{name} in")
            time.sleep(0.3)
            order.append(f"{name} out")

    first = threading.Thread(target=build, args=("a",))
    first.start()
    time.sleep(0.1)  # a holds the lock
    second = threading.Thread(target=build, args=("b",))
    second.start()
    first.join()
    second.join()
    assert order == ["a in", "a out", "b in", "b out"]
    assert (tmp_path / ".lock").exists()
