"""Screenshots of a report for docs/screenshots/: the index, every notebook page, one article page.

    python docs/screenshots.py REPORT_DIR PREFIX [--article a0002] [--height 2400]

Needs headless Chromium (`apt-get install chromium`); nothing else in the project does. The
network is closed to the browser (a proxy on a closed port), so the pictures show what an offline
reader sees, interactive tables included.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent / "screenshots"
WIDTH = 1100


def shoot(page: Path, png: Path, height: int) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        sys.exit("error: headless Chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--proxy-server=127.0.0.1:9", f"--user-data-dir={profile}", "--hide-scrollbars",
                        f"--window-size={WIDTH},{height}", "--virtual-time-budget=15000",
                        f"--screenshot={png}", page.as_uri()],
                       check=True, capture_output=True, timeout=180)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("prefix", help="e.g. sample or dev")
    parser.add_argument("--article", default="a0002", help="which article page to show")
    parser.add_argument("--height", type=int, default=2400)
    args = parser.parse_args()
    pages = [args.report / "index.html", *sorted(args.report.glob("0*.html")),
             args.report / "articles" / f"{args.article}.html"]
    for page in pages:
        name = page.stem if page.parent == args.report else f"articles-{page.stem}"
        png = HERE / f"{args.prefix}-{name}.png"
        shoot(page, png, args.height)
        print(png.relative_to(HERE.parent.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
