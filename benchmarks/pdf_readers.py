"""Time the PDF readers on a PDF: what the build uses (pypdfium2, via helpers.pdf) against
pdfplumber, the library this field knows, each reading every character with its font size.

    .venv/bin/python benchmarks/pdf_readers.py [PDF] [--rounds 3]

pdfplumber is not a project dependency: it is timed only where it is installed (for example in a
scratch environment: `pip install pdfplumber` there and run this file with its python, with the
project folder on PYTHONPATH). Results are recorded in benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "pages" / "pdf" / "renmin_ribao_2025-10-20_crawler_p005-153.pdf"


def with_pypdfium2(path: Path) -> int:
    from helpers.pdf import pdf_text, read_pdf

    return len(pdf_text(read_pdf(path)).text)


def with_pdfplumber(path: Path) -> int:
    import pdfplumber

    n = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            n += sum(1 for c in page.chars if c["size"])  # every character with its size, as we need
    return n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    readers = {"pypdfium2 (helpers.pdf: chars, sizes, lines, reading order, styles)": with_pypdfium2,
               "pdfplumber (chars with sizes only)": with_pdfplumber}
    print(f"{args.pdf.name}")
    for name, read in readers.items():
        try:
            times = []
            for _ in range(args.rounds):
                t0 = time.perf_counter()
                read(args.pdf)
                times.append(time.perf_counter() - t0)
            print(f"  {name}: median {statistics.median(times):.2f} s over {args.rounds} rounds")
        except ImportError:
            print(f"  {name}: not installed here")


if __name__ == "__main__":
    main()
