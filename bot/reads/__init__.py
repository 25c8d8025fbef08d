"""The reads of a wiki by topic, composed into :class:`bot.wiki_reads.WikiReads`.

``base`` (the session's hooks, errors, API timestamps), ``ahead`` (requests sent ahead),
``changes`` (recent changes, contributions, logs), ``pages`` (latest revisions, texts,
page facts and details), ``histories`` (page histories with text). None imports pywikibot:
:mod:`bot.wiki` sends their requests.
"""
