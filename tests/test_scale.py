"""A year of pages: Parquet beside the CSV tables, the export for spreadsheets, the build on dask.

The dask build runs on a real local cluster (two worker processes) and must write the same bytes
as the local build, table by table, on the development pages (PDF and text) and on generated ones.
"""
import importlib.util
import os
import shutil

import pandas as pd
import pytest

from helpers import corpus_store, dask_build, paths, schema
from helpers.corpus import read_table
from helpers.pipeline import build

from conftest import SEED, run_cli

TABLES = schema.NAMES
DEV = paths.ROOT.parent / "shared" / "pages"  # the development pages (see its README); not in the repository
N_PAGES = 50  # generated pages for the dask comparison: enough for many tasks per worker, under a minute


def _make_pages():
    spec = importlib.util.spec_from_file_location("bench_run", paths.BENCHMARKS / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_pages


def _tables_copy(corpus, folder, suffix):
    folder.mkdir()
    for name in TABLES:
        shutil.copy2(corpus / f"{name}.{suffix}", folder / f"{name}.{suffix}")
    return folder


def csv_only(corpus, tmp_path):
    """A copy of a corpus folder without its Parquet files, so read_table must read the CSV."""
    return _tables_copy(corpus, tmp_path / "csv-only", "csv")


def parquet_only(corpus, tmp_path):
    """A copy of a corpus folder with its Parquet files only: export must write the CSV from them."""
    return _tables_copy(corpus, tmp_path / "parquet-only", "parquet")


def assert_same_corpus(a, b):
    """Table by table: the CSV bytes, the Parquet bytes, and the DataFrames read from Parquet."""
    for name in TABLES:
        assert (a / f"{name}.csv").read_bytes() == (b / f"{name}.csv").read_bytes(), name
        assert (a / f"{name}.parquet").read_bytes() == (b / f"{name}.parquet").read_bytes(), name
        pd.testing.assert_frame_equal(corpus_store.read_parquet(name, a / f"{name}.parquet"),
                                      corpus_store.read_parquet(name, b / f"{name}.parquet"), check_exact=True)


def assert_parquet_reads_as_csv(corpus, tmp_path):
    tmp_path.mkdir(exist_ok=True)
    csv_dir = csv_only(corpus, tmp_path)
    for name in TABLES:
        assert corpus_store.parquet_is_current(corpus / f"{name}.csv", corpus / f"{name}.parquet"), name
        pd.testing.assert_frame_equal(read_table(name, corpus), read_table(name, csv_dir), check_exact=True)


# --- Parquet ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample page built once, CSV and Parquet."""
    corpus = tmp_path_factory.mktemp("sample") / "corpus"
    assert build(paths.SEEDS, corpus, jobs=1) == []
    return corpus


def test_build_writes_parquet_beside_every_csv(sample):
    """(That the CSV files stay byte-identical to the committed corpus is tests/test_corpus.py's.)"""
    assert sorted(p.name for p in sample.iterdir()) == sorted(f"{n}.{e}" for n in TABLES for e in ("csv", "parquet"))


def test_parquet_and_csv_read_the_same_dataframes_for_every_table(sample, tmp_path):
    csv_dir = csv_only(sample, tmp_path)
    import pyarrow.parquet as pq

    for name in TABLES:
        written = pq.read_schema(sample / f"{name}.parquet")
        assert written.remove_metadata().equals(schema.arrow_schema(name)), name
        from_parquet, from_csv = read_table(name, sample), read_table(name, csv_dir)
        pd.testing.assert_frame_equal(from_parquet, from_csv, check_exact=True)
        assert dict(from_csv.dtypes.astype(str)) == {c: schema.PANDAS_DTYPES[k] if k != "json" else "object"
                                                     for c, k in schema.TABLES[name].items()}
        for cols in ([schema.columns(name)[-1]], schema.columns(name)[::-2]):  # only these, in this order
            part = read_table(name, sample, columns=cols)
            assert list(part.columns) == cols
            pd.testing.assert_frame_equal(part, read_table(name, csv_dir, columns=cols), check_exact=True)
            pd.testing.assert_frame_equal(part, from_csv[cols], check_exact=True)


def test_the_committed_sample_corpus_reads_the_same_from_parquet(tmp_path):
    """The committed corpus/ holds CSV only (its Parquet files are ignored by git: see README); its
    tables written as Parquet read back as the same DataFrames, every table, every column."""
    corpus = csv_only(paths.CORPUS, tmp_path)
    with_parquet = tmp_path / "with-parquet"
    shutil.copytree(corpus, with_parquet)
    for name in TABLES:
        corpus_store.write_parquet(name, with_parquet / f"{name}.csv", with_parquet / f"{name}.parquet")
    assert_parquet_reads_as_csv(with_parquet, tmp_path / "check")


def test_two_builds_write_the_same_parquet_bytes(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / "a.txt")
    shutil.copy(paths.FIXTURES / "headline_first.txt", seeds / "b.txt")
    assert build(seeds, tmp_path / "one", jobs=1, use_cache=False) == []
    assert build(seeds, tmp_path / "two", jobs=2) == []
    assert_same_corpus(tmp_path / "one", tmp_path / "two")


def test_an_empty_table_reads_the_same_from_parquet(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "editorial.txt").write_text("坚持以人民为中心推进城乡融合\n\n本报评论员\n\n推进城乡融合发展，关键在于坚持"
                                         "以人民为中心的发展思想，让农民共享改革发展成果。\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    build(seeds, corpus, jobs=1)
    figures = read_table("figures", corpus)
    assert len(figures) == 0 and figures["value"].dtype == float and figures["start"].dtype == "int64"
    assert_parquet_reads_as_csv(corpus, tmp_path)


def test_a_csv_changed_after_the_build_is_read_instead_of_its_stale_parquet(sample, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(sample, corpus)  # copy2 keeps the times: the Parquet files stay current
    sha = read_table("documents", corpus)["sha256"][0]
    edited = ("f" if sha[0] != "f" else "e") + sha[1:]
    csv = corpus / "documents.csv"
    csv.write_bytes(csv.read_bytes().replace(sha.encode(), edited.encode()))  # same size, newer
    assert not corpus_store.parquet_is_current(csv, corpus / "documents.parquet")
    assert read_table("documents", corpus)["sha256"][0] == edited
    for name in TABLES:  # a corpus of Parquet files only is read from them
        (corpus / f"{name}.csv").unlink()
    assert read_table("documents", corpus)["sha256"][0] == sha


def test_unknown_columns_and_tables_are_one_line_errors(sample):
    with pytest.raises(ValueError, match="documents has no column 'nope': its columns are doc_id, path"):
        read_table("documents", sample, columns=["doc_id", "nope"])
    with pytest.raises(ValueError, match="no table 'nope'"):
        read_table("nope", sample)


def test_parquet_reads_only_the_columns_asked_for(sample, monkeypatch):
    import pyarrow.parquet as pq

    asked = []
    real = pq.ParquetFile.read
    monkeypatch.setattr(pq.ParquetFile, "read", lambda self, columns=None, **kw: asked.append(columns) or real(self, columns=columns, **kw))
    tokens = read_table("tokens", sample, columns=["token", "pos"])
    assert asked == [["token"], ["pos"]] and list(tokens.columns) == ["token", "pos"]  # one column at a time


def test_a_folder_with_parquet_files_is_still_a_corpus_a_build_may_replace(sample, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(sample, corpus)
    assert build(paths.SEEDS, corpus, jobs=1).built


def test_a_row_longer_than_a_read_block_still_converts(sample, tmp_path, monkeypatch):
    """Article bodies can be megabytes (one page without sentence ends): blocks grow to hold them."""
    monkeypatch.setattr(corpus_store, "CSV_BLOCK", 512)
    corpus = csv_only(sample, tmp_path)
    longest = max(len(line) for line in (corpus / "articles.csv").read_bytes().split(b"\n"))
    assert longest > 512
    for name in TABLES:
        corpus_store.write_parquet(name, corpus / f"{name}.csv", corpus / f"{name}.parquet")
    assert_parquet_reads_as_csv(corpus, tmp_path / "check")


# --- export ---------------------------------------------------------------------------------------------------


def test_csv_export_writes_the_tables_as_the_build_does(sample, tmp_path):
    out = run_cli("export", "--corpus", sample, "--out", tmp_path / "out")
    assert out.returncode == 0, out.stderr
    for name in TABLES:
        assert (tmp_path / "out" / f"{name}.csv").read_bytes() == (sample / f"{name}.csv").read_bytes(), name
    again = run_cli("export", "--corpus", parquet_only(sample, tmp_path), "--out", tmp_path / "out")  # over the first
    assert again.returncode == 0, again.stderr
    for name in TABLES:
        assert (tmp_path / "out" / f"{name}.csv").read_bytes() == (sample / f"{name}.csv").read_bytes(), name


FORMULA_PAGE = "=HYPERLINK(\"http://x\",\"点击\")\n\n本报记者 王五\n\n今年全市完成老旧小区改造120个，惠及居民3.5万户。\n"


def test_xlsx_export_has_a_sheet_per_table_and_text_is_never_a_formula(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / "a.txt")
    (seeds / "b.txt").write_text(FORMULA_PAGE, encoding="utf-8")
    assert build(seeds, tmp_path / "corpus", jobs=1) == []
    out = run_cli("export", "--format", "xlsx", "--corpus", tmp_path / "corpus", "--out", tmp_path / "xl")
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in (tmp_path / "xl").iterdir()) == ["corpus.xlsx"]
    wb = openpyxl.load_workbook(tmp_path / "xl" / "corpus.xlsx")
    assert wb.sheetnames == list(TABLES)
    for name in TABLES:
        df = read_table(name, tmp_path / "corpus")
        rows = list(wb[name].iter_rows(values_only=True))
        assert list(rows[0]) == schema.columns(name)
        assert len(rows) == len(df) + 1
    cells = [c for row in wb["articles"].iter_rows(min_row=2) for c in row]
    formula = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert formula and all(c.data_type == "s" for c in formula)  # text, not a formula, and no apostrophe
    figures = read_table("figures", tmp_path / "corpus")
    values = [r[schema.columns("figures").index("value")] for r in wb["figures"].iter_rows(min_row=2, values_only=True)]
    assert values == [None if pd.isna(v) else v for v in figures["value"]]


def test_xlsx_export_of_the_same_corpus_is_the_same_bytes(tmp_path):
    import zipfile

    pytest.importorskip("openpyxl")
    from helpers.export import export

    first, second = export(paths.CORPUS, tmp_path / "one", "xlsx")[0], export(paths.CORPUS, tmp_path / "two", "xlsx")[0]
    with zipfile.ZipFile(first) as book:
        assert {item.date_time for item in book.infolist()} == {(1980, 1, 1, 0, 0, 0)}  # no time of saving
        core = book.read("docProps/core.xml").decode()
        assert "dcterms:created" not in core and "dcterms:modified" not in core and "<dc:creator>" in core
        assert "xl/worksheets/sheet1.xml" in book.namelist()
    assert first.read_bytes() == second.read_bytes()


def test_xlsx_cells_keep_excels_limits(tmp_path, capsys):
    pytest.importorskip("openpyxl")
    from helpers import export

    assert export._cell(None, "x" * 40_000, "str", counts := {"cut": 0, "dropped": 0}, None) == "x" * 32_766 + "…"
    assert export._cell(None, "a\x01b", "str", counts, None) == "ab"
    assert counts == {"cut": 1, "dropped": 1}
    assert export._cell(None, float("nan"), "float", counts, None) is None


@pytest.mark.parametrize("case", ["foreign", "file", "corpus", "missing"])
def test_export_refusals_are_one_line_and_change_nothing(case, sample, tmp_path):
    out, corpus = tmp_path / "out", sample
    if case == "foreign":
        out.mkdir()
        (out / "notes.docx").write_text("mine", encoding="utf-8")
    elif case == "file":
        out.write_text("mine", encoding="utf-8")
    elif case == "corpus":
        out = sample
    else:
        corpus = tmp_path / "nothing-built"
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run_cli("export", "--corpus", corpus, "--out", out)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    if case == "foreign":
        assert sorted(p.name for p in out.iterdir()) == ["notes.docx"]


def test_a_failed_export_leaves_the_earlier_one(sample, tmp_path, monkeypatch):
    from helpers import export

    out = tmp_path / "out"
    export.export(sample, out, "csv")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (tmp_path / "src").mkdir()
    source = parquet_only(sample, tmp_path / "src")  # the tables are written, not copied
    calls = []

    def failing(df, name, path):
        calls.append(name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device", str(path))
        path.write_bytes(b"half")

    monkeypatch.setattr(export, "write_csv", failing)
    with pytest.raises(OSError):
        export.export(source, out, "csv")
    assert len(calls) == 3
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "src"]


# --- dask ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


def _local_and_dask(seeds, tmp_path, cluster):
    """The same seeds built locally and on the cluster, both computed afresh (no build cache)."""
    local, remote = tmp_path / "local", tmp_path / "dask"
    assert build(seeds, local, jobs=2, use_cache=False).built
    assert build(seeds, remote, use_cache=False, engine="dask", scheduler=cluster.scheduler_address).built
    return local, remote


def test_dask_build_equals_the_local_build_on_generated_pages(tmp_path, cluster):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    _make_pages()(N_PAGES, seeds)
    local, remote = _local_and_dask(seeds, tmp_path, cluster)
    assert_same_corpus(local, remote)
    assert len(read_table("documents", remote)) == N_PAGES
    assert_parquet_reads_as_csv(remote, tmp_path)


@pytest.mark.skipif(not DEV.is_dir(), reason="the development pages (../shared/pages) are not here")
def test_dask_build_equals_the_local_build_on_the_development_pages(tmp_path, cluster):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for sub in ("pdf", "text"):
        for page in sorted((DEV / sub).iterdir()):
            if page.suffix in (".pdf", ".txt"):
                shutil.copy(page, seeds / f"{sub}_{page.name}")
    assert {p.suffix for p in seeds.iterdir()} == {".pdf", ".txt"}
    bad = seeds / "zz_broken.pdf"  # an unusable file is reported the same way by both engines
    bad.write_bytes(b"%PDF-1.4 not really")
    local, remote = _local_and_dask(seeds, tmp_path, cluster)
    assert_same_corpus(local, remote)
    assert_parquet_reads_as_csv(remote, tmp_path)


def test_dask_build_reports_bad_files_as_the_local_build_does(tmp_path, cluster, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / "a.txt")
    shutil.copy(paths.FIXTURES / "empty.txt", seeds / "empty.txt")
    local = build(seeds, tmp_path / "local", jobs=1)
    remote = build(seeds, tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address)
    assert [str(e) for e in local] == [str(e) for e in remote] and len(remote) == 1 and remote.built


def test_a_worker_with_other_code_or_lexicon_stops_the_build(tmp_path, cluster, monkeypatch, capsys):
    corpus = tmp_path / "corpus"
    build(paths.SEEDS, corpus, jobs=1)
    before = {p.name: p.read_bytes() for p in corpus.iterdir()}
    real = dask_build.fingerprint()
    monkeypatch.setattr(dask_build, "fingerprint", lambda: (real[0], "another lexicon", real[2]))  # this side only
    errors = build(paths.SEEDS, corpus, engine="dask", scheduler=cluster.scheduler_address)
    assert not errors.built
    assert "a dask worker has another lexicon than this machine" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in corpus.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]


def test_an_unreachable_scheduler_is_one_line_and_writes_nothing(tmp_path, monkeypatch, capsys):
    pytest.importorskip("distributed")
    monkeypatch.setattr(dask_build, "CONNECT_TIMEOUT", "1s")
    errors = build(paths.SEEDS, tmp_path / "corpus", engine="dask", scheduler="tcp://127.0.0.1:9")
    assert not errors.built
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: tcp://127.0.0.1:9: cannot reach the dask scheduler "
                   f"(Timed out trying to connect to tcp://127.0.0.1:9 after 1 s)"]
    assert list(tmp_path.iterdir()) == []


def test_without_dask_installed_the_engine_is_one_line(tmp_path):
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "distributed.py").write_text("raise ImportError(\"No module named 'distributed'\", name='distributed')\n")
    env = {**os.environ, "PYTHONPATH": str(hide)}
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "helpers", "build", "--corpus", tmp_path / "corpus", "--engine", "dask"],
                         capture_output=True, text=True, cwd=paths.ROOT, env=env, timeout=120)
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        "error: --engine dask: needs the optional packages dask and distributed (distributed is not installed): "
        "pip install -e '.[dask]', or pip install -r requirements.txt"]
    assert not (tmp_path / "corpus").exists()


