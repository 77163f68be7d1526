"""The file scan (``files.scan``) against a plain reading of the whole file, at chunk sizes that cut every pattern.

The scan reads a file in chunks and finds its line count, blank lines (to locate rows in DuckDB's
numbering), the first over-long line and the SHA-256 in one pass. Every one of those must be the same
as what reading the whole file at once says, wherever the chunk boundaries fall: a blank line whose
LF, CR and LF land in three chunks, a long line spanning many.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anning.load import files


def _reference(data: bytes, max_line: int) -> dict[str, object]:
    """What the scan must find, computed from the whole file at once."""
    newlines, crs = data.count(b"\n"), data.count(b"\r")
    long_line = None
    pos = 0
    for segment in re.split(rb"[\r\n]", data):
        if len(segment) > max_line:
            before = data[:pos]
            long_line = max(before.count(b"\n"), before.count(b"\r")) + 1
            break
        pos += len(segment) + 1
    quoted = b'"' in data
    blanks = [] if quoted else [data.count(b"\n", 0, m.start()) + 2 for m in re.finditer(rb"\n(?=\r?\n)", data)]
    return {
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "newlines": newlines,
        "carriage_returns": crs,
        "lines": max(newlines, crs) + (1 if data and data[-1:] not in (b"\n", b"\r") else 0),
        "has_quote": quoted,
        "blank_lines": blanks,
        "long_line": long_line,
    }


def _scanned(path: Path, max_line: int) -> dict[str, object]:
    s = files.scan(path, max_line=max_line)
    return {k: getattr(s, k) for k in _reference(b"", 0)}


@settings(max_examples=400, deadline=None)
@given(
    data=st.lists(st.sampled_from([b"a", b"bc", b",", b"\n", b"\r", b"\r\n", b"\n\n", b" "]), max_size=60).map(
        b"".join
    ),
    chunk=st.integers(1, 9),
    extra=st.integers(0, 6),
)
def test_scan_matches_a_whole_file_reading_at_any_chunk_size(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, chunk: int, extra: int
) -> None:
    path = tmp_path_factory.mktemp("scan") / "f.csv"
    path.write_bytes(data)
    max_line = chunk + extra  # the scan's contract: max_line is at least a chunk
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(files, "CHUNK", chunk)
        assert _scanned(path, max_line) == _reference(data, max_line)


@pytest.mark.parametrize("chunk", [1, 2, 3])
def test_a_blank_crlf_line_split_over_three_chunks_is_found(tmp_path: Path, chunk: int) -> None:
    # "h\n" + "\r\n" + "x\n": line 2 is blank whichever bytes the chunks cut between.
    path = tmp_path / "f.csv"
    path.write_bytes(b"h\n\r\nx\n")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(files, "CHUNK", chunk)
        assert files.scan(path, max_line=64).blank_lines == [2]
