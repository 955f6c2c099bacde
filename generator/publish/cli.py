"""The command line: ``python -m generator check | list | export DIR | new TITLE | fetch URL``.

Like ``mkdocs``, every command reads ``mkdocs.yml`` in the current folder unless ``-f FILE``
names another, and takes the discussion's settings from the ``discussion`` plugin there.
Problems with content are printed one per line as ``path:line: problem`` with exit status 1;
there is no traceback for a user's mistake.
"""

from __future__ import annotations

import dataclasses
import datetime
import sys
from pathlib import Path

import click

from generator import __version__
from generator.editorial.commentary import valid_slug
from generator.editorial.new_page import scaffold
from generator.errors import ContentError
from generator.pipeline import generate
from generator.publish.export import (
    check_destination,
    export_config,
    handwritten_files,
    published_files,
    write_project,
)
from generator.publish.listing import format_posts
from generator.summary import summary_line

config_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="The MkDocs configuration to read (default: mkdocs.yml in the current folder).",
)


def _fail(err: ContentError) -> None:
    for problem in err.problems:
        click.echo(str(problem), err=True)
    sys.exit(1)


def _generate(config_file: str | None, **changes: object):
    """The project and its generated site; ``changes`` replace some of its settings."""
    from generator.publish.plugin import load_project  # imports MkDocs, which takes a moment

    project = load_project(config_file)
    settings = dataclasses.replace(project.settings, **changes)
    handwritten = handwritten_files(settings.docs_dir, project.data_files(), settings.label)
    return project, generate(settings, handwritten)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="generator")
def main() -> None:
    """Publish a social-media discussion as a themed, cross-linked website."""


@main.command()
@config_option
def check(config_file: str | None) -> None:
    """Validate everything in content/: sources, taxonomy, annotations and pages.

    Exits 0 when clean; otherwise prints one `path:line: problem` line per error to stderr
    and exits 1.
    """
    try:
        _, result = _generate(config_file)
    except ContentError as err:
        _fail(err)
    click.echo(f"content is valid: {summary_line(result.summary)}")


@main.command(name="list")
@config_option
def list_posts(config_file: str | None) -> None:
    """List every post: number, id, author, the post it answers, themes and first words.

    Use it to find the ids that annotations refer to.
    """
    try:
        _, result = _generate(config_file)
    except ContentError as err:
        _fail(err)
    click.echo(format_posts(result))


@main.command()
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--data",
    is_flag=True,
    help="Write only the dataset (CSV, JSON Lines and datapackage.json) into DEST.",
)
@config_option
def export(dest: Path, data: bool, config_file: str | None) -> None:
    """Write a self-contained MkDocs project into DEST.

    DEST/mkdocs.yml has no discussion plugin and DEST/docs/ holds every page, hand-written
    and generated, so plain MkDocs (or a compatible generator) can build it. With --data,
    DEST gets the discussion as a dataset instead: the files the site publishes in data/.
    """
    from generator.publish import dataset, media_files
    from generator.publish.assets import SCRIPTS, STYLESHEETS, asset_files
    from generator.publish.nav import default_nav
    from generator.publish.plugin import EXTENSIONS, nest_paths

    try:
        # The export leaves Material's tooltips off (see export_config): titles are then
        # shown by the browser, as text, and are written for it.
        project, result = _generate(config_file, html_tooltips=False)
        media = {} if data else media_files.media_files(result, project.settings)
    except ContentError as err:
        _fail(err)
    settings = project.settings
    custom_dir = project.config.theme.custom_dir
    keep = [settings.docs_dir, *([Path(custom_dir)] if custom_dir else [])]
    refused = check_destination(dest, settings.root, keep)
    if refused:
        raise click.ClickException(f"export: {refused}")
    published = dataset.site_files(result, settings)
    if data:
        try:
            dataset.write(dest, published)
        except OSError as err:
            raise click.ClickException(
                f"export: cannot write {err.filename}: {err.strerror}"
            ) from None
        return click.echo(f"exported the dataset ({len(published)} files) to {dest}")
    files = published_files(settings.docs_dir, project.data_files())
    handwritten = [f.relative_to(settings.docs_dir).as_posix() for f in files if f.suffix == ".md"]
    config = export_config(
        project.raw,
        extensions=EXTENSIONS,
        nav=default_nav(result, handwritten, settings.language, nest_paths),
        hidden=[page.path for page in result.pages if not page.in_nav],
        custom_dir="theme" if custom_dir else None,
        stylesheets=STYLESHEETS,
        scripts=SCRIPTS,
    )
    try:
        write_project(
            dest,
            config,
            settings.docs_dir,
            files,
            result.pages,
            Path(custom_dir) if custom_dir else None,
            result.redacted if project.publish_sources else None,
            asset_files(settings.language) | published | media,
        )
    except OSError as err:
        raise click.ClickException(f"export: cannot write {err.filename}: {err.strerror}") from None
    click.echo(f"exported {len(result.pages)} generated and {len(files)} other files to {dest}")


