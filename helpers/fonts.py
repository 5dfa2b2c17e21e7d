"""One Simplified Chinese font for every plot, word cloud and report.

The project font is Noto Sans SC from the pinned `justmytype-intl-cjk` package (SIL Open Font
Licence). That file is a variable font whose default instance is Thin, so a static Regular instance
is cut from it once with fontTools and kept in the project cache. System fonts are fallbacks only.
A `.ttc` collection is never handed to WordCloud or PIL, which open face 0 (Japanese in Noto CJK).
"""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from . import paths
from .io import write_bytes_atomic

FAMILY = "Noto Sans SC"
REGULAR_WEIGHT = 400
FALLBACK_FAMILIES = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
]
SAMPLE = "城乡融合发展"


def packaged_variable_font() -> Path | None:
    try:
        import justmytype_intl_cjk
    except ImportError:
        return None
    path = Path(justmytype_intl_cjk.__file__).parent / "fonts/ofl/notosanssc/NotoSansSC[wght].ttf"
    return path if path.is_file() else None


def _static_instance(variable: Path) -> Path:
    out = paths.CACHE / "fonts" / f"NotoSansSC-{REGULAR_WEIGHT}.ttf"
    if out.is_file() and out.stat().st_mtime >= variable.stat().st_mtime:
        return out
    import io

    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    font = instancer.instantiateVariableFont(
        TTFont(variable), {"wght": REGULAR_WEIGHT}, updateFontNames=True
    )
    buf = io.BytesIO()
    font.save(buf)
    write_bytes_atomic(out, buf.getvalue())
    return out


def _system_fallback() -> Path | None:
    from matplotlib import font_manager

    for family in FALLBACK_FAMILIES:
        for entry in font_manager.fontManager.ttflist:
            if entry.name == family and not entry.fname.lower().endswith(".ttc"):
                return Path(entry.fname)
    return None


@lru_cache(maxsize=1)
def font_path() -> Path:
    """A single-face TrueType/OpenType file that has Simplified Chinese glyphs."""
    variable = packaged_variable_font()
    if variable is not None:
        return _static_instance(variable)
    fallback = _system_fallback()
    if fallback is None:
        raise RuntimeError(
            "no Simplified Chinese font: install the pinned requirements (justmytype-intl-cjk) "
            f"or one of {', '.join(FALLBACK_FAMILIES)}"
        )
    return fallback


@lru_cache(maxsize=1)
def configure_matplotlib() -> str:
    """Register the project font with matplotlib and make it the default; returns the family name."""
    from matplotlib import font_manager, pyplot as plt

    path = font_path()
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["font.sans-serif"] = [family, *FALLBACK_FAMILIES, "DejaVu Sans"]
    plt.rcParams["text.parse_math"] = False  # corpus text is text: `$…$` in a headline is not TeX
    return family

