"""Type aliases shared by the public signatures (``axis=``, ``kth=``, ``out=`` and the scalars
a full reduction returns)."""

from collections.abc import Sequence
from typing import Any, TypeAlias, TypeVar

import numpy as np
from numpy.typing import NDArray

# None: every axis; a tuple: several axes at once.
Axis: TypeAlias = int | tuple[int, ...] | None

# What a reduction over every element gives for bool, integer or float input.
Number: TypeAlias = np.number[Any]
Float: TypeAlias = np.floating[Any]
# nanmin and nanmax keep the input dtype, bool included.
Real: TypeAlias = np.number[Any] | np.bool_
# A Python or NumPy real scalar (``replace``'s old and new).
RealScalar: TypeAlias = float | np.integer[Any] | np.floating[Any] | np.bool_

# One position or several (``partition``'s kth).
IntArrayLike: TypeAlias = (int | np.integer[Any] | Sequence[int | np.integer[Any]]
                           | NDArray[np.integer[Any]])
# One quantile or several, each in [0, 1].
Quantile: TypeAlias = float | np.floating[Any]
QuantilesLike: TypeAlias = Quantile | Sequence[Quantile] | NDArray[np.floating[Any]]

# An ``out=`` array: a function given one returns that very array.
ArrayT = TypeVar("ArrayT", bound=NDArray[Any])
