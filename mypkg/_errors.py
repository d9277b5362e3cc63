"""mypkg's exception hierarchy and the translation of native status codes into exceptions."""

from __future__ import annotations


class MypkgError(Exception):
    """Base class of every exception specific to mypkg."""


class LibraryError(MypkgError, OSError):
    """The native library could not be found, loaded or validated."""


class KernelError(MypkgError, RuntimeError):
    """A native kernel rejected arguments the Python wrapper should have caught (a bug)."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


# Values of enum mypkg_status in csrc/mypkg.h (checked against the loaded cdef by a test).
OK, EINVAL, ENOMEM, EEMPTY, EALLNAN = 0, -1, -2, -3, -4


def raise_for_status(code: int, func: str) -> None:
    """Raise the exception a non-zero kernel status stands for."""
    if code == EEMPTY:
        raise ValueError(f"{func}: zero-size array to reduction operation which has no identity")
    if code == EALLNAN:
        raise ValueError(f"{func}: All-NaN slice encountered")
    if code == ENOMEM:
        raise MemoryError(f"{func}: the native kernel could not allocate its scratch memory")
    raise KernelError(f"{func}: native kernel failed with status {code}", code)
