"""The MkDocs plugin ``discussion``: adds the generated pages to the build, in memory.

This is the only module that imports MkDocs. Each hook calls plain functions from the
pipeline; nothing is written into docs_dir (that would make ``mkdocs serve`` rebuild forever).

    plugins:
      - discussion:
          sources: [content/discussion/thread.txt]
          taxonomy: content/discussion/themes.yml
          annotations: content/discussion/annotations.yml
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config import base, load_config
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import nest_paths, yaml_load

from generator import i18n, urls, verify
from generator.editorial.commentary_body import EXTENSIONS
from generator.errors import ContentError, Problem
from generator.pages import Page as GeneratedPage
from generator.pages import advertise
from generator.pages.feed import feed_title
from generator.pipeline import Settings, check_seen, generate
from generator.publish import citation
from generator.publish.assets import add_assets, asset_files
from generator.publish.csp import SiteScripts, add_policy, content_problems
from generator.publish.dataset import site_files
from generator.publish.markdown_ext import DiscussionExtension, GlossaryLinks
from generator.publish.media_files import media_files, unpublished
from generator.publish.nav import default_nav
from generator.publish.search import (
    Indexing,
    NoIndex,
    SearchError,
    template_labels,
    use_search_box,
)
from generator.publish.serve import (
    allow_live_reload,
    problems_page,
    report_after_each_build,
    script_shape,
)
from generator.publish.site_config import Project, settings_from
from generator.summary import summary_line

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class DiscussionConfig(base.Config):
    """Options of the ``discussion`` plugin; every one is optional."""

    sources = c.ListOfPaths(default=[])
    """Thread sources, relative to mkdocs.yml, in order."""
    taxonomy = c.Optional(c.File(exists=True))
    """Theme taxonomy (YAML). Without one there are no theme pages; every post is in Other."""
    annotations = c.Optional(c.File(exists=True))
    """Editorial annotations (YAML): authors, splits, replies, theme overrides, notes."""
    intro = c.Optional(c.File(exists=True))
    """Markdown placed at the top of the generated overview (not published on its own)."""
    commentary = c.Optional(c.Dir(exists=True))
    """Folder of commentary pages; defaults to ``commentary/`` in docs_dir when it exists."""
    authors = c.Optional(c.File(exists=True))
    """Authors of commentary (YAML): key → name and optional url; defaults to
    ``authors.yml`` in the commentary folder."""
    people = c.Optional(c.File(exists=True))
    """Participants' display names, profile links and ActivityPub actor URLs (YAML)."""
    optout = c.Optional(c.File(exists=True))
    """Accounts and posts not to republish (YAML); removed posts stay as placeholders."""
    glossary = c.Optional(c.File(exists=True))
    """Glossary (YAML): terms linked from posts and commentary, listed at /glossary/."""
    positions = c.Optional(c.File(exists=True))
    """Positions (YAML): the claims per theme, shown as "The argument" on theme pages."""
    title = c.Optional(c.Type(str))
    """Heading of the generated overview; defaults to ``site_name``."""
    page_size = c.Type(int, default=500)
    """Posts per thread page; larger threads continue on /thread/2/ and so on."""
    csp = c.Type(bool, default=True)
    """Add a Content-Security-Policy to every page: only the site's own scripts run."""
    publish_sources = c.Type(bool, default=False)
    """Publish the source files as downloads (data files are otherwise left out)."""
    search = c.Choice(("pagefind", "material"), default="pagefind")
    """The search box: Pagefind's index, loaded in pieces, or Material's (one whole file)."""


def redact_published_sources(
    files: Files, redacted: dict[Path, str | None], settings: Settings, config: MkDocsConfig
) -> None:
    """Publish the sources that hold posts removed at their authors' request without them,
    or not at all (see :func:`generator.pipeline.redacted_sources`)."""
    for path, text in redacted.items():
        file = next(
            (
                f
                for f in files
                if f.abs_src_path and Path(f.abs_src_path).resolve() == path.resolve()
            ),
            None,
        )
        if file is None:
            continue  # a source outside docs_dir is never published
        files.remove(file)
        if text is None:
            log.info(
                "discussion: %s is not published: it holds posts removed at their authors' request",
                settings.label(path),
            )
        else:
            files.append(File.generated(config, file.src_uri, content=text))


def problem_files(files: Files, config: MkDocsConfig, uris: set[str]) -> Files:
    """The files of a build that shows content problems (serve only): the theme's and
    other plugins' files, and a blank page at each docs path of ``uris``. Nothing of
    docs_dir: the checks that failed may have refused to read some of its files."""
    docs_dir = os.path.abspath(config.docs_dir)
    kept = [
        f
        for f in files
        if not (f.abs_src_path and os.path.abspath(f.abs_src_path).startswith(docs_dir + os.sep))
    ]
    taken = {f.src_uri for f in kept}
    blank = [File.generated(config, uri, content="") for uri in sorted(uris - taken)]
    return Files(kept + blank)


