"""Babel extractor for the atlas's message ids (babel.cfg: `atlas.i18n_extract:extract`).

`pybabel extract -F babel.cfg -o atlas/locale/atlas.pot atlas pages app.py` runs it on every
Python file. The ids in code are keys relative to an area (atlas/catalogue.py): `text("title",
lang)` in atlas/views/compare.py is the id `compare.title`. This extractor reads each module's
syntax tree and finds

- its areas: `TEXTS = catalogue.area("compare")`; the first one is the module's own area;
- lookups with a literal key: `t("map.title", ...)` (the core area), `text(...)`, `tr(...)`,
  `N_(...)` (the module's own area), `pick(AREA, ...)`, `plural(AREA, ...)`, `message(AREA,
  ...)`, `message_plural(AREA, ...)`, `AREA.text(...)`, `AREA.plural(...)` (that area); plural
  lookups give a plural entry;
- the same through imports: `from atlas.views.compare import text` or `compare.text(...)` use
  the area of the module they come from (followed through re-exports and wrappers).

An id built at runtime (`t(f"role.{role}", ...)`) is not seen; such ids are marked where they
are listed, with `N_("role.need")` (atlas.catalogue.N_) in the module that owns them. The Danish
text from the Danish catalogue goes along as an extracted comment (`#. da: ...`), so that
`pybabel update` keeps it in every language's catalogue.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from atlas.catalogue import owner

ROOT = Path(__file__).resolve().parent.parent
DANISH_PO = Path(__file__).resolve().parent / "locale" / "da" / "LC_MESSAGES" / "atlas.po"

# (AREA, key, ...): atlas.i18n; message/message_plural: the same texts, rendered later
TABLE_LOOKUPS = {"pick": False, "plural": True, "message": False, "message_plural": True}
AREA_METHODS = {"text": False, "plural": True}     # AREA.text(key) / AREA.plural(key, n)
CORE_MODULE = "atlas.i18n"                          # its t() reads the core area
# calls whose first argument is a core id read later: urlstate.Invalid(notice_key)
CORE_KEY_CALLS = {"Invalid"}

Found = tuple[int, str, "str | tuple[str, str]"]
Lookup = tuple[str, bool]                           # (area, plural)


def _module_file(module: str) -> Path | None:
    base = ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


class Module:
    """What one module's syntax tree says about areas: its area variables, its own area (the
    first declared), the names it imports (name -> (module, attribute or None)) and its
    functions (also nested ones and `name = lambda ...`)."""

    def __init__(self, tree: ast.Module, name: str) -> None:
        self.tree = tree
        self.name = name
        self.areas: dict[str, str] = {}
        self.imports: dict[str, tuple[str, str | None]] = {}
        self.functions: dict[str, ast.FunctionDef | ast.Lambda] = {}
        for node in tree.body:
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                declared = _declared_area(node.value)
                for target in targets:
                    if declared is not None and isinstance(target, ast.Name):
                        self.areas[target.id] = declared
            elif isinstance(node, ast.ImportFrom):
                source = node.module or ""
                if node.level:
                    package = name.split(".")
                    is_package = _module_file(name) and _module_file(name).name == "__init__.py"
                    package = package[:len(package) - node.level + (1 if is_package else 0)]
                    source = ".".join([*package, *([node.module] if node.module else [])])
                for alias in node.names:
                    local = alias.asname or alias.name
                    if _module_file(f"{source}.{alias.name}"):
                        self.imports[local] = (f"{source}.{alias.name}", None)
                    else:
                        self.imports[local] = (source, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.imports[alias.asname] = (alias.name, None)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                self.functions[node.name] = node
            elif (isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda)
                  and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
                self.functions[node.targets[0].id] = node.value
        self.own_area = next(iter(self.areas.values()), None)
        self.lookups: dict[str, str] = {}   # names babel.cfg declares lookups of an area


def _declared_area(value: ast.AST | None) -> str | None:
    """"compare" for `catalogue.area("compare")` or `area("compare")`."""
    if not isinstance(value, ast.Call) or len(value.args) != 1:
        return None
    func = value.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    argument = value.args[0]
    if called == "area" and isinstance(argument, ast.Constant) and isinstance(argument.value,
                                                                             str):
        return argument.value
    return None


@lru_cache(maxsize=None)
def _module(name: str) -> Module | None:
    path = _module_file(name)
    if path is None:
        return None
    return Module(ast.parse(path.read_text(encoding="utf-8")), name)


def _imported(module: Module, name: str) -> tuple[Module | None, str | None]:
    """The module and attribute an imported `name` stands for (attribute None: a module)."""
    source, attribute = module.imports[name]
    return _module(source), attribute


def _name_lookup(module: Module, name: str, depth: int) -> Lookup | None:
    """The lookup a function called `name` in `module` is: N_, t, a wrapper, an import."""
    if depth > 8:
        return None
    if name == "N_":
        return (module.own_area, False) if module.own_area is not None else None
    if name == "t" and module.name == CORE_MODULE or name in CORE_KEY_CALLS:
        return "", False
    if name in module.lookups:
        return module.lookups[name], False
    if name in module.functions:
        return _wrapper(module, module.functions[name], depth + 1)
    if name in module.imports:
        other, attribute = _imported(module, name)
        if other is not None and attribute is not None:
            return _name_lookup(other, attribute, depth + 1)
    return None


def _area_variable(module: Module, node: ast.AST, depth: int = 0) -> str | None:
    """The area a table argument names: an area variable, here or imported, or
    `module.AREA`."""
    if depth > 8:
        return None
    if isinstance(node, ast.Name):
        if node.id in module.areas:
            return module.areas[node.id]
        if node.id in module.imports:
            other, attribute = _imported(module, node.id)
            if other is not None and attribute is not None:
                return _area_variable(other, ast.Name(attribute), depth + 1)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        if node.value.id in module.imports:
            other, attribute = _imported(module, node.value.id)
            if other is not None and attribute is None:
                return _area_variable(other, ast.Name(node.attr), depth + 1)
    return None


def _lookup(module: Module, call: ast.Call, depth: int = 0) -> tuple[Lookup, int] | None:
    """(the lookup's area and plural flag, the key argument's position) of a call."""
    func = call.func
    if isinstance(func, ast.Name) and func.id in TABLE_LOOKUPS and call.args:
        area = _area_variable(module, call.args[0])
        return ((area, TABLE_LOOKUPS[func.id]), 1) if area is not None else None
    if isinstance(func, ast.Name):
        found = _name_lookup(module, func.id, depth)
        return (found, 0) if found else None
    if isinstance(func, ast.Attribute) and func.attr in AREA_METHODS:
        area = _area_variable(module, func.value)
        if area is not None:
            return (area, AREA_METHODS[func.attr]), 0
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        if func.value.id in module.imports:
            other, attribute = _imported(module, func.value.id)
            if other is not None and attribute is None:
                found = _name_lookup(other, func.attr, depth + 1)
                return (found, 0) if found else None
    return None


def _wrapper(module: Module, function: ast.FunctionDef | ast.Lambda, depth: int
             ) -> Lookup | None:
    """A function whose first parameter is the key of a lookup it calls (a module's
    `text(key, lang)`, a page's `T(key)`): that lookup."""
    parameters = function.args.posonlyargs + function.args.args
    if not parameters:
        return None
    key = parameters[0].arg
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            found = _lookup(module, node, depth + 1)
            if found is None:
                continue
            lookup, position = found
            if (len(node.args) > position and isinstance(node.args[position], ast.Name)
                    and node.args[position].id == key):
                return lookup
    return None


def _assigned(tree: ast.AST, name: str) -> list[ast.AST]:
    """Every expression the module assigns to `name` (`key = f"publisher.{name}"`)."""
    values = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id == name:
                    values.append(node.value)
                elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                    values += [value for item, value in zip(target.elts, node.value.elts)
                               if isinstance(item, ast.Name) and item.id == name]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) \
                and node.target.id == name and node.value is not None:
            values.append(node.value)
    return values


