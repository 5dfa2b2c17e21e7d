"""The build on dask: `python -m helpers build --engine dask [--scheduler tcp://host:8786]`.

The same per-document function as the local build (pipeline.render_csv: load, clean, split,
sentences, tokens, figures, rendered as CSV rows, cached per file in the worker's .cache/build)
runs on the workers of a dask cluster, one task per file. This process submits the files a few per
worker thread at a time, takes the results back in doc_id order, writes each to its part file and
appends it to the staged tables exactly as the local build does (pipeline.write_streaming), so the
corpus is the same bytes and memory stays flat however many pages there are. Without --scheduler
a local cluster of worker processes (one per core, or --jobs) is started and stopped with the build.

A worker on another machine must run the same helpers code with the same lexicon from the same
folder (documents.path is written relative to the project), and see the seed files at the paths
this process sees (a shared file system): every task checks the code, the lexicon and the folder,
and a worker that differs stops the build with one line, before anything is written.

dask and distributed are an optional extra (`pip install -e '.[dask]'`), imported only here.
"""
from __future__ import annotations

import gc
import os
from collections import deque
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from . import paths, pipeline
from .loading import InputError
from .progress import progress

CONNECT_TIMEOUT = "10s"  # to reach a scheduler
WORKER_TIMEOUT = 60  # seconds to wait for the first worker of a scheduler that has none yet
PER_THREAD = 3  # documents submitted ahead per worker thread: enough to keep workers busy, few to hold


class WorkerMismatch(Exception):
    """A worker runs other helpers code, another lexicon or another project folder than this process."""


def _require():
    try:
        import dask  # noqa: F401
        import distributed
    except ImportError as err:
        raise InputError("--engine dask", f"needs the optional packages dask and distributed ({err.name} is not "
                         "installed): pip install -e '.[dask]', or pip install -r requirements.txt") from None
    return distributed


def fingerprint() -> tuple[str, str, str]:
    """What a worker must share with the process that submits: code, lexicon, project folder."""
    return pipeline.code_key(), pipeline.lexicon_key(), str(paths.ROOT)


_tuned = False


def render_on_worker(path: Path, doc_id: str, use_cache: bool, expected: tuple[str, str, str]):
    """pipeline.render_csv on a worker, after checking that the worker would write the same bytes."""
    global _tuned
    if not _tuned:  # as the local pool's workers do (pipeline._worker_init)
        gc.set_threshold(100_000, 50, 100)
        _tuned = True
    here = fingerprint()
    if here != expected:
        what = [name for name, a, b in zip(("helpers code", "lexicon", "project folder"), here, expected) if a != b]
        raise WorkerMismatch(f"a dask worker has another {' and '.join(what)} than this machine"
                             f"{f' ({here[2]})' if here[2] != expected[2] else ''}: install the same checkout at "
                             f"the same path ({expected[2]}) on every worker")
    return pipeline.render_csv(path, doc_id, use_cache)


@contextmanager
def engine(scheduler: str | None, jobs: int = 0):
    """run(files, use_cache, parts) for pipeline.build, on a client of `scheduler` or of a local cluster."""
    distributed = _require()
    where = scheduler or "local dask cluster"
    cluster = client = None
    try:
        try:
            if scheduler:
                client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
            else:
                cluster = distributed.LocalCluster(n_workers=jobs or os.cpu_count() or 1, threads_per_worker=1,
                                                   processes=True, dashboard_address=None)
                client = distributed.Client(cluster, set_as_default=False)
        except (OSError, ValueError, TypeError) as err:  # unreachable, refused, a malformed address
            raise InputError(where, f"cannot reach the dask scheduler ({_first_line(err)})") from None
        try:
            client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
        except (OSError, TimeoutError) as err:
            raise InputError(where, f"no dask worker joined the scheduler in {WORKER_TIMEOUT} s ({_first_line(err)})") \
                from None
        yield partial(iter_results, client, where)
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()


def iter_results(client, where: str, files: list[Path], use_cache: bool, parts: Path):
    """(doc_id, stage_document result) per file in doc_id order, the rendering done by the workers."""
    pairs = pipeline._ordered_inputs(files)
    expected = fingerprint()
    window = PER_THREAD * max(1, sum(client.nthreads().values()))
    results = _gathered(client, where, pairs, use_cache, parts, expected, window)
    yield from zip((doc_id for doc_id, _ in pairs), progress(results, total=len(pairs), desc="build"))


def _gathered(client, where, pairs, use_cache, parts, expected, window):
    from distributed import KilledWorker

    pending: deque = deque()
    todo = iter(pairs)
    try:
        while True:
            while len(pending) < window:
                nxt = next(todo, None)
                if nxt is None:
                    break
                doc_id, path = nxt
                future = client.submit(render_on_worker, Path(path).absolute(), doc_id, use_cache, expected, pure=False)
                pending.append((doc_id, path, future))
            if not pending:
                return
            doc_id, path, future = pending.popleft()
            try:
                rendered = future.result()
            except WorkerMismatch as err:
                raise InputError(where, str(err)) from None
            except (KilledWorker, OSError, TimeoutError) as err:  # a worker died, the scheduler went away
                raise InputError(where, f"the dask cluster failed ({_first_line(err)}); corpus left as it was") \
                    from None
            finally:
                future.release()
            if isinstance(rendered, InputError):  # as the local build reports it: the path as given
                yield InputError(path, rendered.problem)
            else:
                yield pipeline.write_part(rendered, doc_id, parts)
    finally:
        if pending:
            client.cancel([future for _, _, future in pending])


def _first_line(err: BaseException) -> str:
    text = str(err).strip() or type(err).__name__
    return text.splitlines()[0]

