"""Checking a class set: every draft against one compiled rubric, across cores.

The parent compiles (or loads from the cache) the rubric once; on Linux the workers are
forked from it and inherit it, so a worker starts in milliseconds and the rubric is
never pickled. Elsewhere (spawn) each worker loads it from the cache once. Workers read
their drafts themselves and send back only :class:`~.summary.DraftResult` rows.

A draft that cannot be checked — missing, binary, not UTF-8, empty, too large, a Word
file — is a row with the reason, never the end of the batch; so is a draft that
trips a bug in the engine, and the drafts of a worker that died.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..errors import IbessayError
from .gather import DOCUMENT_SUFFIXES, Submission
from .summary import DraftResult, failed, summarize

if TYPE_CHECKING:
    from ..content.model import Prompt
    from ..engine.compiled import CompiledRubric

#: Below this many drafts a set is checked in this process: starting workers costs more
#: than it saves (bench/bench_classset.py).
PARALLEL_FROM = 24
#: Fork the workers from the parent, rubric and all (Linux); elsewhere fork is unsafe
#: (macOS) or absent (Windows), and each spawned worker loads the rubric from the cache.
FORK = sys.platform.startswith("linux")
#: Drafts per task handed to a worker: enough to make the round trip cheap, few enough
#: that a progress bar moves; the last tasks are smaller (_chunks), down to _LAST_CHUNK.
CHUNK = 25
_LAST_CHUNK = 5

Progress = Callable[[int, int], None]  # (drafts done, drafts in all)
#: What a spawned worker is given: the (prompt id, rubric) to find the rubric again, and
#: whether rows keep what to work on.
Spawn = tuple["tuple[str | None, str | None] | None", bool]

# What a worker checks against, and whether its rows keep what to work on: set in the
# parent before forking, or by _load in a spawned worker.
_rubric: tuple[Any, Any, bool] | None = None


def check_set(submissions: Sequence[Submission], compiled: CompiledRubric,
              prompt: Prompt | None, *, jobs: int | None = None,
              progress: Progress | None = None,
              spec: tuple[str | None, str | None] | None = None,
              work_on: bool = True) -> list[DraftResult]:
    """Check every submission; the rows are in the order of ``submissions``.

    ``jobs``: worker processes (default: one per core; 1 checks in this process).
    ``work_on``: keep each draft's list of what to work on (the formats with a section
    per student); without it a row costs a worker 0.13 ms less (bench/bench_classset.py).
    ``spec``: (prompt id, rubric) for :func:`ibessay.engine.compiled.resolve`, with which
    a spawned worker (not Linux) finds the rubric again.
    """
    global _rubric
    total = len(submissions)
    # Processes beyond the cores only take turns (--jobs 256 made 5,000 drafts 3× slower);
    # twice the cores leaves room for drafts on a slow network drive.
    cores = os.cpu_count() or 1
    jobs = min(jobs or cores, 2 * cores)
    _rubric = (compiled, prompt, work_on)
    if jobs <= 1 or total < PARALLEL_FROM:
        rows = []
        for done, submission in enumerate(submissions, 1):
            rows.append(check_one(submission))
            if progress is not None and (done % CHUNK == 0 or done == total):
                progress(done, total)
        return rows
    return _in_parallel(submissions, jobs, progress, (spec, work_on))


def check_one(submission: Submission) -> DraftResult:
    """One draft's row, whatever is wrong with the file."""
    from ..content.drafts import read_draft
    from ..engine.check import check_text

    assert _rubric is not None
    compiled, prompt, work_on = _rubric
    path, student = submission
    if path.lower().endswith(DOCUMENT_SUFFIXES):
        kind = path.rsplit(".", 1)[-1].upper()
        return failed(student, path, f"a {kind} file, not text: save the essay as .txt or "
                      ".md (File > Save As / Download as > Plain text)")
    if not os.path.lexists(path):  # read_draft's hint is for one draft: stdin, attempts
        return failed(student, path, f"draft '{path}' not found")
    try:
        draft = read_draft(path)
        return summarize(check_text(draft.text, compiled, path, prompt), student, path,
                         work_on)
    except IbessayError as exc:
        return failed(student, path, exc.message + (f"; {exc.hint}" if exc.hint else ""))
    except RecursionError:
        return failed(student, path, "too deeply nested to check")
    except Exception as exc:  # a bug on one draft must not lose the other 999
        return failed(student, path, f"ibessay could not check it: internal error "
                      f"({type(exc).__name__}: {exc}); please report it")


def _check_chunk(chunk: Sequence[Submission]) -> list[DraftResult]:
    # Rows go to the parent as they are: what repeats in them is one object each
    # (summary._shared), which pickle sends once a chunk.
    return [check_one(s) for s in chunk]


