"""``python -m bot.cli``: the same as the ``editathon`` command."""

import sys

from bot.cli.main import main

sys.exit(main())
