"""warmte batch: the study area in partitions, resumable, on one machine or a Dask cluster.

    import warmte
    warmte.batch("project.toml", "out/country")                       # in this process
    warmte.batch("project.toml", "out/country", workers=2)            # two local processes
    warmte.batch("project.toml", "out/country", client=dask_client)   # Dask tasks

The study area is split by municipality (or square tiles); each partition reads only its buurten
and what lies within a halo around them (libwarmte/include/warmte/batch.hpp says why that gives
exactly the whole run's answer). Three steps, each writing its files atomically under DIR:

    DIR/steps/<id>.state        step 1 per partition: its local phase (read, repaired, overlaid,
                                measured once), saved by the library
    DIR/steps/global.*          step 2 once: the DH areas, the aquathermie matching, residual heat and
                                geothermal of the whole area (global.state; sources in global.gpkg)
    DIR/parts/<id>.gpkg         step 3 per partition: the two states finished, its buurten as
                                warmte analyse writes them
    DIR/result.gpkg             the parts merged, plus a `partitions` table

Every file has a manifest (<file>.json) with the hash of what it was made from (configuration,
input files' sizes and times, partition, the steps before it); a restart keeps a file whose hash
is unchanged (resume) unless force=True. Tasks get paths, never geometry: a Dask worker reads its
own inputs from the shared file system and writes its own part.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
import traceback
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from warmte import _core

# A failed task is retried this many times before it is reported (issue 16: once).
TASK_RETRIES = 1


@dataclass
class PartitionStatus:
    id: str
    buurten: int
    buildings: int = 0
    seconds: float = 0.0
    status: str = "pending"  # done, resumed, failed
    error: str = ""


@dataclass
class BatchResult:
    """What a batch did: the merged GeoPackage (None when a partition failed) and per partition."""

    out: Path
    result: Path | None
    partitions: list[PartitionStatus] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.result is not None and all(p.status in ("done", "resumed") for p in self.partitions)

    @property
    def failed(self) -> list[PartitionStatus]:
        return [p for p in self.partitions if p.status == "failed"]


# --- files -----------------------------------------------------------------------------------


def _hash(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode())
        h.update(b"\0")
    return h.hexdigest()


def _write_atomic(path: Path, write) -> None:
    """Writes through `write(temporary_path)` and renames: a killed run leaves no half file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _manifest(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _complete(path: Path, key: str) -> dict | None:
    """The manifest of a finished file made from `key`, else None."""
    m = _manifest(path)
    if not (path.exists() and m.exists()):
        return None
    try:
        info = json.loads(m.read_text())
    except (OSError, ValueError):
        return None
    return info if info.get("key") == key else None


def _finish(path: Path, key: str, **info) -> None:
    text = json.dumps({"key": key, **info})
    _write_atomic(_manifest(path), lambda tmp: tmp.write_text(text))


# --- the tasks (top-level functions: they run in other processes and on Dask workers) ---------


def _plan_file(out: Path) -> Path:
    return out / "steps" / "plan.json"


def _load_plan(out: Path) -> dict:
    plan = json.loads(_plan_file(out).read_text())
    plan["buurt_fids"] = np.asarray(plan["buurt_fids"], dtype=np.int64)
    plan["buurt_boxes"] = np.asarray(plan.get("buurt_boxes", []), dtype=np.float64)
    for p in plan["partitions"]:
        p["own"] = np.asarray(p["own"], dtype=np.uint32)
    return plan


def _state_path(out: Path, pid: str) -> Path:
    return out / "steps" / f"{pid}.state"


def _global_state(out: Path) -> Path:
    return out / "steps" / "global.state"


def _part_path(out: Path, pid: str) -> Path:
    return out / "parts" / f"{pid}.gpkg"


def _step(path: Path, key: str, compute, done_too=lambda: True) -> dict:
    """A step's file: kept when its manifest says it was made from `key` (and `done_too()`),
    else made by `compute()`, which returns what the manifest records besides the seconds."""
    done = _complete(path, key)
    if done and done_too():
        return {**done, "resumed": True}
    start = time.perf_counter()
    info = {**compute(), "seconds": time.perf_counter() - start}
    _finish(path, key, **info)
    return {**info, "resumed": False}


def _task_local(project: str, out: str, index: int, key: str, threads: int) -> dict:
    """Step 1 of one partition; returns its buildings and seconds."""
    out_dir = Path(out)
    plan = _load_plan(out_dir)
    part = plan["partitions"][index]
    path = _state_path(out_dir, part["id"])

    def compute():
        r = _core.batch_local(project, part, plan, str(path), threads)
        return {"buildings": int(r["buildings"]), "stages": [[stage, seconds] for stage, seconds in r["timings"]]}

    return _step(path, key, compute)


def _task_global(project: str, out: str, ids: list[str], key: str, threads: int) -> dict:
    """Step 2, once: reads the partitions' summaries from their states."""
    out_dir = Path(out)
    state, gpkg = _global_state(out_dir), out_dir / "steps" / "global.gpkg"

    def compute():
        _core.batch_global(project, [str(_state_path(out_dir, pid)) for pid in ids], str(state), str(gpkg), threads)
        return {}

    return _step(state, key, compute, gpkg.exists)


def _task_part(project: str, out: str, index: int, key: str, threads: int) -> dict:
    """Step 3 of one partition; returns its buurten and seconds."""
    out_dir = Path(out)
    plan = _load_plan(out_dir)
    part = plan["partitions"][index]
    path = _part_path(out_dir, part["id"])

    def compute():
        stats = _core.batch_part(project, str(_state_path(out_dir, part["id"])), str(_global_state(out_dir)),
                                 str(path), threads)
        return {"buurten": int(stats["buurten"])}

    return _step(path, key, compute)


# --- running tasks: here, in local processes, or on Dask --------------------------------------


class _Runner:
    """Runs a list of (name, function, args) and yields (name, result or exception)."""

    def __init__(self, workers: int = 1, client=None):
        self.workers, self.client = workers, client
        self.pool = ProcessPoolExecutor(workers) if client is None and workers > 1 else None

    def run(self, tasks):
        if self.client is not None:
            yield from self._dask(tasks)
        elif self.pool is not None:
            yield from self._pool(tasks)
        else:
            for name, fn, args in tasks:
                yield name, self._with_retry(fn, args)

    @staticmethod
    def _with_retry(fn, args):
        error = None
        for _ in range(1 + TASK_RETRIES):
            try:
                return fn(*args)
            except Exception as e:  # noqa: BLE001 - reported per partition, the others go on
                error = e
        return error

    def _pool(self, tasks):
        pending = {}
        for name, fn, args in tasks:
            pending[self.pool.submit(fn, *args)] = (name, fn, args, 0)
        while pending:
            for future in as_completed(list(pending)):
                name, fn, args, tries = pending.pop(future)
                try:
                    yield name, future.result()
                except Exception as e:  # noqa: BLE001
                    if tries < TASK_RETRIES:
                        pending[self.pool.submit(fn, *args)] = (name, fn, args, tries + 1)
                    else:
                        yield name, e
                break  # the dict changed: collect again

    def _dask(self, tasks):
        from distributed import as_completed as dask_completed

        futures = {}
        for name, fn, args in tasks:
            # pure=False: a task is rerun when asked again (its files say whether it is done).
            f = self.client.submit(fn, *args, pure=False, retries=TASK_RETRIES, key=f"warmte-{name}-{time.time_ns()}")
            futures[f] = name
        for f in dask_completed(list(futures)):
            name = futures[f]
            if f.status == "error":
                yield name, f.exception()
            else:
                yield name, f.result()

    def close(self):
        if self.pool is not None:
            self.pool.shutdown()


# --- progress ------------------------------------------------------------------------------------


class _Progress:
    def __init__(self, total: int, quiet: bool):
        self.total, self.quiet = total, quiet
        self.start = time.perf_counter()
        self.done = 0
        self.buildings = 0

    def step(self, what: str, done: int, buildings: int = 0):
        self.done, self.buildings = done, self.buildings + buildings
        if self.quiet:
            return
        elapsed = time.perf_counter() - self.start
        rate = self.buildings / elapsed if elapsed > 0 else 0.0
        left = elapsed / done * (self.total - done) if done else float("nan")
        line = f"{what}: {done}/{self.total} partitions, {rate:,.0f} buildings/s"
        if done < self.total and left == left:
            line += f", ~{left:,.0f} s left"
        end = "\n" if done == self.total else ""
        if sys.stderr.isatty():
            print("\r" + line.ljust(80), end=end, file=sys.stderr, flush=True)
        elif done == self.total or done % max(1, self.total // 20) == 0:
            print(line, file=sys.stderr, flush=True)


# --- the batch ----------------------------------------------------------------------------------


def _connect(client, dask: str | None, scheduler: str | None):
    """The Dask client to run on (None: local processes) and the LocalCluster made here, if any."""
    if client is not None or not (dask or scheduler):
        return client, None
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    if not dask.startswith("local:") or not dask[6:].isdigit() or int(dask[6:]) < 1:
        raise _core.ConfigError(f"--dask takes local:N with N workers, e.g. local:2, not '{dask}'")
    cluster = LocalCluster(n_workers=int(dask[6:]), threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster), cluster


def _threads_per_task(threads: int | None, workers: int, client) -> int:
    """The threads each task runs on: the cores over the tasks running at once (0: all, alone)."""
    if threads is not None:
        return threads
    parallel = workers if client is None else max(1, len(client.scheduler_info().get("workers", {})) or 1)
    return max(1, (os.cpu_count() or 1) // max(1, parallel)) if parallel > 1 or client is not None else 0


def _write_plan(project: str, out: Path, partition: str) -> dict:
    plan = _core.batch_plan(project, partition)
    plan_json = {"partition": partition, "buurt_fids": plan["buurt_fids"].tolist(),
                 "buurt_boxes": plan["buurt_boxes"].tolist(),
                 "partitions": [{"id": p["id"], "own": p["own"].tolist(), "extent": list(p["extent"])}
                                for p in plan["partitions"]]}
    _write_atomic(_plan_file(out), lambda tmp: tmp.write_text(json.dumps(plan_json)))
    return plan


@dataclass
class _Batch:
    """One batch run: what its steps share."""

    project: str
    out: Path
    plan: dict
    keys: list[str]
    threads: int
    runner: "_Runner"
    quiet: bool
    status: list[PartitionStatus] = field(default_factory=list)

    def failed(self) -> bool:
        return any(s.status == "failed" for s in self.status)

    def _by_id(self) -> dict:
        return {p["id"]: i for i, p in enumerate(self.plan["partitions"])}

    def local_step(self) -> None:
        """Step 1: each partition's local phase, saved."""
        parts, by_id = self.plan["partitions"], self._by_id()
        progress = _Progress(len(parts), self.quiet)
        tasks = [(p["id"], _task_local, (self.project, str(self.out), i, self.keys[i], self.threads))
                 for i, p in enumerate(parts)]
        for n, (name, r) in enumerate(self.runner.run(tasks), 1):
            s = self.status[by_id[name]]
            if isinstance(r, BaseException):
                s.status, s.error = "failed", _describe(r)
                progress.step("step 1 (local phase)", n)
                continue
            s.buildings, s.seconds = r["buildings"], r["seconds"]
            s.status = "resumed" if r["resumed"] else "local"
            progress.step("step 1 (local phase)", n, r["buildings"])

    def global_step(self) -> str:
        """Step 2, once; returns its key."""
        key = _hash(*self.keys)
        ids = [p["id"] for p in self.plan["partitions"]]
        [(_, r)] = list(self.runner.run([("global", _task_global, (self.project, str(self.out), ids, key,
                                                                    self.threads))]))
        if isinstance(r, BaseException):
            for s in self.status:
                s.status, s.error = "failed", "the whole-area step failed: " + _describe(r)
        return key

    def finish_step(self, global_key: str) -> tuple[list[str], bool]:
        """Step 3: each partition finished and written; returns the parts' keys and whether all resumed."""
        parts, by_id = self.plan["partitions"], self._by_id()
        progress = _Progress(len(parts), self.quiet)
        part_keys = [_hash(k, global_key) for k in self.keys]
        tasks = [(p["id"], _task_part, (self.project, str(self.out), i, part_keys[i], self.threads))
                 for i, p in enumerate(parts)]
        all_resumed = True
        for n, (name, r) in enumerate(self.runner.run(tasks), 1):
            s = self.status[by_id[name]]
            if isinstance(r, BaseException):
                s.status, s.error = "failed", _describe(r)
                progress.step("step 3 (partitions)", n)
                continue
            all_resumed &= r["resumed"] and s.status == "resumed"
            s.seconds += r["seconds"]  # s.buildings: owned, from step 1 (the part lists them only with its layer)
            s.status = "resumed" if r["resumed"] and s.status == "resumed" else "done"
            progress.step("step 3 (partitions)", n, s.buildings)
        return part_keys, all_resumed

    def merge(self, part_keys: list[str], all_resumed: bool) -> Path:
        """The parts and step 2's layers into OUT/result.gpkg (kept when nothing changed)."""
        result = self.out / "result.gpkg"
        merge_key = _hash(*part_keys)
        if not (all_resumed and _complete(result, merge_key)):
            status = self.status
            table = {"partition": [s.id for s in status], "buurten": [float(s.buurten) for s in status],
                     "buildings": [float(s.buildings) for s in status], "seconds": [s.seconds for s in status],
                     "status": [s.status for s in status]}
            _core.batch_merge(self.project, self.plan, [str(_part_path(self.out, p["id"])) for p in self.plan["partitions"]],
                              str(self.out / "steps" / "global.gpkg"), str(_global_state(self.out)), table,
                              str(result))
            _finish(result, merge_key)
        return result


def batch(project, out, *, partition: str = "municipality", force: bool = False, workers: int = 1,
          client=None, dask: str | None = None, scheduler: str | None = None, threads: int | None = None,
          quiet: bool = True) -> BatchResult:
    """Runs the project's analysis in partitions and merges them into OUT/result.gpkg.

    partition: "municipality" (fields.neighbourhoods.municipality) or "tiles:20km".
    force: redo every step (default: resume, keeping files whose inputs are unchanged).
    workers: partitions at the same time in local processes; client: a dask.distributed.Client
    (or dask="local:N" for a LocalCluster, scheduler="tcp://host:port" for a running cluster).
    threads: threads per task (default: the cores over the workers).
    """
    project = str(Path(project).resolve())
    out = Path(out).resolve()
    (out / "steps").mkdir(parents=True, exist_ok=True)
    (out / "parts").mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    client, own_cluster = _connect(client, dask, scheduler)
    threads = _threads_per_task(threads, workers, client)
    if Path(project).is_file():  # a missing one is batch_plan's error
        for warning in _core.secret_warnings(Path(project).read_text(), str(project)):
            warnings.warn(warning, stacklevel=2)
    plan = _write_plan(project, out, partition)
    parts = plan["partitions"]
    fingerprint = _core.batch_fingerprint(project)
    salt = "force-" + str(time.time_ns()) if force else ""
    keys = [_hash(fingerprint, partition, p["id"], ",".join(map(str, p["own"].tolist())), salt) for p in parts]
    run = _Batch(project, out, plan, keys, threads, _Runner(workers, client), quiet,
                 [PartitionStatus(p["id"], len(p["own"])) for p in parts])
    done = lambda result=None: _report(BatchResult(out, result, run.status, time.perf_counter() - started), quiet)  # noqa: E731
    try:
        run.local_step()
        if run.failed():
            return done()
        global_key = run.global_step()
        if run.failed():
            return done()
        part_keys, all_resumed = run.finish_step(global_key)
        if run.failed():
            return done()
        return done(run.merge(part_keys, all_resumed))
    finally:
        run.runner.close()
        if own_cluster is not None:
            client.close()
            own_cluster.close()


def _describe(e: BaseException) -> str:
    text = str(e) or type(e).__name__
    if not isinstance(e, _core.Error):
        text = f"{type(e).__name__}: {text}"
    return _core.redact(text)  # libwarmte's errors are redacted already; Python's and Dask's may quote a source


def _report(result: BatchResult, quiet: bool) -> BatchResult:
    for s in result.failed:  # errors, also when quiet
        print(f"warmte batch: partition {s.id} failed: {s.error}", file=sys.stderr)
    if not quiet:
        done = sum(s.status == "done" for s in result.partitions)
        resumed = sum(s.status == "resumed" for s in result.partitions)
        print(f"{len(result.partitions)} partitions: {done} computed, {resumed} kept from an earlier run, "
              f"{len(result.failed)} failed; {sum(s.buildings for s in result.partitions):,} buildings "
              f"in {result.seconds:.1f} s", file=sys.stderr)
        if result.result:
            print(f"wrote {result.result}", file=sys.stderr)
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="warmte batch", description=__doc__.split("\n\n")[0])
    ap.add_argument("project")
    ap.add_argument("--out", required=True)
    ap.add_argument("--partition", default="municipality")
    ap.add_argument("--force", action="store_true")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--dask")
    ap.add_argument("--scheduler")
    ap.add_argument("--threads", type=int)
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    try:
        r = batch(a.project, a.out, partition=a.partition, force=a.force, workers=a.workers, dask=a.dask,
                  scheduler=a.scheduler, threads=a.threads, quiet=a.quiet)
    except _core.Error as e:
        print(f"warmte: error: {e}", file=sys.stderr)
        return 2
    except Exception:  # noqa: BLE001
        print(_core.redact(traceback.format_exc()), file=sys.stderr, end="")
        return 1
    # Exit status: 0 all partitions done, 6 some failed (the others' parts are kept for a resume).
    return 0 if r.ok else 6


if __name__ == "__main__":
    sys.exit(main())
