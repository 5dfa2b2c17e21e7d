"""Encodings, line ends and bad input: clear one-line errors, the batch goes on, inputs untouched."""
import hashlib

import pandas as pd
import pytest

from helpers import paths
from helpers.articles import split_document
from helpers.loading import InputError, load_document

from conftest import SEED, run_cli

BAD = {
    "empty.txt": "file is empty",
    "whitespace.txt": "file holds only whitespace",
    "image.txt": "binary file (a PNG image), not text",
    "undecodable.txt": "text cannot be decoded as UTF-8, GB18030/GBK, Big5 or UTF-16",
    "no_chinese.txt": "no Chinese characters in the text",
}


def _articles(path):
    doc = load_document(path)
    return [(r.headline, r.credit, r.body) for r in split_document(doc.text) if r.kind == "article"]


@pytest.fixture(scope="module")
def seed_articles_plain():
    return _articles(SEED)


@pytest.mark.parametrize("encoding,expected", [
    ("gb18030", "gb18030"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"),
])
def test_reencoded_seed_gives_the_same_articles(tmp_path, seed_text, seed_articles_plain, encoding, expected):
    path = tmp_path / f"seed-{encoding}.txt"
    path.write_bytes(seed_text.encode(encoding))
    assert load_document(path).encoding == expected
    assert _articles(path) == seed_articles_plain


@pytest.mark.parametrize("line_end", ["\r\n", "\r"])
def test_crlf_and_cr_line_ends(tmp_path, seed_text, seed_articles_plain, line_end):
    path = tmp_path / "seed-crlf.txt"
    path.write_bytes(seed_text.replace("\n", line_end).encode("utf-8"))
    assert _articles(path) == seed_articles_plain


def test_fullwidth_digits_give_the_same_articles(tmp_path, seed_text, seed_articles_plain):
    full = seed_text.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
    path = tmp_path / "seed-fullwidth.txt"
    path.write_text(full, encoding="utf-8")
    assert _articles(path) == seed_articles_plain


@pytest.mark.parametrize("name,problem", sorted(BAD.items()))
def test_bad_files_raise_a_clear_error(name, problem):
    with pytest.raises(InputError) as info:
        load_document(paths.FIXTURES / name)
    assert str(info.value) == f"{paths.FIXTURES / name}: {problem}"


def test_missing_file_and_too_large_file(tmp_path, monkeypatch):
    with pytest.raises(InputError, match="no such file"):
        load_document(tmp_path / "nope.txt")
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB without using the disk
    with pytest.raises(InputError, match=r"file is 52\.4 MB, over the 32 MiB limit"):
        load_document(big)


def test_traditional_chinese_is_detected_not_converted(tmp_path):
    path = tmp_path / "trad.txt"
    text = "國務院辦公廳發佈關於進一步優化營商環境的意見，推動經濟高質量發展。"
    path.write_text(text, encoding="utf-8")
    doc = load_document(path)
    assert doc.script == "traditional"
    assert doc.text == text
    assert load_document(SEED).script == "simplified"


def _digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_cli_batch_reports_bad_files_and_goes_on():
    before = _digest(paths.FIXTURES)
    out = run_cli("articles", "--format", "jsonl", paths.FIXTURES)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    errors = out.stderr.strip().splitlines()
    assert len(errors) == len(BAD)
    for name, problem in BAD.items():
        assert f"error: {paths.FIXTURES / name}: {problem}" in errors
    assert "全省高标准农田建设提速" in out.stdout  # the good page was still processed
    assert _digest(paths.FIXTURES) == before  # no input file is ever written


def test_cli_on_a_missing_folder_is_one_clear_line(tmp_path):
    out = run_cli("build", "--seeds", tmp_path / "none", "--corpus", tmp_path / "corpus")
    assert out.returncode == 1
    assert out.stderr.strip() == f"error: {tmp_path / 'none'}: seeds folder does not exist"


def test_input_error_survives_pickling():
    """Parallel builds send a bad file's error from a worker process to the main one."""
    import pickle

    err = pickle.loads(pickle.dumps(InputError("seeds/a.txt", "file is empty")))
    assert isinstance(err, InputError)
    assert (err.path, err.problem, str(err)) == ("seeds/a.txt", "file is empty", "seeds/a.txt: file is empty")


def test_parallel_build_reports_bad_files_and_builds_the_rest(tmp_path):
    before = _digest(paths.FIXTURES)
    out = run_cli("build", "--seeds", paths.FIXTURES, "--corpus", tmp_path / "corpus", "--jobs", "2")
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    for name, problem in BAD.items():
        assert f"error: {paths.FIXTURES / name}: {problem}" in out.stderr.splitlines()
    docs = pd.read_csv(tmp_path / "corpus" / "documents.csv", encoding="utf-8-sig")
    good = [p for p in paths.FIXTURES.glob("*.txt") if p.name not in BAD]
    assert len(docs) == len(good) > 5
    assert _digest(paths.FIXTURES) == before
