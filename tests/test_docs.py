"""The documentation works as written: every command and example in README.md,
CONTRIBUTING.md and content/contribute.md.

Each line of a ```sh, ```bash or ```console block is a command, looked up by its shape in
``COMMANDS``, which says how it is exercised. Most run as written in a copy of the repository
(its ``.venv`` linked; ``make -o .venv/.installed`` tells make the environment is up to date,
so nothing is installed). The few that cannot run as written in a test are run or checked
another way, which the table says: a server that never ends, a fetch from the internet, the
test suite itself, installing system packages. A documented command the table does not know
fails, and so does a table entry no document uses.

Each ```yaml and ```markdown block is an example of a file, recognised in ``EXAMPLES`` and
checked by the project's own loader or ``make check``; a block of no known kind fails.
Commands and examples in the contributor guides run as a contributor following them would:
after the guide's step that adds the contributor to the authors file.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from generator.editorial.commentary import load_authors
from generator.editorial.new_page import slugify
from generator.sources.read import read_sources
from tests.conftest import ROOT

DOCUMENTS = ("README.md", "CONTRIBUTING.md", "content/contribute.md")
GUIDES = ("CONTRIBUTING.md", "content/contribute.md")
"""Documents whose commands follow the contributor guide's step 2 (adding yourself)."""
SHELL = ("sh", "bash", "console")
FILES = ("yaml", "markdown")
OTHER_BLOCKS = {"text": "output shown for reading, not a file or a command"}


# Reading the documents


@dataclass(frozen=True)
class Block:
    """A fenced code block."""

    document: str
    line: int
    """The line of its opening fence."""
    language: str
    text: str


@dataclass(frozen=True)
class Command:
    """A shell command as documented, split into words as the shell would."""

    document: str
    line: int
    words: tuple[str, ...]

    @property
    def shape(self) -> str:
        """The command with the values given to variables left out: its key in COMMANDS."""
        return " ".join(re.sub(r"^([A-Z_]+)=.*", r"\1=…", word) for word in self.words)

    def variable(self, name: str) -> str | None:
        for word in self.words:
            if word.startswith(f"{name}="):
                return word.partition("=")[2]
        return None

    def __str__(self) -> str:
        return f"{self.document}:{self.line}: {shlex.join(self.words)}"


def blocks(document: str) -> list[Block]:
    """Every fenced block of ``document``, indented ones (in a list item) included."""
    found, lines = [], (ROOT / document).read_text(encoding="utf-8").splitlines()
    opening = re.compile(r"^(\s*)```(\S*)\s*$")
    i = 0
    while i < len(lines):
        match = opening.match(lines[i])
        if not match:
            i += 1
            continue
        indent, start, body = len(match[1]), i + 1, []
        i += 1
        while lines[i].strip() != "```":
            body.append(lines[i][indent:])
            i += 1
        found.append(Block(document, start, match[2], "\n".join(body) + "\n"))
        i += 1
    return found


def commands(block: Block) -> list[Command]:
    """The commands of a shell block: comments left out; in ``console``, the ``$`` lines."""
    found = []
    for offset, line in enumerate(block.text.splitlines(), 1):
        if block.language == "console":
            if not line.startswith("$ "):
                continue
            line = line[2:]
        words = shlex.split(line, comments=True)
        if words:
            found.append(Command(block.document, block.line + offset, tuple(words)))
    return found


ALL_BLOCKS = [block for document in DOCUMENTS for block in blocks(document)]
DOCUMENTED = [command for b in ALL_BLOCKS if b.language in SHELL for command in commands(b)]
FILE_BLOCKS = [block for block in ALL_BLOCKS if block.language in FILES]


# A copy of the repository to run them in


def copy_repository(destination: Path) -> Path:
    """The repository's files as they are now (tests left out), with its .venv linked."""
    names = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, names):
        path = Path(name.decode())
        if path.parts[0] in ("tests", "test-artifacts") or not (ROOT / path).is_file():
            continue
        (destination / path).parent.mkdir(parents=True, exist_ok=True)
        (destination / path).write_bytes((ROOT / path).read_bytes())
    (destination / ".venv").symlink_to(ROOT / ".venv")
    return destination


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    return copy_repository(tmp_path / "repo")


