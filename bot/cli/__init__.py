"""The ``editathon`` console commands: argument parsing and printing, nothing else.

    main.py     the parser and the dispatch (``editathon`` and ``python -m bot.cli``)
    args.py     shared argument helpers (``--now``, positive numbers, ``[WIKI:]TITLE``)
    run.py      ``editathon run``          serve.py   ``editathon serve``
    kit.py      ``editathon kit ...`` (kit_next.py: ``kit next``)      report.py  ``editathon report``
    worklist.py ``editathon worklist draft``
    console.py  what a run prints for its operator
"""

from bot.cli.main import main

__all__ = ["main"]
