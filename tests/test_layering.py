"""The import graph keeps its layers (issue 9): index/ (the knowledge base) never imports the answer
side, the CLI or the bot; engine/ never imports the bot or the CLI; answering a question never loads
the write path (building, chunking) or torch. Two checks: every import statement in the source,
function-level ones included (ast), and what importing engine.answer really loads (sys.modules in a
fresh interpreter)."""
from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest

from helpers import ROOT

# package → packages of this repository it must never import
FORBIDDEN = {"index": {"engine", "bot", "reportqa"}, "engine": {"bot", "reportqa"}}
# what the query path must not load: the write path and the heavy libraries it needs
NOT_ON_THE_QUERY_PATH = ["index.build", "index.pipeline", "index.chunker", "index.readahead",
                         "langchain_text_splitters", "torch", "sentence_transformers"]


def imports_of(path) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in a module of the repository, relative ones resolved."""
    package = path.parent.name
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # from .x import y / from . import x: inside the module's own package
                base = package if node.level == 1 else ""
                found.append((node.lineno, f"{base}.{node.module}" if node.module else base))
            else:
                found.append((node.lineno, node.module))
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_lower_layers_never_import_higher_ones(package):
    modules = sorted((ROOT / package).glob("*.py"))
    assert len(modules) > 5
    wrong = [f"{m.relative_to(ROOT)}:{line} imports {name}" for m in modules for line, name in imports_of(m)
             if name.split(".")[0] in FORBIDDEN[package]]
    assert wrong == []


def test_the_source_check_sees_function_level_and_relative_imports(tmp_path):
    """The check above would catch what it looks for (a lazy import inside a function, a relative one)."""
    module = tmp_path / "index" / "sneaky.py"
    module.parent.mkdir()
    module.write_text("from .store import Store\n\ndef f():\n    from engine.answer import Engine\n    import bot.app\n")
    assert [name for _, name in imports_of(module)] == ["index.store", "engine.answer", "bot.app"]


def modules_loaded_by_importing(package: str, first: str | None = None) -> set[str]:
    """sys.modules of a fresh interpreter after importing `first` (default: the package), then every
    module of the package."""
    code = (f"import json, pkgutil, importlib, sys, {package}, {first or package}\n"
            f"for m in pkgutil.iter_modules({package}.__path__):\n    importlib.import_module('{package}.' + m.name)\n"
            "print(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_importing_the_engine_loads_no_write_path_and_no_torch():
    """engine.answer first (the issue's check), then every other module of engine/."""
    loaded = modules_loaded_by_importing("engine", first="engine.answer")
    assert {"engine.answer", "index.search", "index.store"} <= loaded  # it did load the read side
    assert sorted(m for m in loaded if m in NOT_ON_THE_QUERY_PATH or m.split(".")[0] in NOT_ON_THE_QUERY_PATH) == []
    assert not {m for m in loaded if m.split(".")[0] in {"bot", "reportqa", "telegram"}}


def test_importing_the_index_package_loads_no_answer_side():
    loaded = modules_loaded_by_importing("index")
    assert "index.build" in loaded and "index.qdrant_vectors" in loaded  # every module of index/ was imported
    assert not {m for m in loaded if m.split(".")[0] in {"engine", "bot", "reportqa"}}
