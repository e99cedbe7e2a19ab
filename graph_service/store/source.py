"""RDF input for a load: a file, bytes or a stream, checked before anything is written.

A source knows its name (for messages), its format and, where it can, its size.
Reading it through :meth:`RdfSource.open` counts bytes, drives a progress bar
and stops at the ``MAX_LOAD_BYTES`` limit.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Union

from pyoxigraph import RdfFormat

from graph_service.errors import InputError, InputTooLargeError, UnsupportedFormatError
from graph_service.rdfio import guess_format

SourceLike = Union[str, os.PathLike, bytes, IO[bytes], "RdfSource"]
Progress = Callable[[int], None]

# Formats that carry named graphs; a load into one graph takes triples only.
DATASET_FORMATS = {RdfFormat.N_QUADS, RdfFormat.TRIG}


@dataclass
class RdfSource:
    """Where RDF comes from, in which format, and how big it is (if known)."""

    name: str
    format: RdfFormat
    path: Path | None = None
    data: bytes | None = None
    stream: IO[bytes] | None = None
    size: int | None = None

    def open(self, progress: Progress | None = None, limit: int | None = None):
        """Return a binary reader that counts bytes, reports progress, obeys limit."""
        if self.path is not None:
            raw: IO[bytes] = open(self.path, "rb")
        elif self.data is not None:
            raw = io.BytesIO(self.data)
        else:
            raw = self.stream
        return _CountingReader(raw, self.name, progress, limit)


class _CountingReader(io.RawIOBase):
    """A reader that counts what passes, calls ``progress`` and stops at ``limit``."""

    def __init__(self, raw, name, progress, limit):
        self._raw = raw
        self._name = name
        self._progress = progress
        self._limit = limit
        self.count = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self._raw.read(size if size and size > 0 else 1 << 20)
        self.count += len(chunk)
        if self._limit is not None and self.count > self._limit:
            raise InputTooLargeError(
                f"{self._name} is larger than MAX_LOAD_BYTES ({self._limit} bytes)"
            )
        if self._progress is not None and chunk:
            self._progress(len(chunk))
        return chunk

    def readinto(self, buffer) -> int:
        chunk = self.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def close(self) -> None:
        self._raw.close()
        super().close()


def as_source(
    source: SourceLike,
    *,
    format: RdfFormat | str | None = None,
    media_type: str | None = None,
    name: str | None = None,
    max_bytes: int | None = None,
) -> RdfSource:
    """Check ``source`` and describe it; nothing is read yet except a file's size.

    Raises ``InputError`` for a missing, unreadable or empty file,
    ``InputTooLargeError`` for a file over ``max_bytes``, and
    ``UnsupportedFormatError`` when the format cannot be told.
    """
    if isinstance(source, RdfSource):
        return source
    fmt = format if isinstance(format, RdfFormat) else None
    fmt_name = format if isinstance(format, str) else None

    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.exists():
            raise InputError(f"File {str(path)!r} does not exist")
        if not path.is_file():
            raise InputError(f"{str(path)!r} is not a file")
        size = path.stat().st_size
        _check_size(str(path), size, max_bytes)
        fmt = fmt or guess_format(path, name=fmt_name, media_type=media_type)
        return RdfSource(str(path), fmt, path=path, size=size)

    label = name or "the request body"
    if isinstance(source, bytes):
        _check_size(label, len(source), max_bytes)
        fmt = fmt or guess_format(name, name=fmt_name, media_type=media_type)
        return RdfSource(label, fmt, data=source, size=len(source))
    if hasattr(source, "read"):
        fmt = fmt or guess_format(name, name=fmt_name, media_type=media_type)
        return RdfSource(label, fmt, stream=source)
    raise UnsupportedFormatError(f"Cannot load RDF from a {type(source).__name__}")


def _check_size(name: str, size: int, max_bytes: int | None) -> None:
    """Refuse empty input and input over the limit."""
    if size == 0:
        raise InputError(f"{name} is empty; there is nothing to load")
    if max_bytes is not None and size > max_bytes:
        raise InputTooLargeError(
            f"{name} is {size} bytes, larger than MAX_LOAD_BYTES ({max_bytes} "
            "bytes); raise the setting to load it"
        )
