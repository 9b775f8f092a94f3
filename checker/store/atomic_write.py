"""Every file the desk writes goes to a temporary file in the same folder, then is
renamed over the target: a full disk, a killed process or a missing folder never leaves
a truncated report (or index, or model) where the good one was.

The rename is atomic because the temporary file is in the target's own folder (same
file system). Failures become a `FileWriteError` whose message names the path and the
cause in words a user can act on (full disk, missing folder, read-only folder).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from checker.errors import CheckerError


class FileWriteError(CheckerError):
    """A file the desk was asked to write could not be written; the old one is intact."""


def describe_os_error(path: Path, error: OSError | RuntimeError) -> str:
    """'<path>: <cause>' for a failed write, the cause in plain words."""
    code = getattr(error, "errno", None)
    folder = path.parent if str(path.parent) else Path(".")
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        cause = "the disk is full (or the file is larger than allowed)"
    elif code == errno.ENOENT:
        cause = f"the folder {folder} does not exist"
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        cause = f"the folder {folder} is read-only or not writable"
    elif code == errno.ENOTDIR:
        cause = f"{folder} is not a folder"
    elif code == errno.EISDIR:
        cause = "is a folder"
    else:
        cause = getattr(error, "strerror", None) or str(error)
    return f"{path}: cannot be written ({cause}); nothing was changed there"


@contextlib.contextmanager
def atomic_path(path: str | Path, *, suffix: str = ".tmp") -> Iterator[Path]:
    """A temporary path next to `path` for a writer that wants a file name (faiss,
    a library's save); renamed over `path` when the block ends without an error and
    removed otherwise. OSError (and faiss's RuntimeError) become FileWriteError."""
    path = Path(path)
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=suffix, dir=path.parent if str(path.parent) else "."
        )
    except OSError as e:
        raise FileWriteError(describe_os_error(path, e)) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, path)
    except (OSError, RuntimeError) as e:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(e, RuntimeError) and not _is_file_runtime_error(e):
            raise
        raise FileWriteError(describe_os_error(path, e)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _is_file_runtime_error(error: RuntimeError) -> bool:
    """faiss reports a failed write as a RuntimeError quoting fwrite/fopen."""
    text = str(error).lower()
    return any(word in text for word in ("fwrite", "fopen", "could not open", "write", "no space"))


def write_bytes(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` atomically, flushed to disk before the rename."""
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def write_text(path: str | Path, text: str) -> None:
    """UTF-8 text, newlines as given (a CSV keeps its CRLF), written atomically."""
    write_bytes(path, text.encode("utf-8"))


def replace_folder(built: Path, target: Path) -> None:
    """Rename a folder built next to `target` into place (for the model folder); a
    failure names the target and its cause."""
    try:
        os.rename(built, target)
    except OSError as e:
        raise FileWriteError(describe_os_error(target, e)) from None
