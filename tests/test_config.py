"""index/config.py: config.toml read into a Config, paths resolved against the file's folder, options
overriding the file, and every mistake one ConfigError line naming the file, the key and what is
expected. Real files in tmp_path; no index, no model."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from helpers import CONFIG
from index.config import MB, SCHEMA, Config, ReadLimits, TelegramConfig, VectorSettings, load_config
from index.errors import ConfigError


def write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as e:
        load_config(path)
    message = str(e.value)
    assert "\n" not in message and message.startswith(f"{path}: "), message
    return message[len(f"{path}: "):]


def test_the_repository_config_is_the_defaults_spelled_out():
    """config.toml documents every setting with its default: loading it equals loading nothing."""
    cfg = load_config(CONFIG)
    blank = Config(Path(), Path())
    for name in ("model", "batch_size", "max_seq_length", "query_threads", "chunk_size", "chunk_overlap",
                 "max_file_mb", "max_unzipped_mb", "max_zip_ratio", "max_pdf_pages", "max_chars",
                 "upload_timeout_s", "upload_memory_mb", "candidates"):
        assert getattr(cfg, name) == getattr(blank, name), name
    assert cfg.telegram == TelegramConfig() and cfg.vectors == VectorSettings()
    assert cfg.source == CONFIG
    # every key the schema knows appears in the shipped file (commented out or set)
    shipped = CONFIG.read_text(encoding="utf-8")
    for section, rules in SCHEMA.items():
        assert f"[{section}]" in shipped
        for key in rules:
            assert f"{key} =" in shipped, f"[{section}] {key} is not documented in config.toml"


def test_paths_resolve_against_the_files_folder_and_options_override_them(tmp_path, monkeypatch):
    folder = tmp_path / "deploy"
    folder.mkdir()
    path = write(folder, '[paths]\ncorpus = "reports"\nindex = "state/index"\n'
                         '[embedding]\ncache = "state/models"\n')
    monkeypatch.chdir(tmp_path)  # not the config's folder: paths must not depend on the cwd
    cfg = load_config(path)
    assert (cfg.corpus_dir, cfg.index_dir) == (folder / "reports", folder / "state/index")
    assert cfg.model_cache == folder / "state/models" and cfg.export_cache == folder / "state/models"
    cfg = load_config(path, corpus=tmp_path / "other", index="rel/index")
    assert cfg.corpus_dir == tmp_path / "other" and cfg.index_dir == Path("rel/index")


def test_no_file_means_defaults_in_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = load_config()
    assert cfg.corpus_dir == tmp_path / "corpus" and cfg.index_dir == tmp_path / "data/index"
    assert cfg.source is None and cfg.chunk_size == 300
    with pytest.raises(ConfigError, match="config file not found: .*nope.toml"):
        load_config(tmp_path / "nope.toml")  # named on purpose: must exist


def test_values_are_read_into_the_config(tmp_path):
    path = write(tmp_path, """