@main.command()
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to put the site (default: site_dir of mkdocs.yml).",
)
@config_option
def build(site_dir: Path | None, config_file: str | None) -> None:
    """Build the site with `mkdocs build --strict`; replace the site folder only if it passes.

    A failing build leaves the previous site as it was; builds started at once take turns,
    so the site folder is always one whole build.
    """
    from generator.publish.plugin import load_project
    from generator.publish.site_build import BuildError, build_site

    try:
        project = load_project(config_file)
        config = Path(project.config.config_file_path)
        build_site(config, site_dir or Path(project.config.site_dir))
    except ContentError as err:
        _fail(err)
    except BuildError as err:
        click.echo(f"build: {err}", err=True)
        sys.exit(1)
    except OSError as err:
        raise click.ClickException(f"cannot write {err.filename}: {err.strerror}") from None


@main.command()
@click.argument("title")
@click.option("--author", required=True, help="Your key in the authors file, e.g. editors.")
@click.option("--theme", "themes", multiple=True, help="A theme id; repeat for several.")
@click.option(
    "--responds-to",
    "responds_to",
    multiple=True,
    help="The id of a post the piece answers; repeat for several (ids: `list`).",
)
@click.option("--summary", default="", help="One sentence for the index and the feed.")
@click.option(
    "--slug",
    default=None,
    help="The page's file name and address, e.g. fair-use (default: made from the title).",
)
@click.option(
    "--date",
    default=None,
    help="Publication date, YYYY-MM-DD (default: today).",
)
@config_option
def new(
    title: str,
    author: str,
    themes: tuple[str, ...],
    responds_to: tuple[str, ...],
    summary: str,
    slug: str | None,
    date: str | None,
    config_file: str | None,
) -> None:
    """Start a commentary page: writes content/commentary/<slug>.md with valid front matter.

    The slug is made from the title, keeping its letters in any script (`Use is not copy!`
    gives use-is-not-copy, `生成AIと著作権` gives 生成aiと著作権), unless --slug gives one.
    The file passes `check` as written; replace its body with your commentary.
    """
    if slug is not None and not valid_slug(slug):
        raise click.ClickException(
            f"--slug {slug!r}: expected lower-case letters of any script, digits and hyphens, "
            "not starting or ending with a hyphen, like fair-use or 著作権"
        )
    try:
        project, _ = _generate(config_file)
        settings = project.settings
        folder = settings.commentary or settings.docs_dir / "commentary"
        path = scaffold(
            folder,
            title,
            author=author,
            themes=themes,
            responds_to=responds_to,
            summary=summary,
            date=date or datetime.date.today().isoformat(),
            slug=slug,
        )
        _generate(config_file)  # the new file must pass every check, or it is removed
    except ContentError as err:
        if "path" in locals() and path.exists():
            path.unlink()
        _fail(err)
    except FileExistsError as err:
        raise click.ClickException(
            f"{err.filename} exists already; choose another title or give --slug"
        ) from None
    except OSError as err:  # a read-only or full disk, a folder without permission
        where = settings.label(Path(err.filename)) if err.filename else "the commentary page"
        raise click.ClickException(f"cannot write {where}: {err.strerror}") from None
    click.echo(f"created {settings.label(path)}; write your commentary below its front matter")


@main.command()
@click.argument("url")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write, e.g. content/discussion/thread.json; replaced only on success.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=20.0,
    show_default=True,
    help="Seconds a request may take in all: connecting and receiving the whole answer.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=4,
    show_default=True,
    help="Retries of a request after HTTP 429, 5xx, a timeout or a dropped connection.",
)
@click.option(
    "--max-wait",
    type=click.FloatRange(min=0),
    default=600.0,
    show_default=True,
    help="The longest wait the server may ask for (Retry-After, rate limit); longer fails.",
)
@click.option(
    "--token-env",
    default="MASTODON_TOKEN",
    show_default=True,
    metavar="NAME",
    help="Environment variable holding an access token; sent as a bearer token when set.",
)
@click.option(
    "--appview",
    envvar="BLUESKY_APPVIEW",
    default="https://public.api.bsky.app",
    show_default=True,
    metavar="URL",
    help="The Bluesky AppView asked for a Bluesky post; $BLUESKY_APPVIEW names another too.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def fetch(
    url: str,
    output: Path,
    timeout: float,
    retries: int,
    max_wait: float,
    token_env: str,
    appview: str,
    quiet: bool,
) -> None:
    """Fetch a post and its whole thread into a JSON file the site can read.

    URL is the post's address on Mastodon (https://example.social/@alice/109876543210),
    GoToSocial (/@alice/statuses/ID), Pleroma or Akkoma (/notice/ID, /objects/UUID),
    Misskey (/notes/ID) or Bluesky (https://bsky.app/profile/HANDLE/post/RKEY, or its
    at:// URI). Progress goes to stderr; a failure prints one `fetch: problem` line and
    exits 1.
    """
    from generator.sources.fetch import FetchError, Options, fetch_to_file, token_from_env

    options = Options(
        timeout=timeout, retries=retries, max_wait=max_wait, token=token_from_env(token_env)
    )
    try:
        log = (lambda _: None) if quiet else _progress
        fetch_to_file(url, output, options, log=log, appview=appview)
    except FetchError as err:
        click.echo(f"fetch: {err}", err=True)
        sys.exit(1)


def _progress(line: str) -> None:
    click.echo(line, err=True)
