"""`atlas export-story [STORY] --out talk.html [--lang da|en]`: one self-contained HTML file."""

from __future__ import annotations

import argparse
from pathlib import Path

from atlas.stories.story import DEFAULT_STORY


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export-story", help="write a story as one offline HTML file",
        description="Write a story (slides in a TOML file) as one self-contained HTML file "
                    "that plays in any browser with the keyboard: no server, no network.",
    )
    parser.add_argument("story", type=Path, nargs="?", default=DEFAULT_STORY,
                        help="story file (default: the atlas's own story)")
    parser.add_argument("--out", type=Path, required=True, help="HTML file to write")
    parser.add_argument("--lang", choices=("da", "en"), default="da")
    parser.add_argument("--db", type=Path, default=None,
                        help="atlas database (default: $ATLAS_DB or data/atlas.duckdb)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import os

    from rich.console import Console

    from atlas.stories import figure_converter

    # the figure converter's worker loads vl-convert's engine on the other core while this
    # process imports the views and computes the slides (issue 23)
    converter = figure_converter()
    converter.start()
    try:
        from atlas.stories.export import export_story
        from atlas.stories.story import load_story

        if args.db:
            os.environ["ATLAS_DB"] = str(args.db)
        story = load_story(args.story)
        out = export_story(story, args.out, args.lang)
    finally:
        converter.stop()
    broken = [slide.error for slide in story.slides if slide.error]
    console = Console(stderr=True)
    for problem in broken:
        console.print(f"[yellow]warning:[/] {problem}", highlight=False)
    console.print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KB, "
                  f"{len(story.slides)} slides)", highlight=False)
    return 0
