"""Real pages: PDF input, page furniture, headline-first layouts and publication metadata.

Fixtures are excerpts of real documents (tests/fixtures/, see its README); the development files
in ../shared/pages are scored against hand annotations in annotations/pages_gold/ (rules beside
them) when they are present, as on CI and on a developer's machine.
"""
import json
import re
import shutil

import pandas as pd
import pytest

from conftest import non_space, run_cli
from helpers import paths
from helpers.articles import split_document
from helpers.corpus import records_of, tables_of
from helpers.loading import InputError, load_document
from helpers.pipeline import build
from pages_gold import gold_rows, norm, score

PDF_EXCERPT = paths.FIXTURES / "pdf" / "renmin_ribao_2025-10-20_excerpt.pdf"
TEXT_EXCERPT = paths.FIXTURES / "renmin_ribao_2025-10-20_excerpt.txt"
DEV = paths.ROOT.parent / "shared" / "pages"
PEOPLES_DAILY = "renmin_ribao_2025-10-20_crawler_p005-153"
BEIJING = "beijing_government_work_report_2024_p02-13"
XINHUA = "xinhua_web_2023_top10_words_p1"
dev_pages = pytest.mark.skipif(not DEV.is_dir(), reason="the development pages (../shared/pages) are not here")

# What page furniture looks like; none of it may stand in an article's headline, credit or body.
FURNITURE_IN_TEXT = re.compile(
    r"第\s*\d+\s*页|《人民日报》（\d{4}年|本版责编|[一二三四]版责编|^广\s*告$|分享到|字体：|新华网\s*>|"
    r"www\.|股票代码|\d{4}/\d{1,2}/\d{1,2}\s+\d{1,2}:\d{2}", re.M)


def _records(path):
    return records_of(load_document(path))


def _articles(path):
    return [r for r in _records(path) if r.kind == "article"]


def _furniture_inside(records) -> list[str]:
    return [f"{r.article_id}: {m.group(0)}" for r in records if r.kind == "article"
            for field in (r.headline, r.subheadline, r.credit, r.body) for m in FURNITURE_IN_TEXT.finditer(field)]


# --- PDF input -----------------------------------------------------------------------------------

def test_pdf_excerpt_gives_its_articles_with_headline_sizes():
    doc = load_document(PDF_EXCERPT)
    assert doc.encoding == "pdf"
    sizes = {doc.sizes[no] for no, style in doc.styles.items() if style == "headline"}
    assert sizes == {28.0}  # the crawler's headline size; body text is 12 pt
    arts = [r for r in records_of(doc) if r.kind == "article"]
    assert [a.headline for a in arts] == ["久久为功，“APEC蓝”成为“北京蓝”（总书记的关切·落地的回响）", "图片报道"]
    assert [a.credit for a in arts] == ["本报记者 程龙 潘俊强", "新华社记者 卢汉欣摄"]
    assert arts[0].body.startswith("编者按：言出必践") and arts[0].body.endswith("也是全球共享的财富。")
    assert arts[0].page == 1 and arts[1].page == 4  # the first story runs over PDF pages 1-3
    assert arts[1].body == ("10月19日，第138届广交会第一期闭幕。本届广交会设立服务机器人专区，引入数十家行业领先企业，"
                            "聚焦服务机器人前沿，涵盖人形机器人、外骨骼机器人、球形巡检机器人、光伏清洁机器人、教育机器人等品类，"
                            "兼具技术前瞻性与成熟商业应用性，吸引全球多家工商机构和头部采购商到会参观洽谈。"
                            "图为10月15日，客商在第138届广交会服务机器人专区与人形机器人合影。")


def test_pdf_and_its_text_give_the_same_articles():
    from_pdf = [(a.headline, a.credit, a.body) for a in _articles(PDF_EXCERPT)]
    from_text = [(a.headline, a.credit, a.body) for a in _articles(TEXT_EXCERPT)]
    assert from_pdf == from_text


