"""Reports: built from another seeds folder, offline, Chinese, plots embedded, corpus text escaped."""
import re
import shutil

import pandas as pd
import pytest

from helpers import paths
from helpers.report import inject_parameters, make_report

from conftest import SEED

HOSTILE = """<script>alert("corpus")</script>城市更新行动全面推进
□ 本报记者 王五

今年全市完成老旧小区改造 120个，惠及居民 3.5万户。<img src=x onerror=alert(1)>
改造资金超过 8亿元，其中中央补助资金占 40%。
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    base = tmp_path_factory.mktemp("report")
    seeds = base / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / "sample.txt")
    shutil.copy(paths.PDF_EXAMPLE, seeds / "zz_excerpt.pdf")  # a PDF among the text pages (sorted last)
    (seeds / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    status = make_report(seeds, base / "out")
    return base / "out", status


def test_report_runs_every_notebook_on_another_corpus(report):
    out, status = report
    assert status == 0
    pages = sorted(p.name for p in out.glob("*.html"))
    assert pages == ["01-corpus.html", "02-segmentation.html", "03-topic-keywords.html", "04-figures.html",
                     "05-policy-themes.html", "index.html"]
    assert (out / "corpus" / "articles.csv").is_file()
    assert not (paths.CORPUS / "hostile.csv").exists()
    docs = (out / "corpus" / "documents.csv").read_text(encoding="utf-8-sig")
    assert "zz_excerpt,zz_excerpt.pdf,pdf," in docs.replace(str(out.parent / "seeds") + "/", "")


def test_pages_are_offline_chinese_and_have_plots(report):
    out, _ = report
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert '<html lang="zh">' in text
        visible = re.sub(r"data:[a-z/+]+;base64,[A-Za-z0-9+/=]+", "", text)  # embedded images may spell anything
        assert not re.search(r"https?://|//cdn|require\.js|mathjax", visible, re.I), page.name
        assert "data:font/ttf;base64," in text  # glyphs travel with the page
        assert re.search(r"[\u4e00-\u9fff]", text)
        if page.name != "index.html":
            assert "data:image/png;base64," in text, page.name
            assert "jp-OutputArea-output" in text
            assert "Traceback" not in text and "jp-RenderedText\" data-mime-type=\"application/vnd.jupyter.stderr" not in text


def test_corpus_text_is_escaped_never_interpreted(report):
    out, _ = report
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page.name
        assert "<img src=x onerror" not in text, page.name
    corpus_page = (out / "01-corpus.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert" in corpus_page
    assert "&lt;img src=x onerror=alert(1)&gt;" in corpus_page


def _visible_text(page: str) -> str:
    """What a reader sees: no styles, scripts, embedded data or tags, entities decoded."""
    import html

    body = re.sub(r"<style.*?</style>|<script.*?</script>|data:[^\"')]+", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


# File names of the project (lexicon/policy_terms.txt) are shown on purpose; codes and columns are not.
_FILE_NAME = re.compile(r"[\w/.-]*\.(?:csv|txt|md|py|pdf)\b")


def test_pages_show_no_artefacts(report):
    """No NaN, scientific notation, empty-list reprs, literal \\n, raw codes or snake_case headers,
    no path of this machine, and a cut label always ends in an ellipsis."""
    out, _ = report
    for page in out.rglob("*.html"):
        text = _visible_text(page.read_text(encoding="utf-8"))
        assert not re.search(r"\bNaN\b|\d[eE][+-]\d|\[\]|\\n", text), page.name
        assert not re.search(r"/(?:tmp|root|home|work)/", text), page.name
        words = _FILE_NAME.sub("", text)
        assert not re.search(r"\b(?:more_than|at_least|at_most|growth_rate|percentage_point|page_footer|source_line|"
                             r"editor_credit|running_header|n_chars|continued_from|article_id)\b", words), page.name


def test_code_is_hidden_by_default(report):
    out, _ = report
    assert "plotting.setup()" not in (out / "01-corpus.html").read_text(encoding="utf-8")


def test_parameters_are_injected_after_the_parameters_cell():
    import nbformat

    nb = nbformat.read(paths.NOTEBOOKS / "01-corpus.ipynb", as_version=4)
    inject_parameters(nb, {"CORPUS_DIR": "/elsewhere"})
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    assert nb.cells[tagged[0] + 1].source.endswith("CORPUS_DIR = '/elsewhere'\n")


def test_every_notebook_opens_with_title_purpose_and_parameters():
    import nbformat

    for path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
        assert nb.cells[1].cell_type == "markdown" and len(nb.cells[1].source) > 100
        assert "parameters" in nb.cells[2].metadata.get("tags", [])
        assert any(c.cell_type == "code" and "assert " in c.source for c in nb.cells), path.name
        assert not any("sys.path" in c.source or "pip install" in c.source for c in nb.cells)


def test_a_failing_cell_is_named_with_its_notebook(tmp_path):
    import nbformat

    from helpers.report import NotebookFailed, execute

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# t"), nbformat.v4.new_code_cell("x = 1"),
                                         nbformat.v4.new_code_cell("1 / 0")])
    path = tmp_path / "99-broken.ipynb"
    with pytest.raises(NotebookFailed) as info:
        execute(nb, path)
    assert str(info.value).endswith("99-broken.ipynb, cell 3: ZeroDivisionError: division by zero")


def test_with_code_keeps_the_code_cells():
    import nbformat

    from helpers.report import html_exporter

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("answer_to_everything = 42")])
    hidden, _ = html_exporter(with_code=False).from_notebook_node(nb)
    shown, _ = html_exporter(with_code=True).from_notebook_node(nb)
    assert "answer_to_everything" not in hidden
    assert "answer_to_everything" in shown


def test_index_names_the_filing_dates_of_the_corpus():
    import pandas as pd

    from helpers.report import dispatch_dates

    arts = pd.DataFrame({"credit": ["新华社北京12月19日电（记者 高敬）", "", "本报北京2025年3月5日电"],
                         "body": ["…", "记者12月18日从市民政局获悉，……", "今年12月31日前完成。"]})
    assert dispatch_dates(arts) == ["12月18日", "12月19日", "2025年3月5日"]
    dated = arts.assign(date=["2024-12-20", "", ""])  # a page that states its date gives the dateline its year
    assert dispatch_dates(dated) == ["12月18日", "2024年12月19日", "2025年3月5日"]
    garbled = pd.DataFrame({"credit": ["本报北京99月77日电", "本报北京2月29日电"], "body": ["…", "…"], "date": ["2024-12-20", ""]})
    assert dispatch_dates(garbled) == ["2月29日"]  # no day is made of numbers that name none


def test_every_article_has_a_page_with_its_text_and_marked_figures(report):
    from helpers.corpus import read_table

    out, _ = report
    arts = read_table("articles", out / "corpus")
    arts = arts[arts["kind"] == "article"].reset_index(drop=True)
    figures = read_table("figures", out / "corpus")
    index = (out / "index.html").read_text(encoding="utf-8")
    for k, art in arts.iterrows():
        name = f"articles/a{k + 1:04d}.html"
        assert f'href="{name}"' in index
        page = (out / name).read_text(encoding="utf-8")
        text = re.sub(r"\s", "", _visible_text(page))  # marks around figures become spaces there
        for para in art["body"].split("\n"):
            assert re.sub(r"\s", "", para) in text, (name, para[:20])
        assert page.count('<mark class="fig"') == (figures["article_id"] == art["article_id"]).sum(), name
        assert '<html lang="zh">' in page and '<script src="font.js"></script>' in page


def test_article_pages_share_one_font_that_has_every_glyph_they_use(report):
    import base64
    import io
    import json

    from fontTools.ttLib import TTFont

    out, _ = report
    script = (out / "articles" / "font.js").read_text(encoding="utf-8")
    css = json.loads(re.search(r"style.textContent = (\".*\");", script).group(1))
    font = TTFont(io.BytesIO(base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", css).group(1))))
    glyphs = set(font.getBestCmap())
    for page in (out / "articles").glob("a*.html"):
        used = {ord(ch) for ch in page.read_text(encoding="utf-8") if ord(ch) > 127}
        assert used <= glyphs, (page.name, "".join(chr(c) for c in sorted(used - glyphs))[:20])
    assert not re.search(r"https?://", re.sub(r"data:[a-z/+]+;base64,[A-Za-z0-9+/=]+", "", script))


def test_index_tells_the_story_first(report):
    out, _ = report
    page = (out / "index.html").read_text(encoding="utf-8")
    text = _visible_text(page)
    assert text.index("主要发现") < text.index("各部分") < re.search(r"文章\s+Articles", text).start()
    assert "政策议题（CAP）" in text and "最大的金额" in text and "`" not in text
    assert "zz_excerpt.pdf" in text or "人民日报 2025-10-20" in text  # documents by metadata or file name
    assert "000_aca574e4d70bbf4d" not in text and "document(s)" not in text


def test_findings_name_distinct_indicators_and_write_counts_for_people():
    """The rise and fall sentences give three different indicators, not one indicator three times
    (a year of pages repeats a story), and counts of a thousand and more carry separators."""
    from helpers.corpus import Tables
    from helpers.report import findings

    tables = dict(Tables(paths.CORPUS))
    figures = tables["figures"]
    up = figures[(figures["direction"] == "up") & (figures["subject"] != "")]
    assert up["subject"].nunique() >= 3
    first = up.iloc[[0]]
    tables["figures"] = pd.concat([first] * 1200 + [figures], ignore_index=True)  # one story printed 1,200 times
    rise = next(s for s in findings(tables) if s.startswith("上升的指标"))
    assert rise.startswith(f"上升的指标 {len(up) + 1200:,} 个，如 ")
    examples = re.findall(r"([^、（]+)（", rise.split("如 ", 1)[1])
    assert len(examples) == 3 and len(set(examples)) == 3 and examples[0] == first["subject"].iloc[0]


def test_report_on_pages_without_articles_is_one_clear_error(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "ads.txt").write_text("第 3 页\n\n广告\n", encoding="utf-8")
    import io

    log = io.StringIO()
    assert make_report(seeds, tmp_path / "out", log=log) == 1
    assert log.getvalue().strip().endswith("no article found in these pages (only page furniture); nothing to report")
    assert not (tmp_path / "out" / "index.html").exists()


def test_interactive_tables_are_inlined_in_every_notebook_page(report):
    """The DataTables bundle travels inside each page that has tables, once, before the tables."""
    out, _ = report
    for page in sorted(out.glob("0*.html")):
        text = page.read_text(encoding="utf-8")
        if 'class="policy-table"' not in text:
            continue
        assert text.count("window.policyTables = import(url)") == 1, page.name
        assert text.index("window.policyTables = import(url)") < text.index('class="policy-table"'), page.name
        assert not re.search(r"<script[^>]*\bsrc=", text), page.name


# Runs the page's own JavaScript: every table becomes a DataTable, the long one pages, filters and
# sorts, and each has its download button. Network requests go to a closed port (network off).
_HARNESS = """<script type="module">
setTimeout(async () => {
  const { default: DataTable } = await window.policyTables;
  const tables = [...document.querySelectorAll("table.dataTable")].map(t => new DataTable.Api(t));
  const paged = tables.find(t => t.page.info().pages > 1);
  const result = {tables: tables.length, plain: document.querySelectorAll(".policy-table table").length,
                  buttons: document.querySelectorAll(".policy-table .dt-buttons button").length,
                  remote: performance.getEntriesByType("resource").filter(r => /^https?:/.test(r.name)).length};
  if (paged) {
    result.total = paged.rows().count();
    result.onPage = paged.rows({page: "current"}).count();
    const first = paged.cell(paged.rows({page: "current"}).indexes()[0], 1).data();
    paged.search(String(first)).draw();
    result.filtered = paged.rows({search: "applied"}).count();
    paged.search("").order([2, "desc"]).draw();
    result.sortedDesc = paged.rows({order: "applied"}).data().toArray().map(r => r[2]).slice(0, 5);
  }
  const pre = document.createElement("pre"); pre.id = "harness"; pre.textContent = JSON.stringify(result);
  document.body.appendChild(pre);
}, 3000);
</script>"""


@pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("chromium-browser")),
                    reason="headless Chromium is not installed (apt-get install chromium)")
def test_interactive_tables_sort_filter_and_page_with_the_network_off(report, tmp_path):
    import html
    import json
    import subprocess

    out, _ = report
    page = tmp_path / "04-figures.html"
    page.write_text((out / "04-figures.html").read_text(encoding="utf-8").replace("</body>", _HARNESS + "</body>"),
                    encoding="utf-8")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          "--proxy-server=127.0.0.1:9", f"--user-data-dir={tmp_path / 'profile'}",
                          "--virtual-time-budget=20000", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    result = json.loads(html.unescape(re.search(r'<pre id="harness">(.*?)</pre>', dom, re.S).group(1)))
    assert result["tables"] == result["plain"] >= 3 and result["buttons"] == result["tables"]
    assert result["remote"] == 0
    assert result["onPage"] == 10 < result["total"]
    assert 1 <= result["filtered"] < result["total"]
    values = [float(v.replace(",", "")) for v in result["sortedDesc"]]  # the value column, formatted 1,074
    assert len(values) == 5 and values == sorted(values, reverse=True) and values[0] > values[-1]


@pytest.mark.parametrize("page, n_articles", [("xinhua_web_2023_top10_words_p1.txt", 1),
                                              ("renmin_ribao_2025-10-20_excerpt.txt", 2)])
def test_a_report_on_one_small_page_reads_sensibly(tmp_path, page, n_articles):
    """The smallest real corpora, one article and two: no interval or distinctive terms drawn from
    one article a side, no trend from one date, every notebook runs, no artefact shows."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(paths.FIXTURES / page, seeds)
    out = tmp_path / "out"
    assert make_report(seeds, out) == 0
    themes_page = _visible_text((out / "05-policy-themes.html").read_text(encoding="utf-8"))
    assert "文章太少" in themes_page and "没有两个以上不同的出版日期" in themes_page
    assert f"本语料共 {n_articles} 篇文章，逐篇展示" in _visible_text((out / "03-topic-keywords.html").read_text(encoding="utf-8"))
    for page in out.rglob("*.html"):
        raw = page.read_text(encoding="utf-8")
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in raw, page.name  # no warning shown to a reader
        text = _visible_text(raw)
        assert not re.search(r"\bNaN\b|\d[eE][+-]\d|\[\]|\\n|Traceback", text), page.name
