"""ibessay: offline practice and rubric checks for IB History Paper 2 essays."""

__version__ = "0.1.0"
