"""Finding the warmte program and running it for an algorithm.

The plugin never imports libwarmte into QGIS's process: QGIS brings its own GDAL, GEOS, PROJ and
Python, and two copies of them in one process are what the project avoids by design. Each
algorithm runs the `warmte` program in a subprocess; its `--progress-lines` drive the progress
bar, QGIS's cancel sends it SIGTERM (it stops at its next progress report, writes nothing and
exits 5), and its one-line error becomes the algorithm's error.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

from qgis.core import QgsProcessingException

# The Processing setting (Settings -> Options -> Processing -> Providers -> libwarmte) that names
# the program; else $WARMTE_PROGRAM, warmte on PATH, and the .venv of the clone the plugin was
# built from (recorded in tables.json at build time).
PROGRAM_SETTING = "LIBWARMTE_PROGRAM"
PROGRESS = re.compile(r"^warmte: progress (.+) (\d+) (\d+)$")
PARTITIONS = re.compile(r"(\d+)/(\d+) partitions")
POLL_SECONDS = 0.1
EXIT_CANCELLED = 5
HERE = Path(__file__).resolve().parent


def tables() -> dict:
    """The library's declaration tables (`warmte --describe`, packaged when the plugin was built)."""
    return json.loads((HERE / "tables.json").read_text(encoding="utf-8"))


def parameter(key: str) -> tuple:
    """(description, default) of a configuration key from the library's parameter table; the
    default as a Python value (the table gives TOML literals)."""
    import ast
    for row in tables()["parameters"]:
        if row["key"] == key:
            literal = {"true": "True", "false": "False"}.get(row["default"], row["default"])
            return row["description"][:1].upper() + row["description"][1:], ast.literal_eval(literal)
    raise KeyError(f"the library has no parameter {key}")


def configured_program() -> str:
    try:
        from processing.core.ProcessingConfig import ProcessingConfig
        return ProcessingConfig.getSetting(PROGRAM_SETTING) or ""
    except Exception:  # Processing not initialised (a plain script): no setting
        return ""


def find_program() -> str:
    """The warmte program to run, or a QgsProcessingException that says where it was looked for."""
    tried = []
    candidates = [("the Processing setting " + PROGRAM_SETTING, configured_program()),
                  ("$WARMTE_PROGRAM", os.environ.get("WARMTE_PROGRAM", "")),
                  ("PATH", shutil.which("warmte") or ""),
                  ("the clone the plugin was built from", tables().get("built_with_program", ""))]
    for where, path in candidates:
        if path and Path(path).is_file() and os.access(path, os.X_OK):
            return path
        tried.append(f"{where} ({path or 'not set'})")
    raise QgsProcessingException(
        "the warmte program was not found; looked in " + ", ".join(tried) +
        ". Install libwarmte (make install makes .venv/bin/warmte) and name it in Settings -> Options -> "
        "Processing -> Providers -> libwarmte")


def run(arguments: list, feedback, batch: bool = False) -> str:
    """Runs `warmte ARGUMENTS`; returns its standard output. Progress lines move the feedback's bar,
    cancel stops the program, and a failure raises QgsProcessingException with the program's message."""
    program = find_program()
    command = [program] + [str(a) for a in arguments]
    feedback.pushCommandInfo(" ".join(command))
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    messages = []
    stopper = _Stopper(process)
    reader = threading.Thread(target=_read_stderr, args=(process, feedback, messages, batch, stopper), daemon=True)
    reader.start()
    output = []
    out_reader = threading.Thread(target=lambda: output.append(process.stdout.read()), daemon=True)
    out_reader.start()
    while process.poll() is None:
        if feedback.isCanceled():
            stopper.stop()
        time.sleep(POLL_SECONDS)
    reader.join()
    out_reader.join()
    process.stdout.close()
    process.stderr.close()
    stdout = "".join(output)
    for line in stdout.splitlines():
        feedback.pushConsoleInfo(line)
    if process.returncode == 0:
        return stdout
    errors = [m for m in messages if m.startswith("warmte: error:") or m.startswith("warmte: cancelled:")]
    message = errors[-1] if errors else (messages[-1] if messages else f"warmte exited with status {process.returncode}")
    if process.returncode == EXIT_CANCELLED or stopper.stopped:
        raise QgsProcessingException("cancelled, nothing was written (" + message + ")")
    raise QgsProcessingException(message)


class _Stopper:
    """Asks the program to stop, once: it stops at its next progress report and writes nothing. A
    batch's worker processes are in its session, so the whole group is asked."""

    def __init__(self, process):
        self.process, self.stopped = process, False
        self.lock = threading.Lock()

    def stop(self):
        with self.lock:
            if self.stopped or self.process.poll() is not None:
                return
            self.stopped = True
            os.killpg(self.process.pid, signal.SIGTERM)


def _read_stderr(process, feedback, messages, batch, stopper):
    for raw in process.stderr:
        line = raw.rstrip("\n")
        progress = PROGRESS.match(line)
        if progress:
            stage, done, total = progress.group(1), int(progress.group(2)), int(progress.group(3))
            feedback.setProgressText(stage)
            feedback.setProgress(100.0 * done / total if total else 100.0)
            if feedback.isCanceled():  # at once, not at the next poll: a short run may end first
                stopper.stop()
            continue
        partitions = PARTITIONS.search(line) if batch else None
        if partitions and int(partitions.group(2)):
            feedback.setProgress(100.0 * int(partitions.group(1)) / int(partitions.group(2)))
        if line.startswith("warmte: warning:"):
            feedback.reportError(line, fatalError=False)
        else:
            feedback.pushInfo(line)
        messages.append(line)
