"""Atomic writes: a reader never sees a half-written table, and an interrupted build keeps the old one."""
from __future__ import annotations

import errno
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path


def foreign_files(folder: Path, allowed) -> str:
    """The names in `folder` that are not in `allowed`, shortened for a one-line error ("" if none)."""
    names = sorted(p.name for p in folder.iterdir() if p.name not in allowed)
    return ", ".join(names[:3]) + (", …" if len(names) > 3 else "")


def write_bytes_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the file normal permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    write_bytes_atomic(path, text.encode(encoding))


STAGE_MARK = ".staging."


@contextmanager
def staged_dir(target: Path):
    """Yield an empty sibling folder to fill; on success it becomes `target` in one step.

    The swap is one rename: an atomic exchange of the two folders where the system has one
    (Linux renameat2), else two renames (a reader may then, for an instant, find no folder, but
    never a mix of old and new tables). On failure or cancel (raise inside the block) `target` is
    untouched and the staging folder removed. Staging folders of killed builds are removed first.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_stages(target)
    stage = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}{STAGE_MARK}{os.getpid()}."))
    os.chmod(stage, 0o777 & ~_umask())  # mkdtemp makes it private; the corpus is an ordinary folder
    try:
        yield stage
        swap_in(stage, target)
    finally:
        shutil.rmtree(stage, ignore_errors=True)  # after an exchange, this is the old folder


def swap_in(stage: Path, target: Path) -> None:
    """Make `stage` the folder `target`; the old `target`, if any, is left at `stage`."""
    if not target.exists():
        os.rename(stage, target)
        return
    if _exchange(stage, target):
        return
    old = stage.with_name(stage.name + ".old")
    os.rename(target, old)
    try:
        os.rename(stage, target)
    except BaseException:
        os.rename(old, target)  # put the old corpus back before giving up
        raise
    try:
        os.rename(old, stage)
    except OSError:
        pass  # the new corpus is in place; the next build removes the stale .old folder


# Not thresholds: Linux ABI values from <linux/fs.h> and <fcntl.h> for renameat2 (docs/thresholds.md).
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):
        return False  # this file system cannot: fall back to two renames
    raise OSError(err, os.strerror(err), str(b))


def remove_stale_stages(target: Path) -> list[Path]:
    """Remove the staging folders that builds of `target` left when they were killed."""
    removed = []
    for stage in target.parent.glob(f".{target.name}{STAGE_MARK}*"):
        owner = stage.name[len(target.name) + len(STAGE_MARK) + 1:].split(".")[0]
        if owner.isdigit() and int(owner) != os.getpid() and _alive(int(owner)):
            continue  # another build is running
        shutil.rmtree(stage, ignore_errors=True)
        removed.append(stage)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