def _in_parallel(submissions: Sequence[Submission], jobs: int, progress: Progress | None,
                 spawn: Spawn) -> list[DraftResult]:
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    total = len(submissions)
    chunks = _chunks(total, jobs)
    rows: list[DraftResult | None] = [None] * total
    done = 0
    with _pool(min(jobs, len(chunks)), spawn) as pool:
        pending = {pool.submit(_check_chunk, [submissions[i] for i in chunk]): chunk
                   for chunk in chunks}
        try:
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    chunk = pending.pop(future)
                    try:
                        rows[chunk.start:chunk.stop] = future.result()
                    except BrokenProcessPool:
                        continue  # its drafts are checked again below
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total)
        except BaseException:
            # Cancel what has not started and wait for the chunks being checked (a
            # fraction of a second). Not wait=False: that lets go of the pool at once,
            # and a pool already let go cancels nothing, so its workers went on to
            # check every draft left after Ctrl-C before the process could exit.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    left = [i for i, row in enumerate(rows) if row is None]
    if left:
        _one_by_one(submissions, left, rows, spawn)
        if progress is not None:
            progress(total, total)
    return rows  # type: ignore[return-value]  # every row is set


def _chunks(total: int, jobs: int) -> list[range]:
    """The drafts' indexes in tasks of CHUNK, smaller towards the end, so that the
    workers finish together: with equal chunks, one worker sat idle for half a chunk
    at the end on average (35 ms of 1.6 s for 1,000 drafts; bench/bench_classset.py)."""
    chunks = []
    start = 0
    while start < total:
        size = max(_LAST_CHUNK, min(CHUNK, (total - start) // (2 * jobs)))
        chunks.append(range(start, min(start + size, total)))
        start += size
    return chunks


def _one_by_one(submissions: Sequence[Submission], left: list[int],
                rows: list[DraftResult | None], spawn: Spawn) -> None:
    """After a worker died (killed, out of memory), which killed the whole pool: check
    the drafts it left one at a time in a new worker, so that only a draft that kills
    its worker again is lost, as a row that says so."""
    from concurrent.futures.process import BrokenProcessPool

    while left:
        with _pool(1, spawn) as pool:
            futures = [pool.submit(_check_chunk, [submissions[i]]) for i in left]
            for n, future in enumerate(futures):
                i = left[n]
                try:
                    rows[i] = future.result()[0]
                except BrokenProcessPool:
                    rows[i] = failed(submissions[i].student, submissions[i].path,
                                     "not checked: the process checking it was killed "
                                     "(out of memory?)")
                    left = left[n + 1:]
                    break
            else:
                left = []


@contextmanager
def _pool(workers: int, spawn: Spawn) -> Iterator[Any]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if not FORK:
        with ProcessPoolExecutor(workers, multiprocessing.get_context("spawn"),
                                 initializer=_load, initargs=spawn) as pool:
            yield pool
        return
    # A pipe whose write end only this process keeps (each worker closes the copy it is
    # forked with): when this process ends, however it ends (SIGKILL too), the kernel
    # closes that end and every worker's read of the pipe returns.
    watched, held = os.pipe()
    try:
        with ProcessPoolExecutor(workers, multiprocessing.get_context("fork"),
                                 initializer=_quiet, initargs=(watched, held)) as pool:
            yield pool
    finally:
        os.close(held)
        os.close(watched)


def _quiet(watched: int, held: int) -> None:
    """A forked worker leaves Ctrl-C to the parent, which stops them all and says so
    once; and it dies with the parent, however that dies (SIGTERM, SIGKILL): it would
    otherwise wait for ever for work from a parent that is gone. A thread waits for the
    parent's end of the pipe to close; prctl(PR_SET_PDEATHSIG) did the same, but importing
    ctypes for it held up each worker's first draft by 13 ms (bench/bench_classset.py)."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.close(held)
    threading.Thread(target=_exit_with_parent, args=(watched,), daemon=True).start()


def _exit_with_parent(watched: int) -> None:
    import signal

    while os.read(watched, 1):  # nothing is written: it returns only at the end
        pass
    # The parent is gone, and whatever this worker was checking is lost with it.
    os.kill(os.getpid(), signal.SIGKILL)


def _load(spec: tuple[str | None, str | None] | None, work_on: bool) -> None:
    global _rubric
    import signal

    from ..content.library import Library
    from ..engine.compiled import resolve

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    prompt_id, rubric = spec or (None, None)
    prompt, compiled = resolve(Library.default(), prompt_id, rubric)
    _rubric = (compiled, prompt, work_on)
