"""Article pages: figures and theme terms marked where they are, paragraph by paragraph, text escaped."""
import html
from types import SimpleNamespace

from helpers.article_pages import ESC, ArticleView, _body


def _figure(start: int, end: int, value: float, unit: str) -> SimpleNamespace:
    return SimpleNamespace(start=start, end=end, value=value, value_high=float("nan"), unit=unit, qualifier="",
                           direction="", change="", subject="", surface="")


def _view(body: str, figures: list, terms: list[str], subheads=()) -> ArticleView:
    article = {"body": body, "subheads": list(subheads)}
    return ArticleView(article, figures, [], "", "", terms)


def test_figures_and_terms_are_marked_in_their_own_paragraph():
    body = "推进城市更新行动\n全市完成改造120个，城市更新提速。"
    second = body.index("120个")
    html_body = _body(_view(body, [_figure(second, second + 4, 120, "个")], ["城市更新", "城市更新行动"],
                            subheads=["推进城市更新行动"]))
    heading, para = html_body.split("\n")
    # the longer term wins where both match; the shorter one is still marked where it stands alone
    assert heading == '<h3 class="subhead">推进<span class="term" title="主题词 城市更新行动">城市更新行动</span></h3>'
    assert para == ('<p>全市完成改造<mark class="fig" title="数值 120；单位 个">120个</mark>，'
                    '<span class="term" title="主题词 城市更新">城市更新</span>提速。</p>')


def test_a_term_inside_a_figure_is_not_marked_and_a_figure_across_paragraphs_is_not_shown():
    body = "增长5个百分点\n另有3\n万户"
    across = body.index("3")
    html_body = _body(_view(body, [_figure(2, 7, 5, "百分点"), _figure(across, across + 3, 30000, "户")], ["百分点"]))
    assert html_body.count('class="term"') == 0
    assert html_body.count('<mark class="fig"') == 1
    assert html_body.endswith("<p>另有3</p>\n<p>万户</p>")


def test_corpus_text_and_tips_are_escaped_as_html_escape_does():
    for text in ["", "城市更新", "<script>alert('x')</script>", 'a & b "c"', "3<5>2"]:
        assert ESC(text) == html.escape(text)
    body = "<b>城市&更新</b>"
    assert _body(_view(body, [], ["城市&更新"])) == (
        '<p>&lt;b&gt;<span class="term" title="主题词 城市&amp;更新">城市&amp;更新</span>&lt;/b&gt;</p>')


def test_pages_written_in_parallel_batches_are_the_pages_written_in_one(tmp_path, monkeypatch):
    """Batches of two articles of the sample page, written by two forked processes and by this
    one: the same files, the same bytes, the same shared font."""
    from helpers import article_pages, paths, report
    from helpers.corpus import Tables

    monkeypatch.setattr(article_pages, "ARTICLES_PER_BATCH", 2)
    written = {}
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}"
        out.mkdir()
        n = report.write_article_pages(Tables(paths.CORPUS), out, paths.SEEDS, jobs=jobs)
        written[jobs] = {p.name: p.read_bytes() for p in (out / "articles").iterdir()}
    assert n == 6 and len(written[1]) == n + 1  # six pages and font.js
    assert written[1] == written[2]