def environment() -> dict[str, str]:
    """This environment, without what would change how make or the commands behave."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="0")
    for name in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "PYTHON", "MASTODON_TOKEN"):
        env.pop(name, None)
    return env


def run(words: list[str] | tuple[str, ...], repository: Path) -> subprocess.CompletedProcess:
    """A documented command, run in the copy; ``make`` is told .venv is up to date."""
    words = list(words)
    if words[0] == "make":
        words[1:1] = ["--no-print-directory", "-o", ".venv/.installed"]
    return subprocess.run(
        words, cwd=repository, env=environment(), capture_output=True, text=True, timeout=600
    )


def succeeds(words, repository: Path) -> str:
    result = run(words, repository)
    assert result.returncode == 0, f"{shlex.join(words)}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def documented_author_example() -> Block:
    (block,) = (b for b in FILE_BLOCKS if example_kind(b) == "authors file")
    return block


def add_yourself(repository: Path) -> None:
    """Step 2 of the contributor guide: the documented authors entry, added to the file."""
    authors = repository / "content" / "commentary" / "authors.yml"
    authors.write_text(authors.read_text() + documented_author_example().text)


# How each documented command is exercised


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(command: Command, repository: Path) -> None:
    """Started with a free port (the documented host kept); the overview must answer."""
    host = (command.variable("ADDR") or "127.0.0.1:8000").rpartition(":")[0]
    port = free_port()
    words = [w for w in command.words if not w.startswith("ADDR=")] + [f"ADDR={host}:{port}"]
    server = subprocess.Popen(
        ["make", "--no-print-directory", "-o", ".venv/.installed", *words[1:]],
        cwd=repository,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(server.stdout), daemon=True)
    reader.start()
    site_name = re.search(r"^site_name: (.*)$", (repository / "mkdocs.yml").read_text(), re.M)[1]
    try:
        page, deadline = "", time.monotonic() + 240
        while time.monotonic() < deadline and server.poll() is None:
            serving = [line for line in output if "Serving on" in line]
            assert all(f"Serving on http://{host}:{port}/" in line for line in serving), serving
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as answer:
                    page = answer.read().decode("utf-8")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        assert server.poll() is None, "".join(output)
        assert site_name in page, "the overview did not answer within 240 s"
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        reader.join(timeout=10)
    assert any(f"Serving on http://{host}:{port}/" in line for line in output), "".join(output)


def dry_run_test(command: Command, repository: Path) -> None:
    """``make -n test``: it would run ruff, the content check and the whole suite."""
    planned = succeeds(["make", "-n", *command.words[1:]], repository).splitlines()
    for step in (
        ".venv/bin/ruff check .",
        ".venv/bin/ruff format --check .",
        ".venv/bin/python -m generator check",
        ".venv/bin/pytest",
    ):
        assert step in planned, step
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()
    assert ci[-1] == shlex.join(command.words), ".ci/run runs the documented command"


def build(command: Command, repository: Path) -> None:
    succeeds(command.words, repository)
    assert (repository / "site" / "index.html").is_file()
    assert "data-post-id=" in (repository / "site" / "thread" / "index.html").read_text()


def check(command: Command, repository: Path) -> None:
    assert "content is valid: 29 posts read" in succeeds(command.words, repository)


def list_posts(command: Command, repository: Path) -> None:
    lines = succeeds(command.words, repository).splitlines()
    header = lines.index("#\tid\tauthor\treplies to\tthemes\tbeginning")
    rows = [line.split("\t") for line in lines[header + 1 : -1]]
    assert [row[0] for row in rows] == [str(n) for n in range(1, 30)]


def make_help(command: Command, repository: Path) -> None:
    lines = succeeds(command.words, repository).splitlines()
    for target in ("serve", "test", "build", "check", "list", "new", "export", "fetch", "help"):
        assert any(line.startswith(f"  make {target} ") for line in lines), target


def new(command: Command, repository: Path) -> None:
    """Run; the page it writes has what was given, and the content still passes check."""
    title = command.variable("TITLE")
    output = succeeds(command.words, repository)
    page = repository / "content" / "commentary" / f"{slugify(title)}.md"
    assert f"created content/commentary/{page.name}" in output
    text = page.read_text()
    assert f"author: {command.variable('AUTHOR')}\n" in text
    for theme in (command.variable("THEME") or "").split():
        assert theme in text.partition("themes:")[2].splitlines()[0]
    for post in (command.variable("RESPONDS_TO") or "").split():
        assert f'  - "{post}"' in text
    assert "content is valid" in succeeds(["make", "check"], repository)


def export(command: Command, repository: Path) -> None:
    succeeds(command.words, repository)
    folder = repository / command.variable("DIR")
    assert "discussion" not in str(yaml.safe_load((folder / "mkdocs.yml").read_text())["plugins"])
    assert (folder / "docs" / "index.md").is_file()
    assert (folder / "docs" / "thread" / "index.md").is_file()


def export_data(command: Command, repository: Path) -> None:
    """Run; the folder holds a dataset that the Frictionless validator accepts."""
    from frictionless import validate

    succeeds(command.words, repository)
    report = validate(repository / command.words[-1] / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@contextmanager
def mastodon() -> Iterator[tuple[str, list[str]]]:
    """A server on 127.0.0.1 that answers for any status with the fetch tests' fixture."""
    fixtures = ROOT / "tests" / "fixtures" / "fetch"
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            name = "context.json" if self.path.endswith("/context") else "status.json"
            body = (fixtures / name).read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()


