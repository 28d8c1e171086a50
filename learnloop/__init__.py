"""Learnloop: self-hosted software for organizations that learn from their own people."""

__version__ = "0.1.0"
