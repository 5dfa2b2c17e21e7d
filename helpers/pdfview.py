"""A PDF page beside what the splitter made of it: each line boxed in the colour of its layout
style, and a table that says for every line its size, style and the record it went to."""
from __future__ import annotations

import os

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch, Rectangle

from .corpus import records_of
from .fonts import configure_matplotlib
from .labels import label
from .loading import load_document
from .pdf import pdf_text, read_pdf

RENDER_SCALE = 1.5  # 108 dpi: headline, byline and folio are legible in a notebook
STYLE_COLOURS = {"headline": "#c53030", "subhead": "#dd6b20", "small": "#2b6cb0", "margin": "#718096", "body": "#38a169"}
STYLE_LABELS = {"headline": "标题字号", "subhead": "小标题字号", "small": "小字（署名、出处）", "margin": "页边（页码、页眉）", "body": "正文字号"}


def page_lines(path: os.PathLike | str, page: int) -> pd.DataFrame:
    """One row per line of a PDF page: line number, size, style, text, and the record it is in."""
    layout = pdf_text(read_pdf(path))
    records = records_of(load_document(path))
    owner = {}
    for rec in sorted(records, key=lambda r: r.kind != "furniture"):  # furniture inside an article's span is its own
        for no in range(rec.line_start, rec.line_end + 1):
            owner.setdefault(no, rec.article_id.split(":")[-1] + ("" if rec.kind == "article" else f"（{label('role', rec.role)}）"))
    rows = [{"行": no, "字号": ln.size, "样式": STYLE_LABELS[ln.style], "文字": ln.text, "归入": owner.get(no, "")}
            for no, ln in layout.lines.items() if ln.page == page]
    return pd.DataFrame(rows)


def show_page(path: os.PathLike | str, page: int, title: str = ""):
    """The page as printed, every text line boxed in the colour of its style."""
    import pypdfium2 as pdfium

    configure_matplotlib()
    pdf = pdfium.PdfDocument(str(path))
    try:
        image = pdf[page - 1].render(scale=RENDER_SCALE).to_numpy()
    finally:
        pdf.close()
    lines = [ln for ln in pdf_text(read_pdf(path)).lines.values() if ln.page == page]
    fig, ax = plt.subplots(figsize=(6, 6 * image.shape[0] / image.shape[1]))
    ax.imshow(image)
    for ln in lines:
        ax.add_patch(Rectangle((ln.x0 * RENDER_SCALE, ln.top * RENDER_SCALE), (ln.x1 - ln.x0) * RENDER_SCALE,
                               (ln.bottom - ln.top) * RENDER_SCALE, fill=False, lw=1.2, edgecolor=STYLE_COLOURS[ln.style]))
    used = sorted({ln.style for ln in lines}, key=list(STYLE_COLOURS).index)
    ax.legend(handles=[Patch(edgecolor=STYLE_COLOURS[s], fill=False, label=STYLE_LABELS[s]) for s in used],
              loc="lower center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize=8, frameon=False)
    ax.set_title(title)
    ax.axis("off")
