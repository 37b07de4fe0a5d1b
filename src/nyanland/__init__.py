"""nyanland: a case tool for Swedish municipalities' integration work."""

__version__ = "0.1.0"
