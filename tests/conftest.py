"""Shared pytest configuration (kept minimal on purpose).

Fixtures for the local MediaWiki wikis live in ``tests/wiki/conftest.py``; unit tests need
nothing from here. Run ``pytest -m "not wiki"`` to skip the tests that need real wikis.
"""
