"""Configuration as Python mappings or TOML files; the C++ side validates every key."""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from os import PathLike
from pathlib import Path

from warmte import _core


def default_config() -> dict:
    """Every parameter with its default value, as nested dicts (see `warmte --help-config`)."""
    return tomllib.loads(_core.default_config_toml())


def _literal(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"configuration values must be finite, not {value}")
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    raise TypeError(f"cannot put {type(value).__name__} into a TOML configuration")


def to_toml(config: Mapping, _prefix: str = "") -> str:
    """Nested mapping -> TOML text (tables for nested mappings, dotted names kept)."""
    lines, tables = [], []
    for key, value in config.items():
        if isinstance(value, Mapping):
            tables.append((key, value))
        else:
            lines.append(f"{key} = {_literal(value)}")
    text = ""
    if lines:
        text += (f"[{_prefix}]\n" if _prefix else "") + "\n".join(lines) + "\n"
    for key, value in tables:
        text += to_toml(value, f"{_prefix}.{key}" if _prefix else key)
    return text


def resolve(config) -> tuple[str, str]:
    """Returns (TOML text, origin for messages) for None, a mapping or a TOML file path."""
    if config is None:
        return "", "configuration"
    if isinstance(config, Mapping):
        return to_toml(config), "configuration (Python mapping)"
    if isinstance(config, (str, PathLike)):
        path = Path(config)
        if not path.is_file():
            raise _core.ConfigError(f"{path}: configuration file not found; check the path")
        return path.read_text(encoding="utf-8"), str(path)
    raise TypeError("config must be None, a mapping or the path of a TOML file")