def fetch(command: Command, repository: Path) -> None:
    """Run against a local server: the URL's scheme and host are the server's, its path kept."""
    url = urlsplit(command.variable("URL"))
    with mastodon() as (local, asked):
        words = [
            f"URL={local}{url.path}" if word.startswith("URL=") else word for word in command.words
        ]
        succeeds(words, repository)
    status_id = url.path.rstrip("/").rpartition("/")[2]
    assert asked == [f"/api/v1/statuses/{status_id}", f"/api/v1/statuses/{status_id}/context"]
    output = repository / command.variable("OUTPUT")
    assert set(json.loads(output.read_text())) == {"status", "context"}
    assert len(read_sources([(output, output.name)]).posts) == 5


def generator_help(command: Command, repository: Path) -> None:
    assert "--timeout" in succeeds(command.words, repository)


def apt_get(command: Command, repository: Path) -> None:
    """Not run: it installs system packages as root. Its packages are those .ci/run installs
    for the optional tests (besides make and python3-venv, which make itself needs)."""
    ci = (ROOT / ".ci" / "run").read_text()
    optional = set(re.findall(r"packages\+=\(([\w-]+)\)", ci)) - {"make", "python3-venv"}
    assert command.words[:3] == ("apt-get", "install", "-y")
    assert set(command.words[3:]) == optional


def catalogues(folder: Path) -> dict[str, object]:
    """The catalogues in ``folder`` (generator/locales of a copy), by locale folder."""
    from babel.messages.pofile import read_po

    found = {}
    for path in sorted(folder.glob("*/LC_MESSAGES/messages.po")):
        with path.open("rb") as stream:
            found[path.parents[1].name] = read_po(stream, locale=path.parents[1].name)
    return found


def forms(message) -> tuple[str, ...]:
    """A catalogue message's translation, each plural form apart."""
    return message.string if isinstance(message.string, tuple) else (message.string,)


def messages(command: Command, repository: Path) -> None:
    """Run: messages.pot lists the site's words, and the French catalogue still translates
    every one of them (nothing was lost or marked unsure on the way)."""
    succeeds(command.words, repository)
    locales = repository / "generator" / "locales"
    pot = (locales / "messages.pot").read_text(encoding="utf-8")
    assert pot.count("\nmsgid ") > 200
    french = catalogues(locales)["fr"]
    assert all(all(forms(m)) and not m.fuzzy for m in french if m.id), "a French word was lost"


