"""Every notebook on a generated 1,000-page corpus (12,000 articles): no cell fails, and the size
rules (helpers/scale.py) decide what a reader is shown. The one- and two-article corpora are in
test_report.py, the sample page in the notebooks' own nbval run."""
import io
import sys

import nbformat

from helpers import paths
from helpers.pipeline import build
from helpers.report import _run_all

sys.path.insert(0, str(paths.ROOT / "benchmarks"))
from run import make_pages  # noqa: E402

PAGES = 1000


def _outputs(nb) -> str:
    return "\n".join(str(o.get("data", {}).get("text/html", "")) + str(o.get("text", ""))
                     for c in nb.cells for o in c.get("outputs", []))


def test_every_notebook_runs_on_a_thousand_generated_pages(tmp_path):
    seeds, corpus = tmp_path / "seeds", tmp_path / "corpus"
    seeds.mkdir()
    make_pages(PAGES, seeds)
    assert build(seeds, corpus).built
    log = io.StringIO()
    done, failures = _run_all({"CORPUS_DIR": str(corpus)}, log)
    assert failures == 0, log.getvalue()
    shown = {path.stem: _outputs(nb) for path, nb in done}
    assert len(shown) == 5
    assert "超过 24 篇：逐篇的视图只展示最长的 24 篇" in shown["03-topic-keywords"]
    themes = shown["05-policy-themes"]
    assert "文章多于 30 篇，不画 N × N 矩阵" in themes  # nearest neighbours instead of 12,000 x 12,000
    assert "按月统计" in themes  # a year of dates: topic shares by month
    assert "表中列出前 1,000 行" in themes and "下表列出前 1,000 个" in shown["04-figures"]
