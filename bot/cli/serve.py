"""``editathon serve``: keep updating every contest on an interval (see :mod:`bot.service`)."""

from __future__ import annotations

import argparse
import sys

from bot.config import BotConfig, ConfigError


def cmd_serve(cfg: BotConfig, args: argparse.Namespace) -> int:
    from bot.config import DEFAULT_CONFIG
    from bot.service import Service

    try:
        service = Service(cfg.source or DEFAULT_CONFIG, interval_minutes=args.interval, cycles=args.cycles)
    except ConfigError as exc:
        print(f"editathon: {exc}", file=sys.stderr)
        return 2
    return service.serve()
