"""Hostile pages, faults during the swap, reports that never lie about their data.

One test (or a few) per case of the reliability issue: each failed on the code before the fix.
"""
import csv
import errno
import io
import os
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import SEED, run_cli
from helpers import io as hio
from helpers import outdir, paths, pipeline
from helpers.cleaning import join_wrapped
from helpers.corpus import read_table
from helpers.loading import load_document
from helpers.pipeline import TABLES, build, render_csv
from helpers.report import make_report
from helpers.sentences import HARD_MAX_CHARS, split_sentences
from hostile_pages import hostile_page as _hostile_page


def _seeds(tmp_path: Path, pages: dict[str, str]) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    for name, text in pages.items():
        (seeds / name).write_text(text, encoding="utf-8")
    return seeds


def _corpus_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# --- 1. output proportional to input ------------------------------------------------------------

OUTPUT_PER_INPUT_BYTE = 40  # six tables of a page: tokens ~8x, figures up to ~10x on a table of percentages


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=st.sampled_from(["no_sentence_ends", "one_huge_sentence", "short_lines", "figures"]),
       size=st.integers(50, 400), seed=st.integers(0, 1000))
def test_output_stays_proportional_to_hostile_input(tmp_path_factory, shape, size, seed):
    page = tmp_path_factory.mktemp("hostile") / "page.txt"
    page.write_text(_hostile_page(shape, size, seed), encoding="utf-8")
    tables = render_csv(page, "p", use_cache=False)
    out = sum(len(header) + len(body) for _, header, body in tables.values())
    assert out <= OUTPUT_PER_INPUT_BYTE * page.stat().st_size + 4096
    sentences = pd.read_csv(io.StringIO(tables["sentences"][1] + tables["sentences"][2].decode()), keep_default_na=False)
    assert sentences["text"].str.len().max() <= HARD_MAX_CHARS


def test_figure_rows_point_to_their_sentence_instead_of_repeating_it(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text(_hostile_page("figures", 300, 1), encoding="utf-8")
    figures = pd.read_csv(io.StringIO("".join(x if isinstance(x, str) else x.decode() for x in render_csv(page, "p", use_cache=False)["figures"][1:])))
    assert len(figures) == 1200
    assert "sentence" not in figures.columns and figures["context"].str.len().max() <= 2 * 30 + 12
    assert figures["sentence_id"].nunique() < len(figures)


def test_long_text_without_marks_is_cut_into_bounded_sentences():
    text = "，".join("经济发展" * 3 for _ in range(400))
    spans = split_sentences(text)
    assert "".join(text[a:b] for a, b in spans) == text
    assert max(b - a for a, b in spans) <= HARD_MAX_CHARS
    assert all(text[b - 1] == "，" for a, b in spans[:-1])  # cut after a comma, not inside a word


def test_joining_many_latin_lines_is_right():
    lines = [f"abc{i} 数据" for i in range(20000)]
    joined = join_wrapped(lines)
    assert joined.count("数据") == 20000 and joined.startswith("abc0 数据abc1 数据")


# --- 2. formula injection ---------------------------------------------------------------------------

FORMULA_PAGE = """=HYPERLINK("http://example.invalid","点击")
□ 本报记者 王五

@SUM(1+1)今年全市完成老旧小区改造120个，惠及居民3.5万户。
+cmd|' /C calc'!A0改造资金超过8亿元。
"""


def test_formulas_are_neutralised_in_csv_and_exact_when_read(tmp_path):
    seeds = _seeds(tmp_path, {'=HYPERLINK("x").txt': FORMULA_PAGE})
    assert build(seeds, tmp_path / "corpus", jobs=1) == []
    for name in TABLES:
        with open(tmp_path / "corpus" / f"{name}.csv", encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    assert not (cell and cell[0] in "=+@\t\r" or (cell[:1] == "-" and not _is_number(cell))), (name, cell)
    arts = read_table("articles", tmp_path / "corpus")
    assert arts.loc[0, "headline"] == '=HYPERLINK("http://example.invalid","点击")'
    assert arts.loc[0, "doc_id"] == '=HYPERLINK("x")'
    assert arts.loc[0, "body"].startswith("@SUM(1+1)今年")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def test_neutralise_is_reversible():
    from helpers.csvsafe import neutralise, restore

    for value in ["=1+1", "'=1+1", "''=x", "-15.3", "-15.3%", "+86 10", "@a", "\tx", "'plain", "中文", "", "'"]:
        assert restore(neutralise(value)) == value
    assert neutralise("-15.3") == "-15.3" and neutralise("-15.3%") == "'-15.3%"


_CELLS = st.one_of(
    st.text(alphabet="=+-@\t\r'\",\n 1.5中文aE", max_size=6), st.integers(-5, 5), st.floats(allow_nan=False),
    st.booleans(), st.none())


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.lists(_CELLS, min_size=1, max_size=4), max_size=4))
def test_rendered_tables_are_checked_for_formulas_without_missing_one(rows):
    """The build writes a table plainly and calls neutralise() per cell only when
    may_need_neutralising finds a cell that might need it: whenever it finds none, the plain text
    is exactly the neutralised text."""
    from helpers.csvsafe import may_need_neutralising, neutralise_row
    from helpers.pipeline import _csv_rows

    plain = _csv_rows(rows)
    if not may_need_neutralising(plain):
        assert plain == _csv_rows(map(neutralise_row, rows))
    assert may_need_neutralising(_csv_rows([["中文", "-"]])) and may_need_neutralising(_csv_rows([["a\nb", "=x"]]))


