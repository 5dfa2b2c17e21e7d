import os
import re
import subprocess
import sys

import pytest

from helpers import paths
from helpers.articles import split_document

SEED = paths.SEEDS / "000_aca574e4d70bbf4d.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_records(seed_text):
    return split_document(seed_text, "seed")


@pytest.fixture(scope="session")
def seed_articles(seed_records):
    return [r for r in seed_records if r.kind == "article"]


def run_cli(*args, cwd=None):
    """Run `python -m helpers …` as a user would; returns the CompletedProcess."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.run([sys.executable, "-m", "helpers", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd or paths.ROOT, env=env, timeout=600)


def non_space(text: str) -> str:
    return re.sub(r"\s", "", text)
