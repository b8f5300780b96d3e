"""The `atlas` console command. Each subcommand lives in `atlas/commands/<name>.py` and exposes
`register(subparsers)`, which adds its parser and sets `handler` to a function(args) -> int."""

from __future__ import annotations

import argparse
import importlib
import sys

from rich.console import Console
from rich.markup import escape

from atlas.errors import AtlasError

SUBCOMMAND_MODULES = ["build", "fetch", "importfile", "export_story"]

console = Console(stderr=True)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="atlas", description="Ulighedsatlas: build and maintain the atlas database."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(f"atlas.commands.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except AtlasError as error:
        console.print(f"[bold red]atlas {args.command} failed:[/] {escape(str(error))}",
                      highlight=False)
        return 1
    except KeyboardInterrupt:
        console.print("[yellow]interrupted; nothing was written[/]")
        return 130


if __name__ == "__main__":
    sys.exit(main())
