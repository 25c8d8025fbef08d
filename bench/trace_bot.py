"""Run ``bot.cli`` in this process and write one JSON line per HTTP request it makes.

    BENCH_TRACE=trace.jsonl BENCH_PEAK=peak.txt python -m bench.trace_bot run --once ...

The bot only counts its requests per wiki; a benchmark that misses a target must say
*where* the requests went. A ``requests`` response hook (the same mechanism as the bot's
own ``RequestCounter``) records, for each request, the API module asked for and the
bot functions on the call stack, without touching the bot's code. The bot's output
(summary table included) is unchanged. With ``BENCH_PEAK`` it writes its peak RSS there
at exit; without ``BENCH_TRACE`` nothing is traced (a memory run without the hook).
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import parse_qsl, unquote_plus, urlsplit

BOT_DIR = Path(__file__).resolve().parents[1] / "bot"
_PLUMBING = {"request", "query", "submit"}  # wiki.py helpers every read goes through
# Parameters are read from the body without copying it: an edit's body holds a whole page
# (megabytes for a big leaderboard), and decoding it would show in the memory figures.
# Values longer than 300 bytes (page texts) are left out.
_FORM = re.compile(rb"(?:^|&)([^=&]+)=([^&]{0,300})(?=&|$)")
_MULTIPART = re.compile(rb'name="([^"]+)"\r\n(?:[^\r\n]+\r\n)*\r\n([^\r]{0,300})\r\n--')


def params_of(request: Any) -> dict[str, str]:
    """The API parameters of a prepared request, from its URL and its (form or multipart) body."""
    params = dict(parse_qsl(urlsplit(request.url).query))
    body = request.body
    if isinstance(body, str):
        body = body.encode("utf-8")
    if body:
        if b"Content-Disposition" in body[:4096]:
            params.update({k.decode(): v.decode("utf-8", "replace") for k, v in _MULTIPART.findall(body)})
        else:
            params.update({unquote_plus(k.decode()): unquote_plus(v.decode("utf-8", "replace"))
                           for k, v in _FORM.findall(body)})
    return params


def label_of(params: dict[str, str]) -> str:
    """A short name of what was asked: ``query list=usercontribs``, ``edit``, ``login``..."""
    action = params.get("action", "?")
    if action != "query":
        return action
    parts = [f"{k}={params[k]}" for k in ("list", "prop", "meta") if params.get(k)]
    if params.get("prop", "").startswith("revisions") or "revisions" in params.get("prop", ""):
        if "content" in params.get("rvprop", ""):
            parts.append("+content")
        if params.get("revids"):
            parts.append(f"revids x{len(params['revids'].split('|'))}")
    if params.get("titles"):
        parts.append(f"titles x{len(params['titles'].split('|'))}")
    if params.get("ucuser"):
        parts.append(f"users x{len(params['ucuser'].split('|'))}")
    if any(k.endswith("continue") and k != "continue" for k in params):
        parts.append("(continued)")
    return "query " + " ".join(parts)


def bot_frames() -> tuple[str, str]:
    """(the wiki edge method, the first bot function outside the edge) on the current stack.

    Walks the frames by hand: ``traceback.extract_stack`` would load every source file on
    the stack into ``linecache`` (megabytes of pywikibot), which the memory figures would show.
    A request sent ahead on a worker thread (``bot.wiki_reads.read_ahead``) has no caller on
    its own stack: the caller is the function the main thread is in meanwhile.
    """
    method, caller = _walk(sys._getframe(1))
    if not caller and threading.current_thread() is not threading.main_thread():
        main = sys._current_frames().get(threading.main_thread().ident or 0)
        if main is not None:
            caller = _walk(main)[1]
    return method or "-", caller or "-"


def _walk(frame: Any) -> tuple[str, str]:
    method = caller = ""
    while frame is not None:
        path = Path(frame.f_code.co_filename)
        name = frame.f_code.co_name
        frame = frame.f_back
        if BOT_DIR not in path.parents:
            continue
        if path.name in ("wiki.py", "wiki_reads.py") or path.parent == BOT_DIR / "reads":
            if not method and name not in _PLUMBING:
                method = name
            continue
        caller = f"{path.stem}.{name}"
        break
    return method, caller


class Tracer:
    """A ``requests`` response hook that writes each request as a JSON line."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.start = time.monotonic()
        self.lock = threading.Lock()  # reads sent ahead answer on worker threads: one line at a time

    def __call__(self, response: Any, *args: Any, **kwargs: Any) -> None:
        params = params_of(response.request)
        method, caller = bot_frames()
        record = {
            "host": urlsplit(response.url).netloc,
            "label": label_of(params),
            "method": method,
            "caller": caller,
            "bytes": int(response.headers.get("Content-Length", 0) or 0),
            "seconds": response.elapsed.total_seconds(),
            "at": round(time.monotonic() - self.start, 3),  # when the answer's headers were read
            "thread": threading.current_thread().name,
            "params": {k: v[:200] for k, v in params.items() if k not in ("token", "lgpassword", "text")},
        }
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self.lock:
            self.out.write(line)
            self.out.flush()


def peak_rss_kb() -> int:
    """This process's peak resident set size (``VmHWM``), in KiB.

    Read here rather than from ``wait4`` in the parent: Linux carries a forking parent's
    peak RSS over into the child's ``ru_maxrss``, so a benchmark that holds a big
    scenario in memory would see it in every child.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main(argv: list[str]) -> int:
    from pywikibot.comms import http as pwb_http

    from bot import cli

    path = os.environ.get("BENCH_TRACE")
    try:
        if not path:
            return cli.main(argv)
        with open(path, "a", encoding="utf-8") as out:
            pwb_http.session.hooks.setdefault("response", []).append(Tracer(out))
            return cli.main(argv)
    finally:
        peak = os.environ.get("BENCH_PEAK")
        if peak:
            Path(peak).write_text(f"{peak_rss_kb()}\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
