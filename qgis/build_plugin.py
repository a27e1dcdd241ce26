"""Builds the QGIS plugin zip: dist/libwarmte-<version>.zip holding one folder libwarmte/ (what
QGIS's Plugins -> Install from ZIP expects).

    .venv/bin/python qgis/build_plugin.py [--program .venv/bin/warmte] [--out dist]

The plugin's parameters come from the library's own tables: `warmte --describe` is packaged as
libwarmte/tables.json, with the program's path so that the plugin finds the clone it was built
from when warmte is neither configured nor on PATH.
"""

import argparse
import json
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "libwarmte"
FILES = ["__init__.py", "plugin.py", "provider.py", "algorithms.py", "program.py", "icon.svg"]
ZIP_TIME = (2026, 1, 1, 0, 0, 0)  # fixed: the same sources give the same zip


def build(program: Path, out: Path) -> Path:
    described = subprocess.run([str(program), "--describe"], capture_output=True, text=True, check=True).stdout
    tables = json.loads(described)
    tables["built_with_program"] = str(program.resolve())
    version = tables["version"]
    metadata = (SOURCE / "metadata.txt.in").read_text(encoding="utf-8").replace("@VERSION@", version)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"libwarmte-{version}.zip"
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as z:
        def add(name: str, data: bytes):
            info = zipfile.ZipInfo(f"libwarmte/{name}", ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
        for name in FILES:
            add(name, (SOURCE / name).read_bytes())
        add("metadata.txt", metadata.encode())
        add("tables.json", (json.dumps(tables, indent=1, ensure_ascii=False) + "\n").encode())
    partial.replace(target)
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--program", type=Path, default=Path(sys.executable).parent / "warmte")
    parser.add_argument("--out", type=Path, default=HERE.parent / "dist")
    a = parser.parse_args(argv)
    print(build(a.program, a.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