def test_cli_csv_output_is_neutralised(tmp_path):
    seeds = _seeds(tmp_path, {"p.txt": FORMULA_PAGE})
    out = run_cli("articles", seeds / "p.txt", "--format", "csv")
    assert out.returncode == 0
    cells = [c for row in csv.reader(io.StringIO(out.stdout)) for c in row]
    assert "'=HYPERLINK(\"http://example.invalid\",\"点击\")" in cells


# --- 3 and 4. reports: never on an old corpus, never over a user's files -----------------------------

def test_report_stops_when_the_build_fails_and_changes_nothing(tmp_path):
    bad = _seeds(tmp_path, {"empty.txt": ""})
    out = tmp_path / "out"
    assert make_report(bad, out) == 1
    assert not out.exists()
    good = _seeds(tmp_path / "g", {"p.txt": "中国经济增长5%。\n"}) if (tmp_path / "g").mkdir() is None else None
    assert make_report(good, out) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert make_report(bad, out) == 1
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_report_refuses_a_folder_with_the_users_files(tmp_path, capfd):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "index.html").write_text("my own page", encoding="utf-8")
    seeds = _seeds(tmp_path, {"p.txt": "中国经济增长5%。\n"})
    assert make_report(seeds, out) == 1
    assert "holds files a report did not write (index.html)" in capfd.readouterr().err
    assert (out / "index.html").read_text(encoding="utf-8") == "my own page"
    assert run_cli("report", "--seeds", seeds, "--out", ".").returncode == 1  # the repository root
    assert (paths.ROOT / "README.md").is_file()


def test_report_out_that_is_a_file_is_one_line(tmp_path):
    target = tmp_path / "file.html"
    target.write_text("x", encoding="utf-8")
    out = run_cli("report", "--seeds", _seeds(tmp_path, {"p.txt": "中国经济增长5%。\n"}), "--out", target)
    assert out.returncode == 1 and out.stderr.strip().endswith("is a file, not a folder for the report")
    assert "Traceback" not in out.stderr


