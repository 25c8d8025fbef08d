"""Shared pytest configuration (kept minimal on purpose).

Fixtures for the local MediaWiki wikis live in ``tests/wiki/conftest.py``; unit tests need
nothing from here. Run ``pytest -m "not wiki"`` to skip the tests that need real wikis.
"""

from hypothesis import HealthCheck, settings

# Property tests judge results, not speed: on a loaded 2-core machine (CI, or several test runs
# at once) a generated example can take longer than hypothesis's default 200 ms deadline, and
# a run must not fail for that. `--hypothesis-profile=long` is for the long fuzz runs.
settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", parent=settings.get_profile("default"), max_examples=10_000)
settings.load_profile("default")
