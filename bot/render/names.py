"""The names people type on one wiki: templates, parameters, keywords and subpages.

The contract's canonical names are English (``{{Editathon decision | X | accept}}``,
``B/Participants``); each wiki may have local names in ``config/aliases/<lang>.toml``
(``{{Марафон карар | X | кабул}}``, ``B/Катнашучылар``). The kit writes the local
names into new pages and installs the local template names as redirects; the
renderer uses the same names in the lines a juror copies and in the problems it
quotes, so a Tatar juror never copies a line that looks foreign on a Tatar page.

Pure: built from the parsed alias tables (the caller reads the files).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.aliases import CANONICAL_TEMPLATES

#: The contest's subpages (contract §1), the field of :class:`bot.model.SubpageNames`
#: each parameter overrides, and its English default name.
SUBPAGE_KEYS: Mapping[str, tuple[str, str]] = {
    "participants": ("participants", "Participants"),
    "worklist": ("worklist", "Worklist"),
    "jury page": ("jury", "Jury"),
    "leaderboard": ("leaderboard", "Leaderboard"),
    "queue": ("queue", "Queue"),
    "worklist status": ("worklist_status", "Worklist status"),
    "subscribers": ("subscribers", "Subscribers"),
}


@dataclass(frozen=True)
class LocalNames:
    """The names of the contract's templates, parameters and values on one wiki.

    ``common`` are the English alias tables (valid on every wiki), ``local`` those of
    the wiki's language; each maps a canonical name to its aliases as typed in the
    alias file (``config/aliases/<lang>.toml``, ``[templates]``/``[params]``/``[values]``;
    ``[subpages]`` maps a subpage parameter to its local default name).
    """

    local: Mapping[str, Mapping[str, Sequence[str]]] = field(default_factory=dict)
    common: Mapping[str, Mapping[str, Sequence[str]]] = field(default_factory=dict)

    def _aliases(self, table: str, canon: str) -> list[str]:
        out: list[str] = []
        for source in (self.local, self.common):
            for name in source.get(table, {}).get(canon, ()):
                if name not in out and name != canon:
                    out.append(name)
        return out

    def all_names(self, table: str, canon: str) -> list[str]:
        """The canonical name, then the local aliases, then the English ones."""
        return [canon, *self._aliases(table, canon)]

    def preferred(self, table: str, canon: str) -> str:
        """What the wiki's users type: the first local alias, else the canonical name."""
        local = self.local.get(table, {}).get(canon, ())
        return local[0] if local else canon

    def template(self, canon: str) -> str:
        """The template name the wiki's users type (``Editathon decision`` -> ``Марафон карар``)."""
        return self.preferred("templates", canon)

    def param(self, canon: str) -> str:
        return self.preferred("params", canon)

    def value(self, canon: str) -> str:
        return self.preferred("values", canon)

    def subpage(self, param: str) -> str:
        """The local default name of a subpage (``participants`` -> ``Участники``)."""
        local = self.local.get("subpages", {}).get(param)
        if isinstance(local, str) and local.strip():
            return local.strip()
        return SUBPAGE_KEYS[param][1]

    def template_aliases(self) -> dict[str, list[str]]:
        """Each canonical template's local aliases (the redirects ``install-templates`` makes)."""
        return {c: list(self.local.get("templates", {}).get(c, ())) for c in CANONICAL_TEMPLATES}


#: The names of a wiki without an alias file: the contract's English names.
ENGLISH = LocalNames()
