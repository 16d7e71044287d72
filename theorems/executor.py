"""Runs the measurements of claims serially (the default) or as tasks on dask.distributed.

Serial: ``engine.run_claim`` claim after claim; this path never imports Dask.

Dask (``check --executor dask --workers N`` or ``--scheduler ADDRESS``): every measurement not yet in the run
store is one task keyed by (claim id, point key, repetition) (``task_key``; the key also holds the seed, scale,
backend and the measuring code's fingerprint, so two runs sharing a scheduler never share a task). A worker
only computes ``engine.measure_one`` (the claim imported by id through the registry, the backend selected by
name on the worker) and returns (values, seconds); it checks first that it runs the driver's code (same
fingerprint). The driver is the only writer of the run store: it appends each record as its task completes
(``as_completed``), so resume works unchanged, and judges a claim (``engine.judge_claim``, as the serial path)
as soon as its last measurement is stored. Records are keyed by content and every measurement draws from
its own content-keyed generator, so the stored values equal the serial run's whatever the worker count and
the completion order (only the line order of ``results.jsonl`` and the "seconds" differ).

Lost workers: dask reschedules the tasks a lost worker held; a task that raises is retried ``RETRIES``
times. Each Dask record has "attempts": how many times the scheduler sent that task to a worker (counted
by a scheduler plugin; 1 unless a worker was lost or the measurement raised); the run manifest's
"executions" list gets, per Dask run, the tasks run, the tasks that needed more than one attempt and the
extra attempts.
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field

from kernels.errors import InputError

from . import engine
from .engine import Progress
from .store import RunStore, code_fingerprint

EXECUTORS = ("serial", "dask")
RETRIES = 2
KEY_PREFIX = "nnclaims-measure-"
_PLUGIN = "nnclaims-attempts"
_BACKEND_CACHE: dict = {}
_BLAS_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


@dataclass
class DaskOptions:
    """Where the Dask tasks run: a LocalCluster of ``workers`` processes, or the cluster at ``scheduler``, or an
    already connected ``client`` (tests, embedding)."""
    workers: int | None = None
    scheduler: str | None = None
    client: object = None
    connect_timeout: str = "20s"
    after_store: object = None            # called with the number of stored measurements (tests)
    stats: dict = field(default_factory=dict)


def require_dask():
    """``dask.distributed`` or an InputError naming ``--executor`` when it is not installed."""
    try:
        import dask.distributed as dd  # noqa: PLC0415
    except ImportError as exc:
        raise InputError("--executor", f"dask needs dask.distributed, which is not installed ({exc}); "
                                       "install it with pip install -e '.[dask]', or use --executor serial") from None
    return dd


def run_claims(claims, scale: str, store: RunStore, root_seed: int, backend, *, executor: str = "serial",
               dask: DaskOptions | None = None, quiet: bool = False, echo=None, progress: Progress | None = None):
    """Measure and judge ``claims`` into ``store``; the verdicts in the order of ``claims``. ``echo(verdict,
    claim, seconds)`` is called as each claim is judged; ``progress`` (unit claims) is told claims done."""
    if executor not in EXECUTORS:
        raise InputError("--executor", f"must be one of {', '.join(EXECUTORS)} (got {executor!r})")
    if progress is not None:
        progress.total = len(claims)
    if executor == "serial":
        verdicts = []
        for k, c in enumerate(claims):
            if progress is not None:
                progress.update(k, current=c.id)
            t0 = time.monotonic()
            v = engine.run_claim(c, scale, store, root_seed, backend, quiet=quiet)
            verdicts.append(v)
            if echo:
                echo(v, c, time.monotonic() - t0)
        if progress is not None:
            progress.update(len(claims))
        return verdicts
    return _run_dask(claims, scale, store, root_seed, backend, dask or DaskOptions(), quiet, echo, progress)


def task_key(claim_id: str, point_key: str, rep: int, root_seed: int, scale: str, backend_name: str) -> str:
    """The deterministic Dask key of one measurement."""
    return f"{KEY_PREFIX}{code_fingerprint()[:12]}-{root_seed}-{scale}-{backend_name}-{claim_id}-{point_key}-{rep}"


def measure_task(claim_id: str, point: dict, point_key: str, rep: int, root_seed: int, backend_name: str,
                 fingerprint: str):
    """On a worker: one measurement, (values, seconds). Refuses to measure with code other than the driver's."""
    from kernels import backend as backends  # noqa: PLC0415

    from . import registry  # noqa: PLC0415
    if code_fingerprint() != fingerprint:
        raise RuntimeError(f"this worker runs other measuring code (fingerprint {code_fingerprint()[:12]}, "
                           f"driver {fingerprint[:12]}); install the driver's version of nnclaims on every worker")
    be = _BACKEND_CACHE.get(backend_name)
    if be is None:
        be = _BACKEND_CACHE[backend_name] = backends.select(backend_name)
    return engine.measure_one(registry.get(claim_id), point, point_key, rep, root_seed, be)


