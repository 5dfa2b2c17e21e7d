"""Interactive tables: plain HTML first, DataTables from the pinned offline bundle, nothing from a network."""
import base64
import re

import pandas as pd

from helpers.labels import readable
from helpers.tables import PAGE_ROWS, bundle, options


def _table(rows: int) -> pd.DataFrame:
    return pd.DataFrame({"headline": [f"第{i}篇" for i in range(rows)], "n_chars": [i * 1000 for i in range(rows)]})


def test_the_bundle_is_inlined_and_loads_nothing_from_a_network():
    page = bundle()
    source = re.search(r'"data:text/javascript;base64,([A-Za-z0-9+/=]+)"', page).group(1)
    code = base64.b64decode(source).decode("utf-8")
    assert "csvHtml5" in code and "export{" in code  # DataTables with its Buttons, as a module
    outside = page.replace(source, "")
    assert not re.search(r"<script[^>]*\bsrc=|<link\b|@import|https?://", outside)


def test_a_table_is_complete_html_before_any_script_runs():
    html = readable(_table(25))._repr_html_()
    table = html[: html.index("<script")]
    assert table.count("<tr") == 26  # the header and every row, not a preview
    assert "第24篇" in table and "24,000" in table and "<th" in table and "标题" in table


def test_long_tables_get_pages_and_search_short_ones_only_the_download():
    long, short = options(PAGE_ROWS + 1, "x"), options(PAGE_ROWS, "x")
    assert long["paging"] and long["layout"]["topEnd"] == "search" and long["layout"]["bottomEnd"] == "paging"
    assert not short["paging"] and short["layout"]["topEnd"] is None
    for settings in (long, short):
        assert settings["buttons"][0]["extend"] == "csvHtml5" and settings["buttons"][0]["bom"]


def test_corpus_text_in_a_table_stays_text():
    html = readable(pd.DataFrame({"headline": ["<script>alert(1)</script>"]}), name="</script><b>")._repr_html_()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "</script><b>" not in html  # a download name cannot close the script it sits in


def test_the_same_table_is_the_same_bytes():
    assert readable(_table(12))._repr_html_() == readable(_table(12))._repr_html_()


def test_short_article_names_stay_unique_across_documents():
    from helpers.notebook import short_ids

    assert short_ids(["000_aca5:a01", "000_aca5:a02"]) == {"000_aca5:a01": "a01", "000_aca5:a02": "a02"}
    names = short_ids(["beijing:a01", "rmrb:a01", "rmrb:a02", "xinhua:a01"])
    assert names == {"beijing:a01": "1·a01", "rmrb:a01": "2·a01", "rmrb:a02": "2·a02", "xinhua:a01": "3·a01"}
