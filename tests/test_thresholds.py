"""Every threshold is named, documented, and pinned by a case of real text (issue 15).

The first test keeps docs/thresholds.md complete: an UPPER_CASE numeric constant added to any
helpers module without a row there (module, name, value, reason, pinning test) fails the build.
The others pin thresholds that no other test decided: each uses text from the sample page, the
fixtures, or the development pages in ../shared/pages (skipped when those are not here), and fails
when its threshold is moved past the real case it names.
"""
import ast
import re
from pathlib import Path

import pytest

from helpers import articles, layout, paths
from helpers import patterns as pt
from helpers.articles import Unit, split_document
from helpers.loading import load_document

DOC = paths.ROOT / "docs" / "thresholds.md"
DEV_TEXT = paths.ROOT.parent / "shared" / "pages" / "text"
RMRB_LAYOUT = DEV_TEXT / "renmin_ribao_2025-10-20_crawler_p005-153.layout.txt"
_NAME = re.compile(r"^_?[A-Z][A-Z0-9_]*$")


# ---------------------------------------------------------------------------------------------
# docs/thresholds.md lists every numeric constant


def numeric_constants(path: Path) -> list[tuple[str, object]]:
    """(name, value) of the module-level UPPER_CASE constants of a module whose value is a number
    or a tuple of numbers, computed from literals and earlier such constants (32 * 1024 * 1024)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    env: dict[str, object] = {}
    ops = {ast.Mult: lambda a, b: a * b, ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
           ast.FloorDiv: lambda a, b: a // b, ast.Div: lambda a, b: a / b, ast.Pow: lambda a, b: a ** b,
           ast.LShift: lambda a, b: a << b}

    def value(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return node.value
        if isinstance(node, ast.Name) and node.id in env:
            return env[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -value(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op) in ops:
            return ops[type(node.op)](value(node.left), value(node.right))
        if isinstance(node, ast.Tuple) and node.elts:
            return tuple(value(e) for e in node.elts)
        raise ValueError(node)

    out = []
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, expr = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, expr = [node.target], node.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name) and _NAME.match(target.id):
                try:
                    env[target.id] = value(expr)
                except (ValueError, TypeError, ZeroDivisionError):
                    continue
                out.append((target.id, env[target.id]))
    return out


def documented() -> dict[tuple[str, str], list[str]]:
    """(module, name) -> the cells of its row in docs/thresholds.md."""
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and cells[1].startswith("`"):
            rows[(cells[0].strip("`"), cells[1].strip("`"))] = cells
    return rows


def test_every_numeric_constant_is_in_docs_thresholds_md():
    rows = documented()
    missing, wrong = [], []
    for path in sorted((paths.ROOT / "helpers").glob("*.py")):
        for name, val in numeric_constants(path):
            cells = rows.get((path.stem, name))
            if cells is None:
                missing.append(f"{path.stem}.{name} = {val!r}")
            elif repr(val) not in cells[2]:
                wrong.append(f"{path.stem}.{name} is {val!r} in the code, `{cells[2]}` in the table")
            elif not cells[3] or not cells[4]:
                wrong.append(f"{path.stem}.{name} has no reason or no pinning test in the table")
    assert not missing, "add a row (module, name, value, reason, pinning test) to docs/thresholds.md for: " + ", ".join(missing)
    assert not wrong, "; ".join(wrong)


def test_numeric_constants_finds_computed_and_private_ones(tmp_path):
    src = tmp_path / "m.py"
    src.write_text("A = 32 * 1024\n_B = A // 4\nG = 16 << 20\nC: float = -0.5\nD = (1900, 2100)\nE = 'x'\nlower = 3\nF = True\n")
    assert numeric_constants(src) == [("A", 32768), ("_B", 8192), ("G", 16777216), ("C", -0.5), ("D", (1900, 2100))]


# ---------------------------------------------------------------------------------------------
# articles.py


def test_heading_max_chars(seed_articles):
    """HEADING_MAX_CHARS: the sample page's longest subhead, 61 characters without sentence
    punctuation, is a subhead; a limit under 61 makes it body text."""
    subhead = "“统筹的方法论”注重看棋看全盘，通盘谋划、全面顾及；注重下好先手棋，抓住重点、逐个击破；注重行棋看三步，着眼长远、因势而为"
    assert len(subhead) == 61 <= articles.HEADING_MAX_CHARS
    assert any(subhead in a.subheads for a in seed_articles)


def test_set_apart_max_chars():
    """SET_APART_MAX_CHARS: the 83-character dispatch note closing a People's Daily story (dev page,
    PDF page 27) is one credit note; a limit under 83 leaves it in the body."""
    note = ("（本报北京、里约热内卢、莫斯科、雅加达、约翰内斯堡、迪拜、巴黎、曼谷、开罗10月19日电   "
            "记者李欣怡、陈一鸣、肖新新、曹师韵、郑翔、管克江、尚凯元、杨一、黄培昭）")
    assert len(note) == 83
    units = articles._split_credits(Unit(note, 1, 1))
    assert [(u.role, u.label) for u in units] == [("credit", "note")]


def test_short_credit_max_chars():
    """SHORT_CREDIT_MAX_CHARS: a photo credit as pdftotext lays it out (新华社记者   卢汉欣摄, 12
    characters with its spaces) is a credit; a limit under 12 makes it body text."""
    credit = "新华社记者   卢汉欣摄"
    assert len(credit) == 12 <= articles.SHORT_CREDIT_MAX_CHARS
    units = articles._split_credits(Unit(credit, 1, 1))
    assert [(u.role, u.label) for u in units] == [("credit", "photo")]


def test_letter_spaced_byline_under_a_headline():
    """HEADER_GROUP_MAX_LINES and WRAPPED_NAME_MAX_CHARS: in the People's Daily excerpt the byline
    under the APEC headline is letter-spaced over lines (本报记者 / 程 / 龙 / 潘俊强). Fewer than
    the header's lines (headline, kicker, four byline lines) cut the headline; a name limit under
    3 puts 潘俊强 on a line of its own."""
    doc = load_document(paths.FIXTURES / "renmin_ribao_2025-10-20_excerpt.txt")
    apec = [r for r in split_document(doc.text) if r.headline.startswith("久久为功")]
    assert [(r.headline, r.credit) for r in apec] == [("久久为功，“APEC蓝”成为“北京蓝”（总书记的关切·落地的回响）", "本报记者 程龙 潘俊强")]


# ---------------------------------------------------------------------------------------------
# layout.py and patterns.py


def test_credit_max_chars_upper():
    """CREDIT_MAX_CHARS: the 17-character second line of a People's Daily headline (推动新时代新征程妇女
    事业高质量发展, dev page) has no punctuation but is no byline; a limit of 17 or more takes it for one."""
    line = "推动新时代新征程妇女事业高质量发展"
    assert len(line) == 17 > layout.CREDIT_MAX_CHARS
    assert not layout._looks_like_credit(line)


def test_byline_max_chars():
    """BYLINE_MAX_CHARS: the widest byline of the development pages (本报记者   屈信明   刘新吾   张云河,
    22 characters as pdftotext spaces it) is a byline; a limit under 22 loses it."""
    byline = "本报记者   屈信明   刘新吾   张云河"
    assert len(byline) == 22
    assert pt.is_byline(byline)


@pytest.fixture(scope="module")
def rmrb_layout_records():
    if not RMRB_LAYOUT.is_file():
        pytest.skip("the development pages (../shared/pages) are not here")
    doc = load_document(RMRB_LAYOUT)
    return [r for r in split_document(doc.text, "rmrb") if r.kind == "article"]


def _by_headline(records, headline):
    found = [r for r in records if r.headline == headline]
    assert found, f"no article headed {headline}"
    return found[0]


def test_lone_line_full_ratio(rmrb_layout_records):
    """LONE_LINE_FULL_RATIO: a dated kicker line (2025年9月听取新疆…工作汇报) before a stray blank
    line is a paragraph of its own, not wrapped text; at 0.8 of the column it is joined to the body."""
    rec = _by_headline(rmrb_layout_records, "“推进中华民族共同体建设”")
    assert rec.paragraphs[0].text == "2025年9月听取新疆维吾尔自治区党委和政府工作汇报"


def test_full_line_slack_ems(rmrb_layout_records):
    """FULL_LINE_SLACK_EMS: a short headline (“这条铁路带给我们的是希望和未来”) does not wrap into the
    byline under it; with 4 ems of slack the byline becomes part of the headline."""
    assert _by_headline(rmrb_layout_records, "“这条铁路带给我们的是希望和未来”").credit == "本报记者 黄培昭"


def test_latin_ems_and_credit_max_chars_lower(rmrb_layout_records):
    """LATIN_EMS: a headline measured with Latin and digits at half an em keeps its last
    characters (确保…取得决定性进展); at a full em they fall into the credit. CREDIT_MAX_CHARS: the
    letter-spaced byline of the APEC story (程 / 龙) is a credit; under 8 characters it is lost."""
    assert _by_headline(rmrb_layout_records, "确保基本实现社会主义现代化取得决定性进展")
    apec = [r for r in rmrb_layout_records if r.headline.startswith("久久为功")]
    assert apec and all(r.credit == "本报记者 程龙 潘俊强" for r in apec)


def test_web_print_header_and_chrome():
    """PRINT_HEADER_LINES, CHROME_MAX_CHARS and _FURNITURE_MAX_CHARS on the Xinhua page printed from
    a browser: the print stamp (2024/6/17 16:07) that marks line 1 as the title is its second
    content line (with 1 the page has no title), the font-size switch 小 / 中 / 大 and the short
    lines after the title are chrome (under 6 they open the text), and the 70-character web
    address is furniture (under 70 it is text)."""
    doc = load_document(paths.FIXTURES / "xinhua_web_2023_top10_words_p1.txt")
    records = split_document(doc.text)
    story = [r for r in records if r.kind == "article" and r.headline == "2023年这些词语很流行"]
    assert len(story) == 1 and not story[0].subheadline
    assert story[0].body.startswith("《咬文嚼字》编辑部12月4日在上海发布2023年十大流行语")
    address = [r for r in records if r.kind == "furniture" and r.body.startswith("www.nmg.xinhuanet.com/")]
    assert [r.role for r in address] == ["web_chrome"] and len(address[0].body) == 70