def _connect(dd, opts: DaskOptions):
    """(client, cluster or None, description)."""
    if opts.client is not None:
        return opts.client, None, "given client"
    if opts.scheduler:
        try:
            client = dd.Client(opts.scheduler, timeout=opts.connect_timeout)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            raise InputError("--scheduler", f"cannot connect to a Dask scheduler at {opts.scheduler!r} "
                                            f"({type(exc).__name__}: {exc})") from None
        return client, None, f"scheduler {opts.scheduler}"
    import dask  # noqa: PLC0415
    n = opts.workers or 1
    env = {**dask.config.get("distributed.nanny.pre-spawn-environ", {}), **blas_environment()}
    with dask.config.set({"distributed.nanny.pre-spawn-environ": env}):
        cluster = dd.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
    return dd.Client(cluster), cluster, f"LocalCluster of {n} worker processes"


def blas_environment() -> dict:
    """The BLAS thread settings of this (the driver's) process, for the workers. Some LAPACK routines (e.g. the
    symmetric eigensolver in OpenBLAS) round differently with another thread count, so the workers must use the
    thread count a serial run here uses: Dask's default of one BLAS thread per worker changed the last bits of
    5 of 9558 quick-scale records (large eigenvalue problems) in our measurement."""
    n = next((os.environ[v] for v in _BLAS_VARS if os.environ.get(v)), None)
    if n is None:
        n = str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    return {v: n for v in _BLAS_VARS}


def _attempt_counter():
    """A scheduler plugin counting, per measurement key, the transitions to "processing" (defined here so that
    it is pickled by value: the scheduler needs no nnclaims install)."""
    from distributed.diagnostics.plugin import SchedulerPlugin  # noqa: PLC0415

    class AttemptCounter(SchedulerPlugin):
        name = _PLUGIN

        def __init__(self):
            self.counts = {}

        def transition(self, key, start, finish, *args, **kwargs):
            if finish == "processing" and isinstance(key, str) and key.startswith(KEY_PREFIX):
                self.counts[key] = self.counts.get(key, 0) + 1

    return AttemptCounter()


def _pop_attempts(dask_scheduler=None, keys=()):
    plugin = dask_scheduler.plugins.get("nnclaims-attempts")
    if plugin is None:
        return {}
    return {k: plugin.counts.pop(k, None) for k in keys}


