"""Options every ``editathon`` command takes, anywhere on the command line.

``editathon -c F run --once`` and ``editathon run --once --config F`` mean the same, as
operators expect from most command lines. argparse gives each subcommand its own
options, so the global ones are added to every (sub)parser with a suppressed default:
whichever parser sees the option sets it, and no subparser's default overwrites a value
given before the subcommand. :func:`finish` fills in the defaults afterwards.
"""

from __future__ import annotations

import argparse
import sys
from importlib import metadata

from bot import __version__

#: dest -> (option strings, keyword arguments)
GLOBAL_OPTIONS: dict[str, tuple[tuple[str, ...], dict[str, object]]] = {
    "config": (("-c", "--config"), {"metavar": "FILE",
               "help": "config file (default: $EDITATHON_CONFIG, else config/bot.toml)"}),
    "simulate": (("--simulate",), {"action": "store_true",
                 "help": "write nothing, neither wiki nor database; print what would be written"}),
    "verbose": (("-v", "--verbose"), {"action": "store_true", "help": "log debug details"}),
}
DEFAULTS = {"config": None, "simulate": False, "verbose": False}


def version() -> str:
    def of(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "?"

    return (f"editathon {__version__} (pywikibot {of('pywikibot')}, "
            f"Python {sys.version.split()[0]})")


def _subparsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                out += [sub, *_subparsers(sub)]
    return out


def add_global_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add -c/--config, --simulate, -v and --version to ``parser`` and all its subparsers."""
    parser.add_argument("--version", action="version", version=version())
    for sub in [parser, *_subparsers(parser)]:
        for dest, (flags, kwargs) in GLOBAL_OPTIONS.items():
            existing = [sub._option_string_actions[f] for f in flags if f in sub._option_string_actions]
            if existing:  # a command's own --simulate: keep its help, share the value
                for action in existing:
                    action.default = argparse.SUPPRESS
                continue
            sub.add_argument(*flags, dest=dest, default=argparse.SUPPRESS, **kwargs)  # type: ignore[arg-type]
    return parser


class Parser(argparse.ArgumentParser):
    """The top-level parser: fills in the global options' defaults after parsing.

    Only the top: a subparser's result is copied over the top's namespace by argparse,
    so defaults filled there would overwrite an option given before the subcommand.
    """

    def parse_known_args(  # type: ignore[override]
        self, args: list[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, rest = super().parse_known_args(args, namespace)
        return finish(parsed), rest


def finish(args: argparse.Namespace) -> argparse.Namespace:
    """Defaults for the global options nobody gave."""
    for dest, default in DEFAULTS.items():
        if not hasattr(args, dest):
            setattr(args, dest, default)
    return args
