"""ibessay: offline practice and rubric checks for IB History Paper 2 essays.

The public API is :func:`check` and :func:`load_prompt` (see :mod:`ibessay.api`).
"""

from .api import check, load_prompt

__version__ = "0.1.0"
__all__ = ["check", "load_prompt", "__version__"]