def new_catalogue(command: Command, repository: Path) -> None:
    """Run: a German catalogue with German plural rules and every word, none translated
    yet (so the site stays English until they are)."""
    succeeds(command.words, repository)
    german = catalogues(repository / "generator" / "locales")["de"]
    assert german.plural_forms == "nplurals=2; plural=(n != 1);"
    assert len(german) > 200 and not any(any(forms(m)) for m in german if m.id)


COMMANDS: dict[str, tuple[str, Callable[[Command, Path], None]]] = {
    "make serve": (
        "started with ADDR=127.0.0.1:<free port>; passes when the overview answers, then stopped",
        serve,
    ),
    "make serve ADDR=…": (
        "started with the documented host and a free port; passes when the overview answers, "
        "then stopped",
        serve,
    ),
    "make test": (
        "dry run (make -n): it runs ruff, make check and pytest (the suite cannot run itself "
        "from inside itself); .ci/run runs `make test` as written",
        dry_run_test,
    ),
    "make build": ("run: site/ holds the overview and the thread", build),
    "make check": ("run: the content is valid", check),
    "make list": ("run: a header and one line per post", list_posts),
    "make help": ("run: one line per target", make_help),
    "make new TITLE=… AUTHOR=… THEME=… RESPONDS_TO=…": (
        "run: the page has the given author, theme and post, and make check passes after it",
        new,
    ),
    "make export DIR=…": (
        "run: DIR/mkdocs.yml without the plugin, DIR/docs/ with the pages",
        export,
    ),
    ".venv/bin/python -m generator export --data out": (
        "run: out/ holds a dataset the Frictionless validator accepts",
        export_data,
    ),
    "make fetch URL=… OUTPUT=…": (
        "run against a local server on 127.0.0.1 (the URL's path kept): the file reads as a thread",
        fetch,
    ),
    ".venv/bin/python -m generator fetch --help": ("run: the options are listed", generator_help),
    "make messages": (
        "run: messages.pot lists the site's words; the French catalogue still translates all",
        messages,
    ),
    ".venv/bin/pybabel init -i generator/locales/messages.pot -d generator/locales -l de": (
        "run: a German catalogue with every word, untranslated",
        new_catalogue,
    ),
    "apt-get install -y chromium default-jre-headless npm": (
        "not run (installs system packages as root): the packages are those .ci/run installs "
        "for the optional tests",
        apt_get,
    ),
}


@pytest.mark.parametrize("command", DOCUMENTED, ids=str)
def test_documented_command_works_as_written(command: Command, repository: Path):
    if command.shape not in COMMANDS:
        pytest.fail(
            f"{command}: a documented command that COMMANDS does not know ({command.shape!r}); "
            "add how it is run or checked"
        )
    if command.document in GUIDES:
        add_yourself(repository)
    COMMANDS[command.shape][1](command, repository)


def test_every_command_in_the_table_is_documented():
    assert sorted(set(COMMANDS) - {command.shape for command in DOCUMENTED}) == []


# How each example of a file is checked


def example_kind(block: Block) -> str | None:
    if block.language == "markdown" and block.text.startswith("---\n"):
        return "commentary page"
    if block.language == "yaml":
        data = yaml.safe_load(block.text)
        if isinstance(data, dict) and "plugins" in data:
            return "mkdocs.yml with the plugin"
        if data and all(isinstance(v, dict) and "name" in v for v in data.values()):
            return "authors file"
    return None


def commentary_page(block: Block, repository: Path) -> None:
    """Saved as the guide says, after adding yourself; `make check` must pass."""
    add_yourself(repository)
    title = re.search(r"^title: (.*)$", block.text, re.M)[1]
    page = repository / "content" / "commentary" / f"{slugify(title)}.md"
    page.write_text(block.text)
    result = run(["make", "check"], repository)
    assert result.returncode == 0, result.stderr
    pages = len(list(page.parent.glob("*.md")))
    assert f"{pages} commentary pages" in result.stdout, "the example page was read"