def test_pdf_excerpt_furniture_is_set_apart():
    records = _records(PDF_EXCERPT)
    furniture = [(r.role, r.body) for r in records if r.kind == "furniture"]
    assert ("page_footer", "第 17 页") in furniture
    assert ("source_line", "《人民日报》（2025年10月20日 第 01 版）") in furniture
    assert [b for role, b in furniture if role == "editor_credit"] == [
        "一版责编：杨 旭 张帅祯 张宇杰", "二版责编：殷新宇 祁嘉润 郭雪岩", "三版责编：韩晓明 姜 波 李安琪", "四版责编：袁振喜 白之羽 张雪妍"]
    assert _furniture_inside(records) == []


@pytest.mark.parametrize("path", [PDF_EXCERPT, TEXT_EXCERPT])
def test_every_article_carries_paper_date_and_page_where_the_page_states_them(path):
    for a in _articles(path):
        assert (a.paper, a.date) == ("人民日报", "2025-10-20"), a.headline
    assert [a.edition_page for a in _articles(path)] == ["01", "03"]


# What each fixture page states of its paper and date (read by hand); empty where it states none:
# a dateline without a year (3月2日電) dates nothing, and no paper is taken from a byline.
FIXTURE_METADATA = {
    "headline_first": ("四川日报", "2025-03-06"),  # running head
    "page_multipage": ("人民日报", "2025-01-08"),  # running head
    "page_folio_header": ("", "2025-03-06"),  # date line at the top, no paper named
    "page_policy_document": ("", "2024-12-20"),  # signed with its date
    "xinhua_web_2023_top10_words_p1": ("人民日报", "2023-12-06"),  # 来源：人民日报, dated address
    "renmin_ribao_2025-10-20_excerpt": ("人民日报", "2025-10-20"),  # source lines
    "page_traditional": ("", ""), "page_one_line": ("", ""), "page_gbk": ("", ""), "page_no_bylines": ("", ""),
    "page_continued_first": ("", ""), "page_split_dateline": ("", ""),
}


def test_every_fixture_page_is_annotated_with_its_metadata():
    pages = {p.stem for p in paths.FIXTURES.glob("*.txt")} - {"empty", "whitespace", "image", "undecodable", "no_chinese"}
    assert pages == set(FIXTURE_METADATA)


@pytest.mark.parametrize("name", sorted(FIXTURE_METADATA))
def test_every_article_of_every_fixture_carries_the_metadata_its_page_states(name):
    arts = _articles(paths.FIXTURES / f"{name}.txt")
    assert arts and {(a.paper, a.date) for a in arts} == {FIXTURE_METADATA[name]}


def test_sample_page_states_no_paper_or_date_and_none_is_guessed():
    arts = _articles(paths.SEEDS / "000_aca574e4d70bbf4d.txt")
    assert {(a.paper, a.date, a.edition_page) for a in arts} == {("", "", "")}


def test_dateline_without_a_year_takes_the_year_the_document_shows():
    from helpers.metadata import dated_dateline

    assert dated_dateline("本报北京10月19日电（记者刘赫）", "2025-10-20") == "2025-10-19"
    assert dated_dateline("新华社北京12月30日电", "2025-01-02") == "2024-12-30"  # filed the year before
    assert dated_dateline("新华社北京12月30日电", "") == ""


def test_file_names_give_outlet_and_date():
    from helpers.metadata import from_file_name

    assert from_file_name("renmin_ribao_2025-10-20_crawler_p005-153.pdf").paper == "人民日报"
    assert from_file_name("renmin_ribao_2025-10-20_crawler_p005-153.pdf").date == "2025-10-20"
    assert from_file_name("cqrb_20241220_p03.txt").paper == "重庆日报"
    assert from_file_name("cqrb_20241220_p03.txt").date == "2024-12-20"
    assert from_file_name("beijing_government_work_report_2024_p02-13.pdf").date == "2024"
    assert from_file_name("page_01.txt").paper == ""


