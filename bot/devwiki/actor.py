"""Play a wiki user over plain HTTP: create an account, edit, move, undo, delete as that user.

Tests need many people (organizer, participants, jurors, an impostor, an admin) acting on the
local wikis. They act through this small ``requests`` client, not pywikibot: pywikibot keeps
process-wide state (one login per site, throttles, caches), while each :class:`Actor` is an
independent session, so one test can switch between a dozen users freely. The bot itself uses
pywikibot; keeping the two apart also means a test never shares a code path with the bot.

Every write raises :class:`ApiError` on an API error, so a test never silently continues after
an edit that did not happen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import requests

JSON = dict[str, Any]


class ApiError(RuntimeError):
    """The API answered with an error (or a failed login/createaccount)."""

    def __init__(self, code: str, info: str, response: JSON | None = None) -> None:
        super().__init__(f"{code}: {info}")
        self.code = code
        self.info = info
        self.response = response or {}


class Actor:
    """One user's session against one wiki's ``api.php``.

    Use :meth:`create` (creates the account or logs in if it exists), :meth:`login`, or
    :meth:`anonymous`. Titles are plain strings; revision ids are ints.
    """

    def __init__(self, api_url: str, user: str | None = None, timeout: float = 60.0) -> None:
        self.api_url = api_url
        self.user = user
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "EditathonBot-devwiki-actor/1.0"
        self._csrf: str | None = None

    # ----------------------------------------------------------------- construction
    @classmethod
    def anonymous(cls, api_url: str) -> Actor:
        """An logged-out visitor (edits are attributed to 127.0.0.1)."""
        return cls(api_url)

    @classmethod
    def login(cls, api_url: str, user: str, password: str) -> Actor:
        """Log in as an existing user; ``user`` may be a bot-password name ``Name@appid``."""
        actor = cls(api_url, user)
        actor._login(user, password)
        return actor

    @classmethod
    def create(cls, api_url: str, user: str, password: str) -> Actor:
        """Create the account over the API (logged in afterwards), or log in if it exists."""
        actor = cls(api_url, user)
        token = actor.token("createaccount")
        result = actor.post(
            action="createaccount",
            username=user,
            password=password,
            retype=password,
            createreturnurl="http://127.0.0.1/",
            createtoken=token,
        )["createaccount"]
        if result.get("status") == "PASS" or result.get("messagecode") == "userexists":
            # Creating an account over the API does not log the session in.
            actor._login(user, password)
            return actor
        raise ApiError(result.get("messagecode", "createaccount-failed"), str(result), result)

    def _login(self, user: str, password: str) -> None:
        """Log this session in, then check the wiki agrees (so edits are never anonymous)."""
        self._do_login(user, password)
        name = self.whoami()["name"]
        if name != self.user:
            raise ApiError("login-failed", f"logged in as {name!r}, not {self.user!r}")

    def _do_login(self, user: str, password: str) -> None:
        if "@" in user:
            # Bot passwords only work with action=login.
            token = self.token("login")
            result = self.post(action="login", lgname=user, lgpassword=password, lgtoken=token)[
                "login"
            ]
            if result.get("result") != "Success":
                raise ApiError("login-failed", str(result), result)
            self.user = result.get("lgusername", user.split("@", 1)[0])
        else:
            token = self.token("login")
            result = self.post(
                action="clientlogin",
                username=user,
                password=password,
                loginreturnurl="http://127.0.0.1/",
                logintoken=token,
            )["clientlogin"]
            if result.get("status") != "PASS":
                raise ApiError(result.get("messagecode", "login-failed"), str(result), result)
            self.user = result.get("username", user)
        self._csrf = None

    # ----------------------------------------------------------------- raw API
    def _check(self, response: requests.Response) -> JSON:
        response.raise_for_status()
        data: JSON = response.json()
        if "error" in data:
            err = data["error"]
            raise ApiError(err.get("code", "unknown"), err.get("info", str(err)), data)
        return data

    def get(self, **params: Any) -> JSON:
        """GET api.php with ``params`` (format=json, formatversion=2); raise on an API error."""
        params = {"format": "json", "formatversion": "2", **params}
        return self._check(self.session.get(self.api_url, params=params, timeout=self.timeout))

    def post(self, **params: Any) -> JSON:
        """POST api.php with ``params``; raise on an API error."""
        params = {"format": "json", "formatversion": "2", **params}
        return self._check(self.session.post(self.api_url, data=params, timeout=self.timeout))

    def query(self, **params: Any) -> JSON:
        """Raw ``action=query`` GET; returns the whole JSON answer (``continue`` included)."""
        return self.get(action="query", **params)

    def token(self, kind: str = "csrf") -> str:
        """Fetch a token (``csrf``, ``login``, ``createaccount``, ``rollback``, ``patrol``...)."""
        if kind == "csrf" and self._csrf:
            return self._csrf
        value: str = self.query(meta="tokens", type=kind)["query"]["tokens"][f"{kind}token"]
        if kind == "csrf":
            self._csrf = value
        return value

    def write(self, **params: Any) -> JSON:
        """POST a write action with this user's CSRF token."""
        return self.post(token=self.token(), **params)

    # ----------------------------------------------------------------- reading
    def whoami(self) -> JSON:
        """``meta=userinfo`` with groups and rights."""
        info: JSON = self.query(meta="userinfo", uiprop="groups|rights|blockinfo")["query"][
            "userinfo"
        ]
        return info

    def page_text(self, title: str) -> str | None:
        """Current wikitext of ``title``, or None if the page does not exist."""
        page = self.query(prop="revisions", titles=title, rvprop="content", rvslots="main")[
            "query"
        ]["pages"][0]
        if page.get("missing") or "revisions" not in page:
            return None
        text: str = page["revisions"][0]["slots"]["main"]["content"]
        return text

    def revisions(
        self, title: str, prop: str = "ids|timestamp|user|size|sha1|tags|comment"
    ) -> list[JSON]:
        """All revisions of ``title``, oldest first (sorted by id: same-second edits keep order)."""
        revs: list[JSON] = []
        params: JSON = {"prop": "revisions", "titles": title, "rvprop": prop, "rvlimit": "max"}
        while True:
            data = self.query(**params)
            page = data["query"]["pages"][0]
            revs.extend(page.get("revisions", []))
            if "continue" not in data:
                break
            params.update(data["continue"])
        return sorted(revs, key=lambda r: r["revid"])

    def latest_revid(self, title: str) -> int | None:
        """Id of the current revision of ``title`` (None if missing)."""
        page = self.query(prop="info", titles=title)["query"]["pages"][0]
        if page.get("missing"):
            return None
        return int(page["lastrevid"])

    # ----------------------------------------------------------------- writing
    def edit(
        self, title: str, text: str, summary: str = "", minor: bool = False, **extra: Any
    ) -> int:
        """Replace the text of ``title``; return the new revision id (the current one if the
        text did not change). ``extra`` goes to ``action=edit`` (``createonly``, ``bot``...)."""
        params: JSON = {"title": title, "text": text, "summary": summary, **extra}
        if minor:
            params["minor"] = "1"
        return self._edit(params)

    def append(self, title: str, text: str, summary: str = "", **extra: Any) -> int:
        """Append ``text`` to ``title`` (creating it if missing); return the new revision id."""
        return self._edit({"title": title, "appendtext": text, "summary": summary, **extra})

    def _edit(self, params: JSON) -> int:
        result = self.write(action="edit", **params)["edit"]
        if result.get("result") != "Success":
            raise ApiError("edit-failed", str(result), result)
        if "newrevid" in result:
            return int(result["newrevid"])
        revid = self.latest_revid(params["title"])
        assert revid is not None
        return revid

    def undo(self, title: str, revid: int, summary: str = "", undoafter: int | None = None) -> int:
        """Undo revision ``revid`` of ``title`` (as the history's "undo" link); return new revid."""
        params: JSON = {"title": title, "undo": revid, "summary": summary}
        if undoafter is not None:
            params["undoafter"] = undoafter
        return self._edit(params)

    def rollback(self, title: str, user: str, summary: str = "") -> int:
        """Roll back ``user``'s last consecutive edits to ``title``; return the new revid."""
        params: JSON = {
            "action": "rollback",
            "title": title,
            "user": user,
            "token": self.token("rollback"),
        }
        if summary:
            params["summary"] = summary
        result = self.post(**params)["rollback"]
        return int(result["revid"])

    def move(
        self,
        src: str,
        dst: str,
        reason: str = "",
        noredirect: bool = False,
        movetalk: bool = True,
    ) -> JSON:
        """Move (rename) a page; returns the API's ``move`` result."""
        params: JSON = {"action": "move", "from": src, "to": dst, "reason": reason}
        if noredirect:
            params["noredirect"] = "1"
        if movetalk:
            params["movetalk"] = "1"
        result: JSON = self.write(**params)["move"]
        return result

    def delete(self, title: str, reason: str = "") -> JSON:
        """Delete a page (needs the ``delete`` right, e.g. as Admin)."""
        result: JSON = self.write(action="delete", title=title, reason=reason)["delete"]
        return result

    def undelete(
        self, title: str, reason: str = "", timestamps: Sequence[str] | None = None
    ) -> JSON:
        """Restore the deleted revisions of a page: all of them, or only those saved at
        ``timestamps`` (ISO, as the API gives them) - a partial undelete, which leaves a gap
        in the page's history."""
        params: JSON = {"action": "undelete", "title": title, "reason": reason}
        if timestamps is not None:
            params["timestamps"] = "|".join(timestamps)
        result: JSON = self.write(**params)["undelete"]
        return result

    def hide_revisions(
        self, title: str, revids: Sequence[int], hide: str = "content", reason: str = ""
    ) -> JSON:
        """Revision deletion: hide ``content`` (``comment``, ``user``, ``|``-joined) of
        revisions of ``title``, as Wikipedia's administrators can (needs ``deleterevision``)."""
        result: JSON = self.write(
            action="revisiondelete",
            type="revision",
            target=title,
            ids="|".join(str(r) for r in revids),
            hide=hide,
            reason=reason,
        )["revisiondelete"]
        if result.get("status") != "Success":
            raise ApiError("revisiondelete-failed", str(result), result)
        return result

    def protect(
        self,
        title: str,
        protections: str = "edit=sysop|move=sysop",
        expiry: str = "infinite",
        reason: str = "",
    ) -> JSON:
        """Protect a page (``protections`` as in the API, e.g. ``edit=autoconfirmed``)."""
        result: JSON = self.write(
            action="protect", title=title, protections=protections, expiry=expiry, reason=reason
        )["protect"]
        return result

    def block(self, user: str, expiry: str = "infinite", reason: str = "", **extra: Any) -> JSON:
        """Block ``user`` (needs the ``block`` right)."""
        result: JSON = self.write(action="block", user=user, expiry=expiry, reason=reason, **extra)[
            "block"
        ]
        return result

    def unblock(self, user: str, reason: str = "") -> JSON:
        """Lift a block."""
        result: JSON = self.write(action="unblock", user=user, reason=reason)["unblock"]
        return result

    def add_groups(self, user: str, groups: str, reason: str = "") -> JSON:
        """Add ``user`` to groups (``sysop|bureaucrat``...); needs a bureaucrat (Admin)."""
        token = self.token("userrights")
        result: JSON = self.post(
            action="userrights", user=user, add=groups, reason=reason, token=token
        )["userrights"]
        return result

    def purge(self, title: str, forcelinkupdate: bool = True) -> None:
        """Purge a page, re-parsing it (and its link tables with ``forcelinkupdate``)."""
        params: JSON = {"action": "purge", "titles": title}
        if forcelinkupdate:
            params["forcelinkupdate"] = "1"
        self.post(**params)

    def __repr__(self) -> str:
        return f"Actor({self.user or 'anonymous'!s} @ {self.api_url})"