def _run_dask(claims, scale, store, root_seed, backend, opts: DaskOptions, quiet, echo, progress):
    dd = require_dask()
    unique = list({c.id: c for c in claims}.values())
    grids = {}
    for c in unique:
        keys = c.point_keys(scale)
        reps = c.reps(scale)
        store.begin_claim(c.id, keys, reps)
        grids[c.id] = (c.points(scale), keys, reps)
    todo = [(c.id, i, point, key, r) for c in unique for i, (point, key) in
            enumerate(zip(grids[c.id][0], grids[c.id][1])) for r in range(grids[c.id][2])
            if not store.done(c.id, key, r)]
    pending = {c.id: 0 for c in unique}
    for cid, *_ in todo:
        pending[cid] += 1
    total = sum(len(g[0]) * g[2] for g in grids.values())
    done_count = total - len(todo)
    prog = Progress("dask", total, quiet=quiet)
    verdicts, t0 = {}, time.monotonic()
    fp = code_fingerprint()
    stats = opts.stats
    stats.update(tasks=len(todo), retried_tasks=0, extra_attempts=0, unknown_attempts=0)

    def judge(c):
        v = engine.judge_claim(c, scale, store, root_seed, backend.name)
        verdicts[c.id] = v
        if progress is not None:
            progress.update(len(verdicts), current=c.id)
        if echo:
            echo(v, c, time.monotonic() - t0)

    if progress is not None:
        progress.total = len(unique)
    if not todo:                                     # everything stored already: no cluster needed
        for c in unique:
            judge(c)
        return [verdicts[c.id] for c in claims]
    client, cluster, where = _connect(dd, opts)
    try:
        if not quiet:
            print(f"dask: {len(todo)} measurements to run of {total}, on {where}", file=sys.stderr)
        try:
            client.register_plugin(_attempt_counter(), name=_PLUGIN)
            counting = True
        except Exception as exc:                     # e.g. a scheduler that cannot unpickle it
            counting = False
            print(f"dask: attempts not counted ({type(exc).__name__}: {exc})", file=sys.stderr)
        futures = {}
        for cid, i, point, key, r in todo:
            k = task_key(cid, key, r, root_seed, scale, backend.name)
            fut = client.submit(measure_task, cid, point, key, r, root_seed, backend.name, fp, key=k,
                                retries=RETRIES, pure=False)
            futures[fut] = (cid, i, point, key, r)
        by_id = {c.id: c for c in unique}
        for c in unique:                             # claims measured entirely before: judged now
            if pending[c.id] == 0:
                judge(c)
        ac = dd.as_completed(list(futures), with_results=False)
        for batch in ac.batches():
            results = client.gather(batch)           # a measurement that raised on every attempt raises here
            attempts = {}
            if counting:
                try:
                    attempts = client.run_on_scheduler(_pop_attempts, keys=[f.key for f in batch])
                except Exception:
                    attempts = {}
            for fut, (values, secs) in zip(batch, results):
                cid, i, point, key, r = futures.pop(fut)
                n = attempts.get(fut.key)
                if n is None:
                    stats["unknown_attempts"] += 1
                elif n > 1:
                    stats["retried_tasks"] += 1
                    stats["extra_attempts"] += n - 1
                store.append(engine.make_record(cid, scale, i, key, point, r, values, secs, attempts=n))
                done_count += 1
                pending[cid] -= 1
                prog.update(done_count, current=cid)
                if opts.after_store:
                    opts.after_store(done_count)
                if pending[cid] == 0:
                    judge(by_id[cid])
        prog.update(total)
    finally:
        if opts.client is None:
            client.close()
            if cluster is not None:
                cluster.close()
    _record_execution(store, where, stats)
    if not quiet and stats["retried_tasks"]:
        print(f"dask: {stats['retried_tasks']} measurement(s) needed more than one attempt "
              f"({stats['extra_attempts']} extra); recorded per record as 'attempts'", file=sys.stderr)
    return [verdicts[c.id] for c in claims]


def _record_execution(store: RunStore, where: str, stats: dict) -> None:
    """Append this Dask run's task counts to the manifest's "executions" list (not part of the run's identity)."""
    entry = {"executor": "dask", "where": where, **stats,
             "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    store.manifest.setdefault("executions", []).append(entry)
    store._write_manifest()
