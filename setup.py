"""The package list only; everything else is in pyproject.toml.

``bot._templates`` and ``bot._config`` are the top-level ``wikitext_templates/`` and
``config/`` folders mapped into the package (``[tool.setuptools.package-dir]``), which
``packages.find`` cannot list by itself.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["bot", "bot.*"]), "bot._templates", "bot._config"])