def _elements(tree: ast.AST, node: ast.AST, depth: int) -> list[ast.AST]:
    """The items a loop runs over: a literal tuple or list, or a name assigned one."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return list(node.elts)
    if isinstance(node, ast.Name) and depth < 4:
        return [item for value in _assigned(tree, node.id)
                for item in _elements(tree, value, depth + 1)]
    return []


def _loop_items(tree: ast.AST, name: str, depth: int) -> list[ast.AST]:
    """What a loop or comprehension variable `name` takes: the items (or the item's part, for
    `for key, value in ((..., ...), ...)`) of the literal sequence it runs over."""
    items: list[ast.AST] = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.For, ast.comprehension)):
            continue
        target = node.target
        for element in _elements(tree, node.iter, depth):
            if isinstance(target, ast.Name) and target.id == name:
                items.append(element)
            elif isinstance(target, ast.Tuple) and isinstance(element, ast.Tuple):
                items += [value for part, value in zip(target.elts, element.elts)
                          if isinstance(part, ast.Name) and part.id == name]
    return items


ANY = None   # a part of a key formatted at runtime: f"role.{role}" -> ("role.", ANY)
Template = tuple["str | None", ...]


def _templates(tree: ast.AST, node: ast.AST, depth: int = 0) -> list[Template]:
    """The keys an expression can be, as templates of literal parts and ANY: literals,
    conditionals, `+`, f-strings, and names assigned or looped over such."""
    if depth > 6:
        return []
    if isinstance(node, ast.Constant):
        return [(node.value,)] if isinstance(node.value, str) else []
    if isinstance(node, ast.JoinedStr):
        # a formatted name the code binds to literals (`f"{problem}.howto"`) takes their
        # values; any other formatted part is ANY
        templates: list[Template] = [()]
        for part in node.values:
            if isinstance(part, ast.Constant):
                choices = [(part.value,)]
            else:
                choices = (_templates(tree, part.value, depth + 1)
                           if isinstance(part.value, ast.Name) else []) or [(ANY,)]
            templates = [done + choice for done in templates for choice in choices]
        return templates
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        # a part the code does not name (`"about.origin." + row["origin"]`) is formatted
        return [left + right
                for left in _templates(tree, node.left, depth + 1) or [(ANY,)]
                for right in _templates(tree, node.right, depth + 1) or [(ANY,)]]
    if isinstance(node, ast.IfExp):
        choices = [node.body, node.orelse]
    elif isinstance(node, ast.BoolOp):
        choices = list(node.values)
    elif isinstance(node, ast.Name):
        choices = _assigned(tree, node.id) + _loop_items(tree, node.id, depth)
    else:
        return []
    return [template for choice in choices for template in _templates(tree, choice, depth + 1)]


def _keys(tree: ast.AST, node: ast.AST) -> list[str | re.Pattern]:
    """The keys an argument can be: literals, or a pattern when a part is formatted at runtime
    (`f"role.{role}"` matches the ids `role.need`, `role.supply` ... of the catalogue)."""
    keys: list[str | re.Pattern] = []
    for template in _templates(tree, node):
        if ANY not in template:
            keys.append("".join(template))
        elif template[0]:   # a literal start: a pattern of one family of ids, never "anything"
            keys.append(re.compile("".join(".+" if part is ANY else re.escape(part)
                                           for part in template)))
    return keys


def _msgid(area: str, key: str) -> str:
    return f"{area}.{key}" if area else key


def _calls(tree: ast.Module) -> Iterator[tuple[ast.AST, ast.Call]]:
    """Every call with the innermost function around it (where its key's names are bound)."""
    def visit(node: ast.AST, scope: ast.AST) -> Iterator[tuple[ast.AST, ast.Call]]:
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, (ast.FunctionDef, ast.Lambda)) else scope
            if isinstance(child, ast.Call):
                yield scope, child
            yield from visit(child, inner)

    yield from visit(tree, tree)