[embedding]
model = "models/bge"
batch_size = 8
max_seq_length = 128
query_threads = 2
[chunking]
size = 500
overlap = 50
[ingest]
max_file_mb = 1.5
max_unzipped_mb = 3
max_zip_ratio = 40
max_pdf_pages = 9
max_chars = 2000
upload_timeout_s = 0.5
upload_memory_mb = 300
[search]
candidates = 7
[telegram]
allowed_users = [1, 2]
admins = [3]
rate_limit_per_minute = 0
max_upload_mb = 0.25
connect_retries = 2
[vectors]
backend = "qdrant"
url = ":memory:"
collection = "test"
""")
    cfg = load_config(path)
    assert (cfg.model, cfg.batch_size, cfg.max_seq_length, cfg.query_threads) == ("models/bge", 8, 128, 2)
    assert (cfg.chunk_size, cfg.chunk_overlap, cfg.candidates) == (500, 50, 7)
    assert (cfg.upload_timeout_s, cfg.upload_memory_mb) == (0.5, 300)
    assert cfg.read_limits == ReadLimits(max_bytes=int(1.5 * MB), max_unzipped_bytes=3 * MB, max_zip_ratio=40,
                                         max_pdf_pages=9, max_chars=2000)
    tg = cfg.telegram
    assert (tg.allowed_users, tg.admins, tg.allowed_chats) == ([1, 2], [3], [])
    assert (tg.rate_limit_per_minute, tg.max_upload_mb, tg.connect_retries) == (0, 0.25, 2)
    assert tg.base_url == TelegramConfig().base_url  # unset keys keep their defaults
    assert cfg.vectors == VectorSettings("qdrant", ":memory:", "test")


def test_vector_settings_describe_what_forces_a_rebuild():
    assert VectorSettings().describe() == "faiss"
    assert VectorSettings("faiss", "http://ignored", "x").describe() == "faiss"  # FAISS has no url
    assert VectorSettings("qdrant").describe() == "qdrant local reportqa"
    assert VectorSettings("qdrant", "http://q:6333", "c").describe() == "qdrant http://q:6333 c"


def test_export_cache_defaults_beside_the_index():
    cfg = Config(Path("c"), Path("/srv/reportqa/index"))
    assert cfg.export_cache == Path("/srv/reportqa/models")


@pytest.mark.parametrize("text, expected", [
    ("[paths\n", "not valid TOML"),
    ("[embeding]\nmodel = \"x\"\n", "unknown section [embeding]; did you mean embedding?"),
    ("[telegram]\nallowed_user = [1]\n", "unknown key [telegram] allowed_user; did you mean allowed_users?"),
    ("[telegram]\nadmins = [true]\n", "[telegram] admins = [True]: expected a list of numeric Telegram ids"),
    ("[telegram]\nrate_limit_per_minute = \"fast\"\n",
     "[telegram] rate_limit_per_minute = 'fast': expected a whole number from 0 to 10000"),
    ("[telegram]\nmax_upload_mb = -1\n", "[telegram] max_upload_mb = -1: expected a number > 0 and <= 2000"),
    ("[telegram]\nbase_url = \"ftp://x\"\n", "expected a URL in quotes starting with http:// or https://"),
    ("[embedding]\nbatch_size = true\n", "[embedding] batch_size = true: expected a whole number from 1 to 4096"),
    ("[embedding]\nbatch_size = 2.0\n", "[embedding] batch_size = 2.0: expected a whole number"),
    ("[chunking]\nsize = 10\n", "[chunking] size = 10: expected a whole number from 50 to 100000"),
    ("[chunking]\nsize = 100\noverlap = 100\n", "[chunking] overlap = 100: expected less than size (100)"),
    ("[vectors]\nbackend = \"milvus\"\n", "[vectors] backend = 'milvus': expected \"faiss\" or \"qdrant\""),
    ("[vectors]\nurl = \"qdrant:6333\"\n", "[vectors] url = 'qdrant:6333': expected \"\" (local)"),
    ("[paths]\ncorpus = 5\n", "[paths] corpus = 5: expected a string in quotes"),
    ("[paths]\ncorpus = \"  \"\n", "[paths] corpus = '  ': expected a string in quotes"),
    ("paths = 3\n", "[paths] must be a table of keys, not a value"),
    ("[ingest]\nmax_chars = \"" + "9" * 80 + "\"\n",  # a long value is cut in the message
     "[ingest] max_chars = '" + "9" * 56 + "…: expected a whole number >= 1000"),
])
def test_each_mistake_is_one_line_naming_the_key_and_what_is_expected(tmp_path, text, expected):
    assert expected in error_of(tmp_path, text)


def test_a_file_that_is_not_utf8_is_one_line(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes("[paths]\ncorpus = \"报告\"\n".encode("gb18030"))
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)


def test_every_schema_key_has_a_config_field():
    """A key the schema accepts but Config drops would be silently ignored."""
    assert set(SCHEMA["ingest"]) <= set(Config.__dataclass_fields__)
    assert set(SCHEMA["telegram"]) == set(TelegramConfig.__dataclass_fields__)
    assert set(SCHEMA["vectors"]) == set(VectorSettings.__dataclass_fields__)
    assert tomllib.loads(CONFIG.read_text(encoding="utf-8")).keys() == SCHEMA.keys()
