"""The built corpus: committed tables reproduce byte for byte, parallel equals serial, writes are atomic."""
import os
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from helpers import paths, schema
from helpers.corpus import read_table
from helpers import pipeline
from helpers.pipeline import build

from conftest import SEED, non_space, run_cli

TABLES = schema.NAMES


def test_rebuild_is_byte_identical_to_the_committed_corpus(tmp_path):
    errors = build(paths.SEEDS, tmp_path, jobs=1)
    assert errors == []
    for name in TABLES:
        assert (tmp_path / f"{name}.csv").read_bytes() == (paths.CORPUS / f"{name}.csv").read_bytes(), name
        assert (tmp_path / f"{name}.parquet").is_file(), name  # beside it; git ignores corpus/*.parquet


def test_parallel_build_writes_the_same_bytes_as_serial(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for i in range(3):
        shutil.copy(SEED, seeds / f"page{i}.txt")
    shutil.copy(paths.FIXTURES / "headline_first.txt", seeds / "page9.txt")
    build(seeds, tmp_path / "serial", jobs=1)
    build(seeds, tmp_path / "parallel", jobs=2)
    for name in TABLES:
        for ext in ("csv", "parquet"):  # the Parquet copies too (pinned writer settings: corpus_store.py)
            serial, parallel = (tmp_path / kind / f"{name}.{ext}" for kind in ("serial", "parallel"))
            assert serial.read_bytes() == parallel.read_bytes(), (name, ext)


def test_tables_are_utf8_with_bom_and_ids_are_unique():
    for name in TABLES:
        raw = (paths.CORPUS / f"{name}.csv").read_bytes()
        assert raw.startswith("\ufeff".encode())
    arts = read_table("articles")
    assert arts["article_id"].is_unique
    assert read_table("sentences")["sentence_id"].is_unique
    assert not read_table("tokens").duplicated(["sentence_id", "position"]).any()
    assert (arts["kind"] == "article").sum() == 6


def test_sentences_tile_the_bodies():
    arts = read_table("articles").set_index("article_id")
    sents = read_table("sentences")
    for row in sents.itertuples():
        assert arts.loc[row.article_id, "body"][row.start:row.end] == row.text
    for art_id, group in sents.groupby("article_id"):
        body = arts.loc[art_id, "body"]
        assert non_space("".join(group["text"])) == non_space(body)


def test_sentence_split_respects_quotes():
    texts = set(read_table("sentences")["text"])
    assert "“重庆将继续建好农村路网、水网、电网、通讯网、物流网，加快补齐农村公共基础设施短板，让农民就地过上现代化生活。”" in texts
    assert "重庆市农业农村委总经济师李勇表示。" in texts
    # a quotation of several sentences is not cut inside
    assert "“很难想象吧，这个地方曾是猪圈。当时就看中了这个地方，能一边看景、一边烧陶瓷，所以我就来了。”" in texts
    assert "银发教师走上新的讲台助力乡村教育；退休医生到困难地区开展医疗义诊；各类行业老专家倾囊相授，为受援地培养出一批批“带不走”的人才队伍……“银龄行动”是以老年人为主体，坚持自觉自愿、量力而行的原则，以开展智力援助和参与基层治理、社会服务等为内容，服务经济社会发展的志愿服务活动。" in texts


def _contents(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def built_corpus(tmp_path):
    """A corpus built from the sample page, and its files' bytes."""
    corpus = tmp_path / "corpus"
    build(paths.SEEDS, corpus, jobs=1)
    return corpus, _contents(corpus)


def test_failed_build_leaves_the_previous_corpus(tmp_path, monkeypatch):
    corpus, before = built_corpus(tmp_path)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(SEED, seeds / name)
    real = pipeline.render_csv
    calls = []

    def fail_on_second(path, doc_id, use_cache=True, extra_words=()):
        calls.append(doc_id)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(path, doc_id, use_cache, extra_words)

    monkeypatch.setattr(pipeline, "render_csv", fail_on_second)
    with pytest.raises(RuntimeError, match="disk full"):
        build(seeds, corpus, jobs=1)
    assert calls == ["a", "b"]  # the first document's rows were already staged when it failed
    assert _contents(corpus) == before
    assert not list(tmp_path.glob(".corpus.staging*"))


def test_killed_build_leaves_the_previous_corpus_loadable(tmp_path):
    corpus, before = built_corpus(tmp_path)
    seeds = tmp_path / "many"
    seeds.mkdir()
    for i in range(200):  # several seconds of work, so the kill lands mid-build
        shutil.copy(SEED, seeds / f"p{i:03d}.txt")
    env = {**os.environ, "HELPERS_CACHE": str(tmp_path / "cache")}
    if (paths.CACHE / "jieba").is_dir():  # jieba's dictionary cache is not what this test is about
        shutil.copytree(paths.CACHE / "jieba", tmp_path / "cache" / "jieba")
    proc = subprocess.Popen([sys.executable, "-m", "helpers", "build", "--seeds", seeds, "--corpus", corpus,
                             "--jobs", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    time.sleep(1.5)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL  # it was still running: the kill interrupted it
    assert _contents(corpus) == before
    assert len(pd.read_csv(corpus / "articles.csv", encoding="utf-8-sig")) == len(read_table("articles"))


def test_build_cli_reports_counts(tmp_path):
    out = run_cli("build", "--seeds", paths.SEEDS, "--corpus", tmp_path)
    assert out.returncode == 0, out.stderr
    assert "1 documents, 6 articles" in out.stderr


def test_cache_recomputes_exactly_what_changed(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "CACHE", tmp_path / "cache")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / "a.txt")
    shutil.copy(paths.FIXTURES / "headline_first.txt", seeds / "b.txt")
    entries = lambda kind: {p.name for p in (tmp_path / "cache" / "build").glob(f"{kind}-*.pkl")}  # noqa: E731
    build(seeds, tmp_path / "c1", jobs=1)
    first_s, first_a = entries("structure"), entries("analysis")
    assert len(first_s) == len(first_a) == 2
    build(seeds, tmp_path / "c2", jobs=1)  # nothing changed: nothing new computed
    assert entries("structure") == first_s and entries("analysis") == first_a
    assert (tmp_path / "c1" / "tokens.csv").read_bytes() == (tmp_path / "c2" / "tokens.csv").read_bytes()
    (seeds / "b.txt").write_text((seeds / "b.txt").read_text(encoding="utf-8") + "\n新增一段文字。\n", encoding="utf-8")
    build(seeds, tmp_path / "c3", jobs=1)  # one page edited: that page only
    assert len(entries("structure") - first_s) == 1 and len(entries("analysis") - first_a) == 1
    lexicon = tmp_path / "terms.txt"
    lexicon.write_text(paths.USER_DICT.read_text(encoding="utf-8") + "梁平柚 2000 nz\n", encoding="utf-8")
    monkeypatch.setattr(paths, "USER_DICT", lexicon)
    before_s, before_a = entries("structure"), entries("analysis")
    build(seeds, tmp_path / "c4", jobs=1)  # lexicon edited: tokens and figures only
    assert entries("structure") == before_s and len(entries("analysis") - before_a) == 2


def test_a_page_without_figures_reads_back_with_numeric_columns(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "editorial.txt").write_text(
        "坚持以人民为中心推进城乡融合\n\n本报评论员\n\n推进城乡融合发展，关键在于坚持以人民为中心的发展思想，\n"
        "让农民共享改革发展成果。\n", encoding="utf-8")
    build(seeds, tmp_path / "corpus", jobs=1)
    figures = read_table("figures", tmp_path / "corpus")
    assert len(figures) == 0
    assert figures["value"].dtype == float and figures["value_high"].dtype == float
    assert figures.nlargest(3, "value").empty  # what notebook 04 does with money figures


QUOTING_PAGE = "本报讯 全市投入1,000万元，建成“5G+工业互联网”项目，英文名 \"Smart, City\" 与 a,b 同列。\n"


@pytest.mark.parametrize("page", [SEED, paths.FIXTURES / "page_policy_document.txt", paths.FIXTURES / "page_traditional.txt",
                                  "quoting"])
def test_build_writes_the_token_table_as_pandas_does(page, tmp_path):
    """The build writes token rows itself (its fast path); the bytes are those of DataFrame.to_csv."""
    from helpers.loading import load_document
    from helpers.segment import token_table

    doc_id = "p"
    if page == "quoting":  # ids and tokens that CSV must quote
        page, doc_id = tmp_path / "quoting.txt", 'page,"one"'
        page.write_text(QUOTING_PAGE, encoding="utf-8")
    structure = pipeline.structure_rows(load_document(page, doc_id))
    n_rows, header, body = pipeline.analysis_csv(structure)["tokens"]
    cols, rows = structure["sentences"]
    expected = token_table(pd.DataFrame(rows, columns=cols)).to_csv(index=False, lineterminator="\n")
    assert header + body.decode("utf-8") == expected
    assert n_rows == expected.count("\n") - 1 > 10


def test_build_with_no_usable_page_keeps_the_corpus_and_says_why(tmp_path):
    corpus, before = built_corpus(tmp_path)
    seeds = tmp_path / "bad"
    seeds.mkdir()
    for name in ("empty.txt", "undecodable.txt"):
        shutil.copy(paths.FIXTURES / name, seeds / name)
    out = run_cli("build", "--seeds", seeds, "--corpus", corpus, "--jobs", "2")
    assert out.returncode == 1
    assert "empty.txt: file is empty" in out.stderr and "no usable page files" in out.stderr
    assert "Traceback" not in out.stderr
    assert _contents(corpus) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "corpus"]  # no staging or part files left


def test_readme_documents_every_column_of_every_table():
    """The schema (helpers/schema.py) and README.md's description of the tables say the same."""
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    for name in schema.NAMES:
        start = readme.index(f"**{name}.csv**")
        section = readme[start: readme.index("\n\n", start)]
        missing = [c for c in schema.columns(name) if f"`{c}`" not in section]
        assert missing == [], (name, missing)


def test_built_tables_have_the_schema_columns_in_order():
    for name in schema.NAMES:
        header = (paths.CORPUS / f"{name}.csv").read_text(encoding="utf-8-sig").splitlines()[0]
        assert header.split(",") == schema.columns(name), name


def test_conservation_names_the_characters_a_corpus_lost_or_gained():
    from helpers import corpus

    tables = corpus.load_tables()
    assert (corpus.conservation(tables)[["missing", "extra"]] == "").all().all()
    articles = tables["articles"].copy()
    body = articles.at[1, "body"]
    articles.at[1, "body"] = body.replace("银龄", "银灵", 1)  # one character lost, another gained
    check = corpus.conservation({**tables, "articles": articles})
    assert check.loc[0, ["missing", "extra"]].tolist() == ["龄", "灵"]
    assert check.loc[0, "page_chars"] == check.loc[0, "corpus_chars"] == 9614


def test_misplaced_rows_are_the_ones_whose_offsets_do_not_hold():
    from helpers import corpus

    tables = corpus.load_tables()
    sentences = tables["sentences"]
    assert corpus.misplaced(tables["articles"], sentences, "text").empty
    shifted = sentences.assign(start=sentences["start"] + (sentences.index == 5))
    assert list(corpus.misplaced(tables["articles"], shifted, "text").index) == [5]
