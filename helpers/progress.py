"""Progress bars only where a person is watching a terminal; silent in pipes, CI and notebooks."""
from __future__ import annotations

import sys


def progress(iterable, total: int | None = None, desc: str = ""):
    if not sys.stderr.isatty():
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, leave=False)
