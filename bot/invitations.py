"""Invitations to the next edition (issue 21): last edition's participants, one each.

When a new edition of a programme is there (an umbrella whose page names the previous
edition with ``previous =``) and it has contests people can join, each person who took
part in the previous edition gets one invitation on their talk page, on their home wiki
(the home wiki of a contest they took part in, the first by wiki and title) and in that
wiki's language, listing the contests they can join. At most one per person per
edition, however many contests they took part in or could join: the notice's identity
is (home wiki, new umbrella, person, ``invite``, new umbrella).

Who gets none: people who withdrew; people whose talk page says ``{{nobots}}`` (or
denies this bot); people who put their own line on the opt-out page (``B/Opt-out`` of
the new umbrella or of the previous one, read like ``B/Subscribers``: each person's own
line only). What counts as joinable: a contest below the new umbrella that is upcoming
or open and that no sponsor's approval holds back.

When: while the new umbrella is upcoming or open, and not more than
:data:`bot.notices.MAX_AGE` after its start (a bot started late does not invite to an
edition long under way).

Pure: who is due and how it reads. Delivering them exactly once is :mod:`bot.run.invite`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.aliases import normalize_title
from bot.i18n import Catalog
from bot.model import ContestSettings, ContestState, PageRef
from bot.notices import MAX_AGE, marker
from bot.render.links import escape_text, page_link

KIND = "invite"
OPTOUT = "Opt-out"


@dataclass(frozen=True)
class Invitation:
    """One invitation: to whom, on which wiki, for which edition, listing which contests."""

    wiki: str  # the person's home wiki: where it goes and in whose language
    user: str
    umbrella: PageRef  # the new edition
    previous: PageRef  # the edition they took part in
    contests: tuple[ContestSettings, ...]

    @property
    def key(self) -> str:
        return f"{self.umbrella.wiki}:{self.umbrella.title}"

    @property
    def ident(self) -> tuple[str, str, str, str, str]:
        return (self.wiki, self.umbrella.title, self.user, KIND, self.key)

    @property
    def marker(self) -> str:
        return marker(*self.ident)

    @property
    def talk_page(self) -> str:
        return f"User talk:{self.user}"


def optout_page(umbrella_title: str) -> str:
    return f"{umbrella_title}/{OPTOUT}"


def due(
    umbrella: ContestSettings,
    state: ContestState,
    *,
    previous: PageRef,
    past: Mapping[str, str],
    joinable: Sequence[ContestSettings],
    opted_out: Iterable[str],
    now: datetime,
    max_age: timedelta = MAX_AGE,
) -> tuple[Invitation, ...]:
    """The invitations the new edition ``umbrella`` owes now.

    ``past``: each participant of the previous edition -> their home wiki.
    ``joinable``: the contests below the umbrella one can join now.
    """
    if state not in (ContestState.UPCOMING, ContestState.OPEN) or not joinable:
        return ()
    if now - umbrella.period()[0] > max_age:
        return ()
    out = normalize_optout(opted_out)
    ref = PageRef(umbrella.wiki, umbrella.title)
    contests = tuple(sorted(joinable, key=lambda s: (s.wiki, s.title)))
    return tuple(Invitation(wiki, user, ref, previous, contests)
                 for user, wiki in sorted(past.items()) if normalize_title(user) not in out)


def normalize_optout(names: Iterable[str]) -> frozenset[str]:
    return frozenset(normalize_title(n) for n in names)


def home_wikis(participation: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """(user, contest wiki, contest title) -> each user's home wiki: that of the first
    contest they took part in, by wiki and title."""
    out: dict[str, str] = {}
    for user, wiki, _title in sorted(participation, key=lambda p: (p[1], p[2], p[0])):
        out.setdefault(normalize_title(user), wiki)
    return out


@dataclass(frozen=True)
class RenderedInvitation:
    heading: str
    text: str
    summary: str


def render_invitation(inv: Invitation, cat: Catalog, *, docs: str) -> RenderedInvitation:
    """The invitation's section in the language of ``cat`` (the person's home wiki)."""
    home = inv.wiki
    lines = []
    for s in inv.contests:
        lines.append("* " + cat.text(
            "notice-invite-contest", contest=page_link(s.title, s.wiki, home), start=cat.date(s.start),
            end=cat.date(s.end), wikis=cat.join(list(s.wikis)),
            participants=page_link(s.subpages.participants, s.wiki, home, label=escape_text(
                cat.text("notice-invite-signup")))))
    body = cat.text("notice-invite-body", user=inv.user,
                    umbrella=page_link(inv.umbrella.title, inv.umbrella.wiki, home),
                    previous=page_link(inv.previous.title, inv.previous.wiki, home))
    why = cat.text("notice-invite-why", optout=page_link(optout_page(inv.umbrella.title), inv.umbrella.wiki, home))
    text = f"{body}\n" + "\n".join(lines) + f"\n\n{why} ~~~~ {inv.marker}"
    summary = cat.text("summary-notice", kind=cat.text("notice-kind-invite"), contest=inv.umbrella.title, docs=docs)
    return RenderedInvitation(cat.text("notice-invite-heading", umbrella=inv.umbrella.title), text, summary)