def test_cleaning_removes_only_what_the_report_wrote(tmp_path):
    out = tmp_path / "out"
    (out / "corpus").mkdir(parents=True)
    (out / "corpus" / "articles.csv").write_text("x", encoding="utf-8")
    (out / "index.html").write_text("report", encoding="utf-8")
    (out / "notes.txt").write_text("the user's", encoding="utf-8")
    outdir.record(out, ["corpus", "index.html"])
    result = run_cli_script("clean", out)
    assert result.returncode == 0
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def run_cli_script(*args):
    import subprocess
    import sys

    return subprocess.run([sys.executable, str(paths.ROOT / "helpers" / "outdir.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=60)


def test_makefile_clean_runs_the_marker_cleaner_not_rm_rf_on_out():
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    clean = makefile[makefile.index("\nclean:"):]
    assert "helpers/outdir.py clean $(OUT)" in clean and "$(OUT)" not in clean.split("helpers/outdir.py clean $(OUT)")[1]


# --- 5. the swap: one whole corpus, old or new ----------------------------------------------------------

def _old_corpus(tmp_path) -> tuple[Path, Path, dict]:
    seeds = _seeds(tmp_path, {"a.txt": SEED.read_text(encoding="utf-8")})
    corpus = tmp_path / "corpus"
    assert build(seeds, corpus, jobs=1) == []
    (seeds / "b.txt").write_text("中国经济增长5%。\n", encoding="utf-8")
    return seeds, corpus, _corpus_bytes(corpus)


FAULTS = ["rename", "exchange", "write", "replace"]


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("at", [1, 2, 3, 7])
def test_a_fault_at_any_step_of_the_build_leaves_one_whole_corpus(tmp_path, monkeypatch, fault, at):
    seeds, corpus, old = _old_corpus(tmp_path)
    calls = {"n": 0}

    def failing(real):
        def wrapper(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == at:
                raise OSError(errno.EIO, "injected fault")
            return real(*args, **kwargs)
        return wrapper

    if fault == "rename":
        monkeypatch.setattr(hio.os, "rename", failing(os.rename))
    elif fault == "exchange":
        monkeypatch.setattr(hio, "_exchange", failing(hio._exchange))
    elif fault == "replace":
        monkeypatch.setattr(pipeline, "_copy", failing(pipeline._copy))
    else:
        monkeypatch.setattr(pipeline, "write_streaming", failing(pipeline.write_streaming))
    errors = build(seeds, corpus, jobs=1, use_cache=False)
    now = _corpus_bytes(corpus)
    assert now == old or (errors.built and set(now) == set(old) and now != old)
    monkeypatch.undo()
    assert build(seeds, corpus, jobs=1).built
    assert not list(tmp_path.glob(".corpus.staging.*"))


@pytest.mark.parametrize("at", [1, 2, 3])
def test_where_folders_cannot_be_exchanged_a_fault_still_leaves_one_whole_corpus(tmp_path, monkeypatch, at):
    seeds, corpus, old = _old_corpus(tmp_path)
    calls = {"n": 0}
    real_rename = os.rename

    def rename(a, b):
        calls["n"] += 1
        if calls["n"] == at:
            raise OSError(errno.EIO, "injected fault")
        return real_rename(a, b)

    monkeypatch.setattr(hio, "_exchange", lambda a, b: False)  # two renames, as on other systems
    monkeypatch.setattr(hio.os, "rename", rename)
    errors = build(seeds, corpus, jobs=1, use_cache=False)
    now = _corpus_bytes(corpus)
    assert (not errors.built and now == old) or (errors.built and set(now) == set(old) and now != old)
    monkeypatch.undo()
    assert build(seeds, corpus, jobs=1).built
    assert not list(tmp_path.glob(".corpus.staging.*"))


def test_the_next_build_removes_staging_left_by_a_killed_one(tmp_path):
    seeds, corpus, _ = _old_corpus(tmp_path)
    dead = tmp_path / ".corpus.staging.999999999.abc"  # no such process
    (dead / "articles.csv").parent.mkdir()
    (dead / "articles.csv").write_text("half", encoding="utf-8")
    assert build(seeds, corpus, jobs=1).built
    assert not dead.exists()


def test_swap_replaces_the_folder_in_one_step(tmp_path):
    old, new = tmp_path / "corpus", tmp_path / "stage"
    old.mkdir()
    new.mkdir()
    (old / "t.csv").write_text("old", encoding="utf-8")
    (new / "t.csv").write_text("new", encoding="utf-8")
    hio.swap_in(new, old)
    assert (old / "t.csv").read_text(encoding="utf-8") == "new"
    assert (new / "t.csv").read_text(encoding="utf-8") == "old"  # the old folder, removed by staged_dir


def test_build_refuses_to_replace_a_folder_with_other_files(tmp_path):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "thesis.docx").write_text("years of work", encoding="utf-8")
    out = run_cli("build", "--seeds", paths.SEEDS, "--corpus", target)
    assert out.returncode == 1 and "holds files a build did not write (thesis.docx)" in out.stderr
    assert (target / "thesis.docx").read_text(encoding="utf-8") == "years of work"


# --- 7. pages that crashed notebooks; text that became TeX --------------------------------------------

def test_report_on_a_one_character_page_says_why_it_stops(tmp_path, capfd):
    seeds = _seeds(tmp_path, {"p.txt": "中\n"})
    assert make_report(seeds, tmp_path / "out") == 1
    assert "no article text in these pages" in capfd.readouterr().err


def test_chart_text_is_never_read_as_tex():
    from helpers.fonts import configure_matplotlib

    configure_matplotlib()
    fig, ax = plt.subplots()
    ax.set_title(r"美元$\alpha^{2}$ and $\badcommand{")  # valid and invalid TeX
    fig.canvas.draw()  # raised ValueError on invalid TeX before
    assert ax.title.get_text() == r"美元$\alpha^{2}$ and $\badcommand{"
    assert plt.rcParams["text.parse_math"] is False
    plt.close(fig)


# --- 8. one line, never a traceback -----------------------------------------------------------------------

def test_symlink_loop_is_one_line(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    out = run_cli("articles", tmp_path / "a.txt")
    assert out.returncode == 1 and out.stderr.count("\n") == 1 and "symbolic links" in out.stderr


def test_unreadable_seeds_folder_is_one_line(tmp_path, monkeypatch, capfd):
    seeds = _seeds(tmp_path, {"p.txt": "中国经济增长5%。\n"})

    def denied(self):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", denied)
    errors = build(seeds, tmp_path / "corpus", jobs=1)
    assert not errors.built and "cannot read the folder (Permission denied)" in capfd.readouterr().err


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_full_disk_or_read_only_corpus_is_one_line_and_keeps_the_old(tmp_path, monkeypatch, capfd, err):
    seeds, corpus, old = _old_corpus(tmp_path)

    def full(*args, **kwargs):
        raise OSError(err, os.strerror(err), str(corpus))

    monkeypatch.setattr(hio, "swap_in", full)
    errors = build(seeds, corpus, jobs=1)
    assert not errors.built
    lines = capfd.readouterr().err.strip().splitlines()
    assert lines[-1].endswith(f"cannot write the corpus: {os.strerror(err)}; corpus left as it was")
    assert _corpus_bytes(corpus) == old
    assert not list(tmp_path.glob(".corpus.staging.*"))


def test_a_full_cache_does_not_stop_the_build(tmp_path, monkeypatch):
    seeds = _seeds(tmp_path, {"p.txt": "中国经济增长5%。\n"})

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(pipeline, "write_bytes_atomic", full)
    monkeypatch.setenv("HELPERS_CACHE", str(tmp_path / "cache"))
    assert build(seeds, tmp_path / "corpus", jobs=1).built


# --- 9. encodings ---------------------------------------------------------------------------------------

def test_big5_and_bomless_utf16_are_read_right(tmp_path):
    traditional = "新華社台北10月19日電 經濟發展穩中有進，國內生產總值增長百分之五。\n" * 3
    simplified = "中国经济发展稳中有进，增长5.2%。\n" * 3
    cases = {"big5.txt": (traditional.encode("big5"), "big5", traditional),
             "le.txt": (simplified.encode("utf-16-le"), "utf-16-le", simplified),
             "be.txt": (simplified.encode("utf-16-be"), "utf-16-be", simplified)}
    for name, (data, encoding, text) in cases.items():
        (tmp_path / name).write_bytes(data)
        doc = load_document(tmp_path / name)
        assert (doc.encoding, doc.text) == (encoding, text)
    assert load_document(tmp_path / "big5.txt").script == "traditional"


# --- 10. paths that do not depend on the working directory ----------------------------------------------

def test_corpus_bytes_do_not_depend_on_the_working_directory(tmp_path):
    seeds = _seeds(tmp_path, {"p.txt": "中国经济增长5%。\n"})
    for cwd, name in [(tmp_path, "c1"), (seeds, "c2")]:
        rel = os.path.relpath(seeds, cwd)
        assert run_cli("build", "--seeds", rel, "--corpus", tmp_path / name, cwd=cwd).returncode == 0
    assert _corpus_bytes(tmp_path / "c1") == _corpus_bytes(tmp_path / "c2")
    docs = read_table("documents", tmp_path / "c1")
    assert Path(docs.loc[0, "path"]).is_absolute() and Path(docs.loc[0, "path"]).is_file()


# --- 11. reports: the same bytes, no local paths -----------------------------------------------------------

def test_two_reports_of_the_same_seeds_are_the_same_bytes(tmp_path):
    seeds = _seeds(tmp_path, {"p.txt": "城市更新\n\n本报记者 王五\n\n今年全市完成老旧小区改造120个，惠及居民3.5万户。\n"})
    assert make_report(seeds, tmp_path / "one") == 0
    assert make_report(seeds, tmp_path / "two") == 0
    one = {p.name: p.read_bytes() for p in (tmp_path / "one").glob("*.html")}
    two = {p.name: p.read_bytes() for p in (tmp_path / "two").glob("*.html")}
    assert one == two and len(one) == 6  # the report folders' names appear nowhere
    for page in one.values():
        assert str(tmp_path).encode() not in page and str(paths.ROOT).encode() not in page


# --- 12. arguments and lexicons ------------------------------------------------------------------------------

@pytest.mark.parametrize("args,status", [((), 2), (("keywords", "seeds", "--top", "-3"), 2), (("keywords", "seeds", "--top", "0"), 2)])
def test_bad_arguments_fail(args, status):
    out = run_cli(*args)
    assert out.returncode == status and "Traceback" not in out.stderr


def test_commands_on_an_empty_folder_say_so(tmp_path):
    out = run_cli("figures", tmp_path)
    assert out.returncode == 1 and out.stdout == "" and "no page files" in out.stderr


def test_segment_tsv_has_a_header():
    out = run_cli("segment", SEED, "--format", "tsv")
    assert out.stdout.splitlines()[0] == "article_id\tposition\ttoken"


def test_an_edited_lexicon_is_picked_up_without_a_restart(tmp_path, monkeypatch):
    from helpers.segment import cut

    lexicon = tmp_path / "policy_terms.txt"
    lexicon.write_text("# terms\n", encoding="utf-8")
    monkeypatch.setattr(paths, "USER_DICT", lexicon)
    text = "推进医共体建设"
    assert "医共体" not in cut(text, hmm=False)
    lexicon.write_text("# terms\n医共体 100 n\n", encoding="utf-8")
    os.utime(lexicon, ns=(1, 2_000_000_000_000_000_000))  # a different stamp however fast the edit
    assert "医共体" in cut(text, hmm=False)