def authors_file(block: Block, repository: Path) -> None:
    """Read by the project's loader, on its own and added to the repository's file."""
    alone = repository / "authors-example.yml"
    alone.write_text(block.text)
    assert set(load_authors(alone, alone.name)) == set(yaml.safe_load(block.text))
    add_yourself(repository)
    assert "content is valid" in succeeds(["make", "check"], repository)


def mkdocs_config(block: Block, repository: Path) -> None:
    """A strict build of a new site with this mkdocs.yml, the repository's data files in the
    places it names (an empty opt-out list where the repository has none)."""
    site = repository.parent / "plugin-example"
    (site / "docs").mkdir(parents=True)
    (site / "mkdocs.yml").write_text(block.text)
    (options,) = (
        p["discussion"] for p in yaml.safe_load(block.text)["plugins"] if "discussion" in p
    )
    data = repository / "content" / "discussion"
    names = [*options["sources"], *(v for v in options.values() if isinstance(v, str))]
    for name in names:
        if name.startswith("docs/commentary") or not re.fullmatch(r"[\w/-]+\.(txt|yml|md)", name):
            continue  # the commentary folder follows; `title:` is not a file
        source = data / Path(name).name
        (site / name).write_text(source.read_text() if source.exists() else "")
    commentary = repository / "content" / "commentary"
    (site / "docs" / "commentary").mkdir()
    for path in commentary.iterdir():
        (site / "docs" / "commentary" / path.name).write_bytes(path.read_bytes())
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "mkdocs"), "build", "--strict"],
        cwd=site,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "29 posts read" in result.stderr
    assert (site / "site" / "thread" / "index.html").read_text().count("data-post-id=") >= 29


EXAMPLES: dict[str, tuple[str, Callable[[Block, Path], None]]] = {
    "commentary page": (
        "saved in content/commentary/ after adding yourself; make check",
        commentary_page,
    ),
    "authors file": ("read by load_authors; added to authors.yml, make check", authors_file),
    "mkdocs.yml with the plugin": (
        "a strict build of a new site with the repository's data files",
        mkdocs_config,
    ),
}


@pytest.mark.parametrize("block", FILE_BLOCKS, ids=lambda b: f"{b.document}:{b.line}")
def test_documented_example_passes_the_projects_checks(block: Block, repository: Path):
    kind = example_kind(block)
    if kind is None:
        pytest.fail(f"{block.document}:{block.line}: an example of no kind EXAMPLES knows")
    EXAMPLES[kind][1](block, repository)


def test_every_block_is_a_command_an_example_or_known_output():
    for block in ALL_BLOCKS:
        assert block.language in (*SHELL, *FILES, *OTHER_BLOCKS), (
            f"{block.document}:{block.line}: a ```{block.language} block; say what it is"
        )


# No other form of a command is given


BARE = re.compile(r"(?<!\.venv/bin/)\bpython3? -m generator\b")


def test_the_documents_give_no_command_that_fails_from_a_fresh_clone():
    for document in DOCUMENTS:
        for number, line in enumerate((ROOT / document).read_text().splitlines(), 1):
            assert not BARE.search(line), f"{document}:{number}: {line.strip()}"


def test_the_tools_messages_give_no_command_that_fails_from_a_fresh_clone():
    """Strings in generator/ other than docstrings (which speak to maintainers)."""
    for module in sorted((ROOT / "generator").rglob("*.py")):
        tree = ast.parse(module.read_text())
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and BARE.search(node.value)
            ):
                pytest.fail(f"{module.relative_to(ROOT)}:{node.lineno}: {node.value!r}")


def test_the_files_the_readme_and_contributing_link_to_exist():
    for document in ("README.md", "CONTRIBUTING.md"):
        text = (ROOT / document).read_text()
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
            assert (ROOT / target).exists(), f"{document}: a link to {target}"