def test_the_local_engine_refuses_a_scheduler(tmp_path):
    out = run_cli("build", "--corpus", tmp_path / "c", "--scheduler", "tcp://127.0.0.1:8786")
    assert out.returncode == 1
    assert out.stderr.strip() == "error: --scheduler: a scheduler address needs --engine dask"




def test_a_notebook_session_reads_a_table_only_when_asked(sample, monkeypatch):
    from helpers import corpus

    read = []
    real = corpus_store.read_table
    monkeypatch.setattr(corpus_store, "read_table", lambda name, folder=None, columns=None: read.append(name) or real(name, folder, columns))
    tables = corpus.Tables(sample)
    assert read == [] and list(tables) == TABLES
    articles = tables["articles"]
    assert read == ["articles"] and tables["articles"] is articles  # read once, then kept
    assert len(tables["tokens"]) == 4112 and read == ["articles", "tokens"]  # the sample page's tokens


def test_a_session_on_a_folder_without_tables_says_what_is_missing(tmp_path):
    from helpers import corpus

    with pytest.raises(FileNotFoundError, match="run `python -m helpers build` first"):
        corpus.Tables(tmp_path)


def test_groups_are_joined_in_row_order_and_apart_rows_refused():
    from helpers.frames import joined_by_group

    frame = pd.DataFrame({"article": ["a", "a", "b", "c", "c", "c"], "topic": [1, 1, 1, 2, 2, 3],
                          "term": ["城乡×2", "融合", "就业", "医保", "养老", "外交"]})
    joined = joined_by_group(frame, ["article", "topic"], "term", "、")
    assert joined.to_dict() == {("a", 1): "城乡×2、融合", ("b", 1): "就业", ("c", 2): "医保、养老", ("c", 3): "外交"}
    assert joined_by_group(frame, ["article"], "term", "|").to_dict() == {"a": "城乡×2|融合", "b": "就业", "c": "医保|养老|外交"}
    assert joined_by_group(frame.iloc[:0], ["article"], "term", "、").empty
    with pytest.raises(ValueError, match="not next to each other"):
        joined_by_group(frame.iloc[[0, 2, 1]], ["article"], "term", "、")