class DiscussionPlugin(BasePlugin[DiscussionConfig]):
    """Generate the discussion's pages from its sources during every MkDocs build."""

    serving = False
    """Under ``mkdocs serve`` (see :mod:`generator.publish.serve`); every other build fails on a
    content problem, including one started without ``on_startup``."""
    problems: tuple[str, ...] = ()
    """Serve only: the content problems this build shows instead of the site."""
    page_uris: frozenset[str] = frozenset()
    """Serve only: the pages of the last good build, where the problems are shown."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty  # a dirty build writes only some pages: nothing to count then
        self.serving = command == "serve"  # the instance then lives as long as the server

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """Let the live-reload script run under the policy, and tell the terminal about
        content problems after each build (see :mod:`generator.publish.serve`)."""
        from mkdocs import livereload  # what the server injects: only serving needs it

        template = getattr(livereload, "_SCRIPT_TEMPLATE", None)
        if self.config.csp and template is not None:
            server.set_app(allow_live_reload(server.get_app(), script_shape(template.template)))
        elif self.config.csp:
            log.warning("discussion: the policy blocks this MkDocs' live-reload script")
        report_after_each_build(server, self._report_problems)
        return server

    def _report_problems(self) -> None:
        if self.problems:
            log.error(
                "discussion: every page shows these problems until they are fixed:\n%s",
                "\n".join(self.problems),
            )

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.settings = settings_from(self.config, config)
            with i18n.using(self.settings.language):  # advertised in every page's head
                self.feed_title = feed_title(self.settings.title)
        except ContentError as err:
            raise PluginError(str(err)) from None
        for name in EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        self.markdown = DiscussionExtension(html_tooltips=self.settings.html_tooltips)
        config.markdown_extensions.append(self.markdown)
        add_assets(config.extra_css, config.extra_javascript)
        if self.config.search == "pagefind":
            use_search_box(config)
        if self.config.csp and "font" in config.theme and config.theme["font"] is not False:
            # Material would load Google Fonts, which the site's policy (no request leaves
            # the site) refuses: a console error on every page.
            config.theme["font"] = False
            log.info(
                "discussion: the theme's web font is off (the site loads nothing from elsewhere; "
                "set the plugin's csp: false to keep it)"
            )
        for path in self.settings.data_files():
            if str(path) not in config.watch and path.exists():
                config.watch.append(str(path))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        data = {os.path.normpath(p) for p in map(str, self.settings.data_files())}
        data |= {os.path.normpath(str(f)) for f, _, _ in self.settings.commentary_files()}
        keep = (
            {os.path.normpath(str(p)) for p in self.settings.sources}
            if self.config.publish_sources
            else set()
        )
        for file in list(files):
            if file.abs_src_path and os.path.normpath(file.abs_src_path) in data - keep:
                files.remove(file)
        archived = unpublished((f.abs_src_path for f in files if f.abs_src_path), self.settings)
        for file in [f for f in files if f.abs_src_path in archived]:
            files.remove(file)  # an account archive holds direct messages: never published
        docs_dir = os.path.abspath(config.docs_dir)
        handwritten = {  # every file of docs_dir, pages or not: none may be replaced
            f.src_uri: self.settings.label(Path(f.abs_src_path))
            for f in files
            if f.abs_src_path and os.path.abspath(f.abs_src_path).startswith(docs_dir + os.sep)
        }
        pages = [f.src_uri for f in files.documentation_pages() if f.src_uri in handwritten]
        try:
            self.result = generate(self.settings, handwritten)
            media = media_files(self.result, self.settings)
        except ContentError as err:
            if not self.serving:
                raise PluginError(str(err)) from None
            self.problems = tuple(str(problem) for problem in err.problems)
            self.result, self.with_posts, self.commentary_pages = None, {}, set()
            config.nav = None  # the site's nav may name pages this build does not have
            return problem_files(files, config, {urls.OVERVIEW, *self.page_uris, *pages})
        self.problems = ()
        if self.config.publish_sources:
            redact_published_sources(files, self.result.redacted, self.settings, config)
        for uri, data in (
            asset_files(self.settings.language) | site_files(self.result, self.settings) | media
        ).items():
            files.append(File.generated(config, uri, content=data))
        self.with_posts: dict[str, GeneratedPage] = {}
        self.commentary_pages = {
            urls.commentary_page(c.slug) for c in self.result.discussion.commentary
        }
        self.skeleton: str | None = None
        self.seen = verify.Seen()
        for page in self.result.pages:
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(
                File.generated(config, page.path, content=page.skeleton, inclusion=inclusion)
            )
            if page.lists:
                self.with_posts[page.path] = page
        if config.nav is None:
            config.nav = default_nav(self.result, pages, self.settings.language, nest_paths)
        self.page_uris = frozenset(f.src_uri for f in files.documentation_pages())
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files):
        """Say what the page's glossary links are before MkDocs converts it: commentary
        pages link the first use of each term."""
        path = page.file.src_uri
        glossary = self.result.discussion.glossary if path in self.commentary_pages else None
        self.markdown.glossary_links = (
            GlossaryLinks(glossary, lambda e: urls.md_link(path, urls.GLOSSARY, e.anchor))
            if glossary is not None and glossary.entries
            else None
        )
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files):
        """Tell MkDocs which anchors the cards will bring, so that links to posts validate."""
        generated = self.with_posts.get(page.file.src_uri)
        if generated is not None and page.present_anchor_ids is not None:
            page.present_anchor_ids |= generated.anchors()
        return html

    # A generated page's HTML holds a placeholder per list of posts until it is written
    # (see generator.pages.page). Search reads the page first, with the thread's posts as heading
    # and text only; the template then gets the whole cards; once the page is written, its
    # content goes back to the placeholders, so the build holds one page's cards at a time.
    @event_priority(50)  # before the search plugin (0) indexes the page
    def _content_for_search(self, context, *, page: Page, config: MkDocsConfig, nav):
        generated = self.with_posts.get(page.file.src_uri)
        if generated is not None:
            self.skeleton = page.content
            if self.config.search == "material":  # Pagefind's index reads the data instead
                page.content = generated.fill(page.content or "", search=True)
        return context

    @event_priority(-50)  # after every plugin that reads the content, before the template
    def _content_for_page(self, context, *, page: Page, config: MkDocsConfig, nav):
        generated = self.with_posts.get(page.file.src_uri)
        if generated is not None:
            page.content = generated.fill(self.skeleton or "")
        return context

    on_page_context = CombinedEvent(_content_for_search, _content_for_page)

    @event_priority(-100)  # last: count the posts in the HTML as it will be written
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Refuse what no policy can stop in the content, add the Content-Security-Policy,
        advertise the commentary feed in every page's head, as feed readers expect, and
        count the posts the page shows."""
        if self.problems:  # serve only
            return self._problems_page(config)
        acting = content_problems(output, page.content)
        if acting:
            raise PluginError(
                f"{page.file.src_uri}: {acting[0][:80]!r} in the page's content; expected "
                "no <meta> or <base> element there (a refresh would take readers elsewhere)"
            )
        if self.config.csp:
            output = add_policy(output, page.content, self.scripts.for_page(page.file.dest_uri))
        output = citation.add_to_page(output, page, config, self.result.discussion)
        if self.settings.commentary is not None:
            output = advertise(
                output, page.file.src_uri, self.feed_title, config.use_directory_urls
            )
        if page.file.src_uri in self.with_posts:
            page.content = self.skeleton
            self.skeleton = None
            self.seen.add_html(page.file.src_uri, output)
        return output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig):
        """The theme's own pages (404.html) get the policy too; they are served at any
        depth, so they get no relative feed link."""
        if self.problems and template_name.endswith(".html"):  # serve only
            return self._problems_page(config)
        if self.config.csp and template_name.endswith(".html"):
            return add_policy(output_content, None, self.scripts.for_page(template_name))
        return output_content

    def _problems_page(self, config: MkDocsConfig) -> str:
        page = problems_page(self.problems, config.site_name)
        return add_policy(page) if self.config.csp else page

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """Start the search index (every page is converted, none written yet) and keep the
        site's files: the policy allows the scripts among them by hash."""
        wanted = self.config.search == "pagefind" and not self.problems
        language = self.settings.language
        indexing = self.indexing = (
            Indexing(self.result, files, config, language) if wanted else NoIndex()
        )
        env.globals["discussion_t"] = template_labels(language)  # the search box's words

        def content(uri: str) -> bytes | None:
            file = files.get_file_from_path(uri)
            return file.content_bytes if file is not None else indexing.files(uri)

        self.scripts = SiteScripts(content, config.site_url or "")
        return env

    @event_priority(100)  # first, so the memory is free before search writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.problems:  # serve only: nothing was generated
            return
        try:
            self.indexing.wait()
        except SearchError as err:
            raise PluginError(str(err)) from None
        result, seen = self.result, self.seen
        # Every page is written: let the discussion, its cards and pages go.
        self.result, self.with_posts, self.seen = None, {}, verify.Seen()
        if self.dirty:
            return
        try:
            on_thread = check_seen(result.discussion, seen)
        except ContentError as err:
            raise PluginError(f"in the built HTML: {err}") from None
        counts = dict(result.summary, **{"on the thread": on_thread})
        log.info("discussion: %s", summary_line(counts))


def load_project(config_file: str | None) -> Project:
    """Read a mkdocs.yml that uses the ``discussion`` plugin, for the command line."""
    try:
        config = load_config(config_file)
    except ConfigurationError as err:
        raise ContentError(Problem(config_file or "mkdocs.yml", 0, str(err))) from None
    plugin = config.plugins.get("discussion")
    path = config.config_file_path
    if not isinstance(plugin, DiscussionPlugin):
        raise ContentError(
            Problem(
                path,
                0,
                "no 'discussion' plugin under 'plugins'; expected "
                "'- discussion: {sources: [thread.txt]}'",
            )
        )
    with open(path, encoding="utf-8") as stream:
        raw = yaml_load(stream)
    settings = settings_from(plugin.config, config)
    return Project(settings, config, raw, plugin.config.publish_sources)
