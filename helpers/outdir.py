"""The report folder: written only where it is empty or already a report's, cleaned of exactly
what the report wrote.

A report leaves a marker file listing what it wrote. A folder with other files and no marker (the
repository root, a folder holding the user's own index.html) is refused unless forced; cleaning
removes only the files the marker lists. Standard library only, so that `make clean` can run it
as a plain script after the environment is gone:

    python3 helpers/outdir.py clean FOLDER
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

MARKER = ".policy-news-report.json"


class OutDirError(Exception):
    """A report folder that must not be written; the message names it and the problem."""


def check(out: Path, force: bool = False) -> None:
    """Raise OutDirError unless `out` may receive a report."""
    if out.exists() and not out.is_dir():
        raise OutDirError(f"{out}: is a file, not a folder for the report")
    if not out.is_dir() or (out / MARKER).is_file() or force:
        return
    foreign = sorted(p.name for p in out.iterdir())
    if foreign:
        shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
        raise OutDirError(f"{out}: holds files a report did not write ({shown}); "
                          "choose an empty or new folder, or pass --force to write into it anyway")


def written(out: Path) -> list[str]:
    """The names (relative to `out`) that reports wrote into it."""
    try:
        return list(json.loads((out / MARKER).read_text(encoding="utf-8"))["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return []


def record(out: Path, names: list[str]) -> None:
    """Add `names` to the folder's marker (written atomically)."""
    files = sorted(set(written(out)) | set(names))
    tmp = out / f"{MARKER}.tmp"
    tmp.write_text(json.dumps({"files": files}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, out / MARKER)


def clean(out: Path) -> list[str]:
    """Remove what reports wrote into `out` (and `out` itself if nothing else is left)."""
    if not (out / MARKER).is_file():
        return []
    removed = []
    for name in written(out):
        target = (out / name).resolve()
        if out.resolve() not in target.parents:  # never outside the folder, whatever the marker says
            continue
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target, ignore_errors=True)
        elif target.exists() or target.is_symlink():
            target.unlink()
        removed.append(name)
    (out / MARKER).unlink()
    if not any(out.iterdir()):
        out.rmdir()
    return removed


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "clean":
        sys.exit("usage: python3 helpers/outdir.py clean FOLDER")
    folder = Path(sys.argv[2])
    gone = clean(folder) if folder.is_dir() else []
    print(f"{folder}: removed {len(gone)} report file(s)" if gone else f"{folder}: no report files to remove")