def _textrank_loop(words, window, iterations, damping):
    """TextRank written as the plain loop over a dict of Counters (the reference for the numpy one)."""
    from collections import Counter, defaultdict

    graph = defaultdict(Counter)
    for i, a in enumerate(words):
        for b in words[i + 1: i + window]:
            if a != b:
                graph[a][b] += 1
                graph[b][a] += 1
    nodes = sorted(graph)
    rank = dict.fromkeys(nodes, 1.0)
    out_weight = {n: sum(graph[n].values()) for n in nodes}
    for _ in range(iterations):
        rank = {n: (1 - damping) + damping * sum(w / out_weight[m] * rank[m] for m, w in graph[n].items()) for n in nodes}
    peak = max(rank.values(), default=1.0)
    return {n: r / peak for n, r in rank.items()}


def test_textrank_in_numpy_gives_the_same_numbers_as_the_plain_loop():
    from helpers.keywords import TEXTRANK_DAMPING, TEXTRANK_ITERATIONS, TEXTRANK_WINDOW, _textrank_scores
    from helpers.segment import cut

    words = [w for w in cut(SEED.read_text(encoding="utf-8")[:3000]) if len(w) > 1]
    expected = _textrank_loop(words, TEXTRANK_WINDOW, TEXTRANK_ITERATIONS, TEXTRANK_DAMPING)
    assert len(expected) > 200
    assert _textrank_scores(words, TEXTRANK_WINDOW, TEXTRANK_ITERATIONS, TEXTRANK_DAMPING) == expected  # bit for bit
    assert _textrank_scores([], TEXTRANK_WINDOW, TEXTRANK_ITERATIONS, TEXTRANK_DAMPING) == {}
