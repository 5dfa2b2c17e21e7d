"""Interactive tables that work offline: sort, search, pages and a CSV download of each table.

The table itself is plain HTML (complete, readable without JavaScript: an untrusted notebook or a
mail client shows it as it is). A script then turns it into a DataTable. DataTables and its
Buttons extension come from the pinned `itables` package's offline bundle, which `bundle()` inlines
once per page, so a report needs no network and no CDN.
"""
from __future__ import annotations

import base64
import json
from functools import lru_cache
from pathlib import Path

# A table longer than this gets pages, a search box and a row count; a shorter one stays whole,
# with only the download button (a search box over five rows is clutter).
PAGE_ROWS = 10
# The download keeps Excel's reading of Chinese: a UTF-8 file with a byte-order mark.
DOWNLOAD = {"extend": "csvHtml5", "text": "下载 CSV", "bom": True, "charset": "utf-8"}

# DataTables' interface text in Chinese.
LANGUAGE = {
    "search": "筛选：",
    "info": "第 _START_–_END_ 行，共 _TOTAL_ 行",
    "infoEmpty": "没有符合条件的行",
    "infoFiltered": "（从 _MAX_ 行中筛选）",
    "lengthMenu": "每页 _MENU_ 行",
    "zeroRecords": "没有符合条件的行",
    "emptyTable": "（空表）",
    "paginate": {"first": "首页", "last": "末页", "next": "下一页", "previous": "上一页"},
    "aria": {"orderable": "点击排序", "orderableReverse": "点击倒序"},
}


def _itables_html() -> Path:
    import itables

    return Path(itables.__file__).parent / "html"


@lru_cache(maxsize=1)
def bundle() -> str:
    """The DataTables code and styles, inlined once per page. The module is carried as base64 in a
    data: address and imported from a Blob, so the page needs nothing from the network."""
    folder = _itables_html()
    css = (folder / "dt_bundle.css").read_text(encoding="utf-8")
    js = base64.b64encode((folder / "dt_bundle.js").read_bytes()).decode("ascii")
    return f"""<style>{css}
.policy-table {{ margin: 0.5em 0 1.5em; }}
.policy-table table.dataTable td, .policy-table table.dataTable th {{ text-align: left; }}
.policy-table .dt-buttons {{ margin-bottom: 0.3em; }}
</style>
<script>
if (!window.policyTables) {{
  const source = "data:text/javascript;base64,{js}";
  const bytes = Uint8Array.from(atob(source.slice(source.indexOf(",") + 1)), c => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], {{type: "text/javascript"}}));
  window.policyTables = import(url);
}}
</script>"""


def options(rows: int, name: str) -> dict:
    """DataTables options for a table of `rows` rows; `name` is the downloaded file's name."""
    paged = rows > PAGE_ROWS
    layout = {"topStart": "buttons", "topEnd": "search" if paged else None,
              "bottomStart": "info" if paged else None, "bottomEnd": "paging" if paged else None}
    return {"layout": layout, "paging": paged, "pageLength": PAGE_ROWS, "lengthMenu": [10, 25, 50, 100],
            "order": [], "autoWidth": False, "language": LANGUAGE,
            "buttons": [{**DOWNLOAD, "filename": name}]}


def interactive(table_html: str, table_id: str, rows: int, name: str = "表格") -> str:
    """`table_html` (one <table id=table_id>) wrapped so that it becomes a DataTable once the
    bundle has loaded; until then, and without JavaScript, it is the plain table."""
    # literal Chinese, not \u escapes: a report embeds the font glyphs of the characters its page holds
    settings = json.dumps(options(rows, name), ensure_ascii=False).replace("</", "<\\/")
    return f"""<div class="policy-table">{table_html}</div>
<script type="module">
(async () => {{
  if (!window.policyTables) return;  // the bundle is shown by helpers.notebook.start()
  const {{ default: DataTable }} = await window.policyTables;
  const table = document.getElementById({json.dumps(table_id)});
  if (table && !table.classList.contains("dataTable")) new DataTable(table, {settings});
}})();
</script>"""
