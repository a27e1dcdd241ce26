"""Columns as they cross from the C++ core: text as pandas' string arrays over Arrow buffers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

# pandas' default string dtype (what it infers for a list of str): Arrow-backed, NaN for missing.
_STRING = pd.StringDtype("pyarrow", na_value=np.nan)


def text_array(offsets: np.ndarray, data: bytes, valid: np.ndarray):
    """The strings data[offsets[i]:offsets[i+1]] (UTF-8), missing where not valid."""
    nulls = None if valid.all() else pa.py_buffer(np.packbits(valid, bitorder="little"))
    values = pa.LargeStringArray.from_buffers(len(valid), pa.py_buffer(offsets), pa.py_buffer(data), nulls)
    return pd.array(values, dtype=_STRING)
