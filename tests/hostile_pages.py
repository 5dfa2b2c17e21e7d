"""Pages a hostile tester (or a careless PDF export) produces, for the reliability tests and
benchmarks/hostile.py: text with no sentence ends, one huge sentence, many short Latin lines,
thousands of figures in one sentence."""
from __future__ import annotations

import random

SHAPES = ("no_sentence_ends", "one_huge_sentence", "short_lines", "figures")
WORDS = "经济发展城市乡村农业工业科技教育文化卫生交通能源环境增长投资"


def hostile_page(shape: str, size: int, seed: int) -> str:
    rnd = random.Random(seed)
    if shape == "no_sentence_ends":
        return "\n".join("".join(rnd.choice(WORDS) for _ in range(30)) for _ in range(size))
    if shape == "one_huge_sentence":
        return "统计\n\n" + "，".join("".join(rnd.choice(WORDS) for _ in range(8)) for _ in range(size)) + "。\n"
    if shape == "short_lines":
        return "标题\n" + "\n".join(f"abc{i} 数据" for i in range(size * 10)) + "\n"
    # thousands of figures in one sentence
    return "数据\n\n" + "，".join(f"第{i}项增长{rnd.randint(1, 99)}.{rnd.randint(0, 9)}%" for i in range(size * 4)) + "。\n"


