"""The renderer: contest results -> the wikitext of every page the bot writes.

Pure: takes dataclasses and a :class:`bot.i18n.Catalog`, returns strings, and the
same input always gives byte-identical output (the bot edits a page only when its
text changes). Layouts live in ``wikitext_templates/``, texts in the catalog.
"""

from bot.render.leaderboard import render_leaderboard
from bot.render.problems import render_problems
from bot.render.queue import render_queue
from bot.render.status_page import StatusRow, render_status_page
from bot.render.umbrella import render_umbrella_leaderboard
from bot.render.worklist_status import render_worklist_status

__all__ = [
    "StatusRow",
    "render_leaderboard",
    "render_problems",
    "render_queue",
    "render_status_page",
    "render_umbrella_leaderboard",
    "render_worklist_status",
]