@pytest.mark.parametrize("name,problem", [
    ("damaged.pdf", "damaged or unreadable PDF"),
    ("encrypted.pdf", "encrypted PDF (password protected)"),
])
def test_bad_pdfs_are_refused_with_one_clear_line(name, problem):
    with pytest.raises(InputError) as err:
        load_document(paths.FIXTURES / "pdf" / name)
    assert problem in str(err.value) and name in str(err.value)
    out = run_cli("articles", paths.FIXTURES / "pdf" / name)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and out.stderr.startswith(f"error: {paths.FIXTURES / 'pdf' / name}")
    assert "Traceback" not in out.stderr


def test_text_saved_as_pdf_is_refused(tmp_path):
    fake = tmp_path / "page.pdf"
    fake.write_text("这不是PDF文件。", encoding="utf-8")
    with pytest.raises(InputError, match="not a PDF file"):
        load_document(fake)


def test_cli_articles_reads_a_pdf():
    out = run_cli("articles", PDF_EXCERPT, "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    arts = [r for r in rows if r["kind"] == "article"]
    assert [r["article_id"] for r in arts] == ["renmin_ribao_2025-10-20_excerpt:a01", "renmin_ribao_2025-10-20_excerpt:a02"]
    assert [(r["paper"], r["date"], r["edition_page"], r["page"]) for r in arts] == [
        ("人民日报", "2025-10-20", "01", 1), ("人民日报", "2025-10-20", "03", 4)]


def test_build_of_a_mixed_folder_builds_the_good_files_and_names_the_bad(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(PDF_EXCERPT, seeds)
    shutil.copy(paths.SEEDS / "000_aca574e4d70bbf4d.txt", seeds)
    shutil.copy(paths.FIXTURES / "pdf" / "damaged.pdf", seeds)
    errors = build(seeds, tmp_path / "corpus", jobs=2)
    assert [e.path for e in errors] == [str(seeds / "damaged.pdf")]
    docs = pd.read_csv(tmp_path / "corpus" / "documents.csv", encoding="utf-8-sig", keep_default_na=False)
    assert list(docs["doc_id"]) == ["000_aca574e4d70bbf4d", "renmin_ribao_2025-10-20_excerpt"]
    assert list(docs["encoding"]) == ["utf-8", "pdf"]
    assert list(docs["paper"]) == ["", "人民日报"] and list(docs["date"]) == ["", "2025-10-20"]
    arts = pd.read_csv(tmp_path / "corpus" / "articles.csv", encoding="utf-8-sig", keep_default_na=False, dtype=str)
    pdf_arts = arts[(arts["doc_id"] == "renmin_ribao_2025-10-20_excerpt") & (arts["kind"] == "article")]
    assert list(pdf_arts["edition_page"]) == ["01", "03"]


# --- text layouts ------------------------------------------------------------------------------------

def test_split_dateline_and_footer_in_a_figure():
    """本报北京10月19日电 / （记者…）记者从… / blank / 获悉：…, and 约2 / 第 4 页 / 5%."""
    arts = _articles(paths.FIXTURES / "page_split_dateline.txt")
    assert arts[0].headline == "前三季度经济运行总体平稳"
    assert arts[0].credit == "本报北京10月19日电\n（记者王晓东）"
    assert arts[0].body.startswith("记者从国家统计局获悉：前三季度")
    assert "第三季度增长约25%" in arts[0].body
    assert (arts[1].headline, arts[1].credit) == ("", "新华社记者 黄宗治摄")  # a photo item of its own


def test_web_page_printed_from_a_browser():
    records = _records(paths.FIXTURES / "xinhua_web_2023_top10_words_p1.txt")
    arts = [r for r in records if r.kind == "article"]
    assert [a.headline for a in arts] == ["2023年这些词语很流行"]
    assert arts[0].body.startswith("《咬文嚼字》编辑部12月4日在上海发布2023年十大流行语")
    assert _furniture_inside(records) == []
    chrome = " ".join(r.body for r in records if r.kind == "furniture")
    for piece in ["新华网 > > 正文", "分享到：", "字体：", "来源：人民日报", "09:47:56", "1/2", "股票代码：603888"]:
        assert piece in chrome


@pytest.mark.parametrize("path", [TEXT_EXCERPT, paths.FIXTURES / "xinhua_web_2023_top10_words_p1.txt",
                                  paths.FIXTURES / "page_split_dateline.txt"])
def test_no_character_of_a_text_page_is_lost(path):
    doc = load_document(path)
    tables = tables_of(doc)
    stored = "".join(non_space(r[f]) for r in tables.articles for f in ("headline", "subheadline", "credit", "continued_from", "body"))
    from helpers.cleaning import normalise_width
    assert sorted(stored) == sorted(non_space(normalise_width(doc.text)))


# --- the development files, against their hand annotation -------------------------------------------

def _dev(name: str, form: str):
    return DEV / ("pdf" if form == "pdf" else "text") / f"{name}.{'pdf' if form == 'pdf' else form}"


@dev_pages
@pytest.mark.parametrize("form,least", [("pdf", 1.0), ("txt", 0.9), ("layout.txt", 0.9)])
def test_peoples_daily_articles_against_the_annotation(form, least):
    records = _records(_dev(PEOPLES_DAILY, form))
    result = score(PEOPLES_DAILY, records)
    assert result.n_found == result.n_gold == 58
    assert result.share >= least, result.wrong
    assert _furniture_inside(records) == []


@dev_pages
@pytest.mark.parametrize("name", [BEIJING, XINHUA])
@pytest.mark.parametrize("form", ["pdf", "txt", "layout.txt"])
def test_report_and_web_page_against_the_annotation(name, form):
    path = _dev(name, form)
    if not path.is_file():
        pytest.skip(f"no {form} version of {name}")
    records = _records(path)
    result = score(name, records)
    assert (result.n_found, result.right) == (1, 1), result.wrong
    assert _furniture_inside(records) == []
    gold = gold_rows(name)[0]
    art = next(r for r in records if r.kind == "article")
    assert (art.paper, art.date) == (gold["paper"], gold["date"])


@dev_pages
@pytest.mark.parametrize("form", ["pdf", "txt", "layout.txt"])
def test_report_sections_are_subheads(form):
    art = _articles(_dev(BEIJING, form))[0]
    numbers = [re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", s).group(0) for s in art.subheads
               if re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", s)]
    assert numbers == ["二、"] + [f"（{n}）" for n in "一 二 三 四 五 六 七 八 九 十 十一".split()]


@dev_pages
@pytest.mark.parametrize("name", [PEOPLES_DAILY, BEIJING, XINHUA])
@pytest.mark.parametrize("form", ["txt", "layout.txt"])
def test_no_character_of_a_development_text_is_lost(name, form):
    path = _dev(name, form)
    if not path.is_file():
        pytest.skip(f"no {form} version of {name}")
    doc = load_document(path)
    fields = ("headline", "subheadline", "credit", "continued_from", "body")
    stored = "".join(norm(getattr(r, f)) for r in split_document(doc.text, "d") for f in fields)
    from helpers.cleaning import normalise_width
    assert sorted(stored) == sorted(norm(normalise_width(doc.text)))


def test_numbers_that_name_no_day_are_no_date():
    from helpers.metadata import dated_dateline, from_source_line

    assert from_source_line("《人民日报》（2024年16月58日 第 3 版）").date == ""
    assert from_source_line("《人民日报》（2024年2月29日 第 3 版）").date == "2024-02-29"
    assert dated_dateline("本报北京13月40日电", "2024-12-20") == ""
    assert dated_dateline("本报北京12月19日电", "2024-12-20") == "2024-12-19"
