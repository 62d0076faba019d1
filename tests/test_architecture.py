"""Dependencies run one way: no import loop between our modules, and each app imports only the
apps below it (``core`` none of ours, ``security`` only ``core``, ``grants`` neither ``home`` nor
``search``, nobody the demo).

The imports are read from the source with ``ast``, those written inside functions included, so a
loop cannot hide behind an import moved into a function."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "portal",
    "core",
    "security",
    "home",
    "knowledge",
    "grants",
    "search",
    "privacy",
    "demo",
)

# What each app may import of ours (besides itself). ``portal`` wires everything together by
# configuration (settings, root urls) and is left out.
ALLOWED = {
    "core": set(),
    # The login, two factors and the security log: every app may write to it.
    "security": {"core"},
    "knowledge": {"core", "security"},
    "grants": {"core", "security"},
    "home": {"core", "security", "knowledge", "grants"},
    "search": {"core", "security", "knowledge", "grants", "home"},
    # The AVG rights and retention: it asks the providers registered in core.personal_data.
    "privacy": {"core", "security"},
    "demo": {"core", "security", "knowledge", "grants", "home", "search", "privacy"},
}


def module_files(root, packages):
    """{dotted module name: path} for every Python file of the given packages."""
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _imported_names(node, module, is_package):
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join([*package, base] if base else package)
    # ``from package import name``: ``name`` may be a submodule.
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def _known(name, modules):
    """The longest prefix of ``name`` that is one of our modules, or None."""
    parts = name.split(".")
    while parts:
        if ".".join(parts) in modules:
            return ".".join(parts)
        parts.pop()
    return None


def _with_packages(target, importer):
    """Importing ``a.b.c`` runs ``a/__init__`` and ``a/b/__init__`` first: those count too,
    except the importer's own packages (already being imported)."""
    parts = target.split(".")
    own = {".".join(importer.split(".")[:i]) for i in range(1, importer.count(".") + 1)}
    return {".".join(parts[:i]) for i in range(1, len(parts) + 1)} - own - {importer}


def import_graph(root=ROOT, packages=PACKAGES):
    """{module: set of our modules it imports}, at any depth of the file."""
    modules = module_files(root, packages)
    graph = {}
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for name in _imported_names(node, module, is_package):
                    target = _known(name, modules)
                    if target:
                        edges |= _with_packages(target, module)
        graph[module] = {target for target in edges if target in modules}
    return graph


def import_loops(graph):
    """Every group of modules that import each other (directly or round a longer loop)."""
    index, low, stack, on_stack, loops = {}, {}, [], set(), []

    def visit(module):  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph.get(module, ())):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = set()
            while not group or module not in group:
                group.add(stack.pop())
            on_stack.difference_update(group)
            if len(group) > 1 or module in graph.get(module, ()):
                loops.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return loops


def app_imports(graph):
    """{(app, other app): [module -> module, ...]} for every import across apps."""
    crossings = {}
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            pair = (module.split(".")[0], target.split(".")[0])
            if pair[0] != pair[1]:
                crossings.setdefault(pair, []).append(f"{module} -> {target}")
    return crossings


@pytest.fixture(scope="module")
def graph():
    return import_graph()


def test_no_import_loop_between_our_modules(graph):
    assert import_loops(graph) == []


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_each_app_imports_only_the_apps_below_it(graph, app):
    forbidden = {
        pair: imports
        for pair, imports in app_imports(graph).items()
        if pair[0] == app and pair[1] not in ALLOWED[app] | {"portal"}
    }
    assert forbidden == {}


def test_grants_imports_neither_home_nor_search(graph):
    crossings = app_imports(graph)
    assert ("grants", "home") not in crossings
    assert ("grants", "search") not in crossings


def test_the_checks_see_a_loop_a_lazy_import_and_a_forbidden_app(tmp_path):
    """The checks above can fail: on a small made-up project they find what they look for."""
    files = {
        "grants/__init__.py": "",
        "grants/notifications.py": "def queue():\n    from . import tasks\n",
        "grants/tasks.py": "from grants.notifications import queue\n",
        "grants/models/__init__.py": "from ..pages import Page\n",
        "grants/pages.py": "from .models.application import Application\n",
        "grants/models/application.py": "from search.applications import find\n",
        "search/__init__.py": "",
        "search/applications.py": "import grants.models\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    made_up = import_graph(tmp_path, ("grants", "search"))
    assert ["grants.notifications", "grants.tasks"] in import_loops(made_up)
    assert any("grants.pages" in loop and "grants.models" in loop for loop in import_loops(made_up))
    assert app_imports(made_up)[("grants", "search")] == [
        "grants.models.application -> search",
        "grants.models.application -> search.applications",
    ]
