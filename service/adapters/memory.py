"""Hand freed heap back to the operating system after a corpus build.

Building an index allocates millions of short-lived objects (BM25 tokens, MinHash shingles, attribution
parses); CPython frees them, but glibc keeps the freed pages in its arenas, so the process kept
the build's peak as its resident size. malloc_trim returns those pages. Elsewhere than glibc it
does nothing.
"""

from __future__ import annotations

import ctypes
import gc


def release_freed_memory() -> None:
    """Collect cycles, then trim glibc's heap; a no-op where glibc is absent."""
    gc.collect()
    try:
        # The process's own symbols, which include the C library it runs on. (ctypes.util.find_library
        # would run `ldconfig -p` in a child process on every call.)
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # musl or another libc without malloc_trim
        return
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    trim(0)
