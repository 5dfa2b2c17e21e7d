"""Chinese renders with real glyphs in matplotlib and WordCloud (no boxes, no fallback warnings)."""
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from PIL import ImageFont  # noqa: E402

from helpers import fonts  # noqa: E402

TEXT = "城乡融合发展 银龄行动 乡村振兴"


def test_font_is_a_single_face_with_chinese_glyphs():
    path = fonts.font_path()
    assert path.suffix.lower() in {".ttf", ".otf"}
    from fontTools.ttLib import TTFont

    cmap = TTFont(path)["cmap"].getBestCmap()
    assert all(ord(ch) in cmap for ch in TEXT.replace(" ", "") + "，。“”0123456789%")


def test_matplotlib_renders_chinese_without_missing_glyph_warnings(tmp_path):
    fonts.configure_matplotlib()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, ax = plt.subplots(figsize=(4, 1.5))
        ax.set_title(TEXT)
        ax.bar(["城乡", "银龄"], [3, 5])
        out = tmp_path / "font-test.png"
        fig.savefig(out, dpi=80)
        plt.close(fig)
    assert out.stat().st_size > 2000


def test_wordcloud_uses_the_same_font_and_draws_glyphs(tmp_path):
    from wordcloud import WordCloud

    wc = WordCloud(font_path=str(fonts.font_path()), width=300, height=150, random_state=0,
                   background_color="white", collocations=False)
    image = wc.generate_from_frequencies({"乡村振兴": 5, "银龄行动": 3, "城乡融合": 2}).to_image()
    image.save(tmp_path / "wordcloud-test.png")
    # A missing glyph draws the same .notdef box for every character; real glyphs differ.
    font = ImageFont.truetype(str(fonts.font_path()), 40)
    masks = {ch: bytes(font.getmask(ch)) for ch in "乡村振兴"}
    assert len(set(masks.values())) == 4
    assert image.convert("L").getextrema()[0] < 128  # something dark was drawn