def _explicit_area(module: Module, call: ast.Call) -> bool:
    """True for a lookup that names its area (`pick(AREA, ...)`, `AREA.text(...)`)."""
    func = call.func
    return (isinstance(func, ast.Name) and func.id in TABLE_LOOKUPS) or (
        isinstance(func, ast.Attribute) and func.attr in AREA_METHODS
        and _area_variable(module, func.value) is not None)


def find_ids(tree: ast.Module, name: str = "", own_area: str | None = None,
             known: Iterable[str] = (), lookups: Iterable[str] = ()) -> Iterator[Found]:
    """(line, lookup, msgid or (msgid, msgid_plural)) for every lookup of a key the code
    names; f-string keys match the `known` ids (the Danish catalogue's). A key the code does
    not name, looked up in an area the call names (`FAILURES.text(kind, ...)`: the area is
    a table read by a data value), uses every id of that area.

    `own_area` and `lookups` come from babel.cfg: a module whose lookup function arrives as
    a parameter (`T`) names it there."""
    module = Module(tree, name)
    if own_area is not None:
        module.own_area = own_area
        module.lookups = {lookup: own_area for lookup in lookups}
    for scope, node in _calls(tree):
        found = _lookup(module, node)
        if found is None or len(node.args) <= found[1]:
            continue
        (area, is_plural), position = found
        called = ast.unparse(node.func)
        argument = node.args[position]
        keys = _keys(scope, argument)
        if not keys and not (isinstance(argument, ast.Name) and _assigned(scope, argument.id)):
            keys = _keys(tree, argument)    # a name bound at module level
        if not keys and _explicit_area(module, node):
            keys = [re.compile(".+")]
        for key in keys:
            if isinstance(key, str):
                ids = [_msgid(area, key)]
            else:
                pattern = re.compile(re.escape(_msgid(area, "")) + key.pattern)
                ids = [msgid for msgid in known
                       if pattern.fullmatch(msgid) and owner(msgid) == area]
            for msgid in ids:
                yield node.lineno, called, (msgid, f"{msgid}.plural") if is_plural else msgid


@lru_cache(maxsize=1)
def _danish() -> dict[str, str]:
    from babel.messages.pofile import read_po

    if not DANISH_PO.exists():
        return {}
    with DANISH_PO.open("rb") as handle:
        catalog = read_po(handle)
    texts = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
        forms = message.string if isinstance(message.string, (tuple, list)) else [
            message.string]
        texts[key] = " | ".join(forms)
    return texts


def _module_name(filename: str | None) -> str:
    if not filename:
        return ""
    try:
        relative = Path(filename).resolve().relative_to(ROOT)
    except ValueError:
        return ""
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def extract(fileobj: Any, keywords: Any, comment_tags: Any, options: dict[str, Any]
            ) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Babel's extraction method: (line, function, message, comments) per id found."""
    source = fileobj.read()
    if isinstance(source, bytes):
        source = source.decode(options.get("encoding", "utf-8"))
    tree = ast.parse(source)
    name = _module_name(getattr(fileobj, "name", None))
    danish = _danish()
    lookups = options.get("lookups", "").split()
    for line, _function, message in find_ids(tree, name, options.get("area"), danish, lookups):
        key = message[0] if isinstance(message, tuple) else message
        comments = [f"da: {danish[key]}"] if key in danish else []
        yield line, "ngettext" if isinstance(message, tuple) else "gettext", message, comments
