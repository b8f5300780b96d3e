"""Stories: ordered slides for presenter mode and the one-file offline export.

A story is a TOML file (default: `atlas/stories/omvendt_omsorg.toml`):

    [story]
    title_da = "…"
    title_en = "…"

    [[slide]]
    view = "map"                    # map | inverse_care | profile | text
    indicator = "home_nursing_per_1000"
    period = "2025"                 # optional: the indicator's latest period by default
    zoom = "dk"                     # dk | kbh
    highlight = [825, 741]          # optional municipality codes
    kommune = 360                   # optional selected municipality
    title_da = "…"
    title_en = "…"
    text_da = "…"                   # the annotation, optional
    text_en = "…"

An inverse-care slide names `need` and `access` (and `show = "scatter"`, `"map"`, the
bivariate map with its hot spots, or `"overview"`, every registered pair with the slide's pair
placed among them); a profile slide names `kommune`. A text slide may name
`indicators = [...]` (its source line then names their sources, publisher, table and latest
period) and `source_da` / `source_en` (a reference of its own, e.g. literature). A malformed
file raises StoryError naming the file; a malformed slide keeps its place with an `error` that
names the slide and the field, so the presenter sees which slide is broken and the others work.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from atlas.errors import AtlasError
from atlas.paths import PROJECT_ROOT
from atlas.registry import registry

STORIES_DIR = PROJECT_ROOT / "atlas" / "stories"
DEFAULT_STORY = STORIES_DIR / "omvendt_omsorg.toml"
VIEWS = ("map", "inverse_care", "profile", "text")
ZOOMS = ("dk", "kbh")
SHOWS = ("scatter", "map", "overview")   # an inverse-care slide: the scatter, the 3x3 map or
                                         # the overview of every registered pair
_TEXT_FIELDS = ("title_da", "title_en", "text_da", "text_en")
_FIELDS = {
    "map": {"indicator", "period", "zoom", "highlight", "kommune"},
    "inverse_care": {"need", "access", "show", "zoom", "highlight", "kommune", "weighted"},
    "profile": {"kommune"},
    "text": {"indicators", "source_da", "source_en"},
}
_REQUIRED = {"map": ("indicator",), "inverse_care": ("need", "access"),
             "profile": ("kommune",), "text": ()}


class StoryError(AtlasError):
    """The story file as a whole cannot be read."""


@dataclass(frozen=True)
class Slide:
    number: int                      # 1-based position in the story
    view: str
    title_da: str = ""
    title_en: str = ""
    text_da: str = ""
    text_en: str = ""
    indicator: str | None = None
    period: str | None = None
    need: str | None = None
    access: str | None = None
    weighted: bool = False
    show: str = "scatter"
    zoom: str = "dk"
    highlight: tuple[int, ...] = ()
    kommune: int | None = None
    indicators: tuple[str, ...] = ()   # text slides: the indicators whose sources it names
    source_da: str = ""                # text slides: a reference of the slide's own
    source_en: str = ""
    error: str | None = None         # why this slide cannot be shown (slide and field named)

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_da

    def text(self, lang: str) -> str:
        return self.text_en if lang == "en" else self.text_da

    def source(self, lang: str) -> str:
        return self.source_en if lang == "en" else self.source_da


@dataclass(frozen=True)
class Story:
    path: Path
    title_da: str
    title_en: str
    slides: tuple[Slide, ...] = field(default_factory=tuple)

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_da


class _SlideProblem(ValueError):
    pass


def _code(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 100 <= value <= 999:
        raise _SlideProblem(f"field '{name}' must be a municipality code (101–860), "
                            f"not {value!r}")
    return value


def _indicator(value: Any, name: str) -> str:
    if not isinstance(value, str) or value not in registry():
        raise _SlideProblem(f"field '{name}': {value!r} is not a registered indicator")
    return value


def _slide(number: int, entry: Any) -> Slide:
    where = f"slide {number}"
    try:
        if not isinstance(entry, dict):
            raise _SlideProblem("must be a table of fields")
        view = entry.get("view")
        if view not in VIEWS:
            raise _SlideProblem(f"field 'view' must be one of {', '.join(VIEWS)}, not {view!r}")
        allowed = _FIELDS[view] | set(_TEXT_FIELDS) | {"view"}
        unknown = sorted(set(entry) - allowed)
        if unknown:
            raise _SlideProblem(f"unknown field '{unknown[0]}' for a {view} slide")
        for name in _REQUIRED[view]:
            if name not in entry:
                raise _SlideProblem(f"field '{name}' is required for a {view} slide")
        for name in ("title_da", "title_en"):
            if not isinstance(entry.get(name), str) or not entry[name].strip():
                raise _SlideProblem(f"field '{name}' is required (text)")
        for name in ("text_da", "text_en", "period", "source_da", "source_en"):
            if name in entry and not isinstance(entry[name], str):
                raise _SlideProblem(f"field '{name}' must be text")
        values: dict[str, Any] = {name: entry[name] for name in _TEXT_FIELDS if name in entry}
        for name in ("source_da", "source_en"):
            if name in entry:
                values[name] = entry[name]
        if "indicators" in entry:
            if not isinstance(entry["indicators"], list):
                raise _SlideProblem("field 'indicators' must be a list of indicator ids")
            values["indicators"] = tuple(_indicator(v, "indicators") for v in entry["indicators"])
        for name in ("indicator", "need", "access"):
            if name in entry:
                values[name] = _indicator(entry[name], name)
        if view == "inverse_care":
            roles = registry()
            if roles[values["need"]].role not in ("need", "outcome"):
                raise _SlideProblem("field 'need' must name a need or outcome indicator")
            if roles[values["access"]].role != "supply":
                raise _SlideProblem("field 'access' must name a supply indicator")
        if "period" in entry:
            values["period"] = entry["period"]
        if "zoom" in entry:
            if entry["zoom"] not in ZOOMS:
                raise _SlideProblem(f"field 'zoom' must be one of {', '.join(ZOOMS)}")
            values["zoom"] = entry["zoom"]
        if "show" in entry:
            if entry["show"] not in SHOWS:
                raise _SlideProblem(f"field 'show' must be one of {', '.join(SHOWS)}")
            values["show"] = entry["show"]
        if "weighted" in entry:
            if not isinstance(entry["weighted"], bool):
                raise _SlideProblem("field 'weighted' must be true or false")
            values["weighted"] = entry["weighted"]
        if "highlight" in entry:
            if not isinstance(entry["highlight"], list):
                raise _SlideProblem("field 'highlight' must be a list of municipality codes")
            values["highlight"] = tuple(_code(v, "highlight") for v in entry["highlight"])
        if "kommune" in entry:
            values["kommune"] = _code(entry["kommune"], "kommune")
        return Slide(number=number, view=view, **values)
    except _SlideProblem as problem:
        titles = {name: entry.get(name, "") for name in ("title_da", "title_en")
                  if isinstance(entry, dict) and isinstance(entry.get(name), str)}
        return Slide(number=number, view=str(entry.get("view", "text"))
                     if isinstance(entry, dict) else "text",
                     error=f"{where}: {problem}", **titles)


def load_story(path: Path | str = DEFAULT_STORY) -> Story:
    """Read and check a story file (see the module docstring)."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except FileNotFoundError:
        raise StoryError(f"story file not found: {path.name}") from None
    except tomllib.TOMLDecodeError as problem:
        raise StoryError(f"{path.name} is not valid TOML: {problem}") from None
    meta = document.get("story")
    if not isinstance(meta, dict) or not all(isinstance(meta.get(k), str)
                                             for k in ("title_da", "title_en")):
        raise StoryError(f"{path.name}: a [story] table with title_da and title_en is required")
    entries = document.get("slide")
    if not isinstance(entries, list) or not entries:
        raise StoryError(f"{path.name}: the story has no [[slide]] entries")
    return Story(path=path, title_da=meta["title_da"], title_en=meta["title_en"],
                 slides=tuple(_slide(i, entry) for i, entry in enumerate(entries, start=1)))
