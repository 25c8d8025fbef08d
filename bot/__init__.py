"""Editathon Bot: runs Wikipedia writing contests on the wiki itself."""

__version__ = "0.1.0"
