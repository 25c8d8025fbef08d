"""One run of the bot: the I/O shell over the pure core, with one orchestrator on top.

    update.py      run_once and the phases of one contest update (the only orchestrator)
    context.py     RunContext (config, store, sessions, now, simulate, progress, summary)
    publisher.py   the only place that decides whether a run writes, and writes
    poll.py        recent changes per wiki, and discovery of contest pages
    pages.py       a contest's own pages read through the trust ledgers
    announce.py    umbrellas above a contest and their subscribers
    candidates.py  the I/O half of scoring: articles, category members, registrations
    sync.py        keeping participants' articles current in the store
    notify.py      talk-page notices, each exactly once
    status.py      User:BOTNAME/Status on each wiki
    scope.py       the umbrella tree, and what a --contest run reads

Imports point one way: update -> the other run modules -> the edges (wiki, store)
and the pure core; nothing here imports update, and nothing below imports bot.run.
"""
