"""What the plugin takes from a site's MkDocs configuration: the pipeline's settings.

Plain functions over the objects MkDocs hands the plugin (its options and the validated
configuration), read by their attributes, so that this module needs no MkDocs of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pymdownx.slugs import slugify

from generator import i18n
from generator.editorial.commentary_body import EXTENSIONS
from generator.editorial.content_files import scripts_of
from generator.errors import ContentError, Problem
from generator.pipeline import Settings
from generator.publish.markdown_ext import html_tooltips
from generator.publish.media_files import archive_files

HEADING_SLUG = slugify(case="lower")
"""Heading anchors made of the heading's words in lower case, in any script, joined by
hyphens: ``## 著作権法の例外`` is ``#著作権法の例外``, where Python-Markdown's own ASCII
anchors give a non-Latin heading ``#_2``, which changes when a heading is added above."""


def site_language(theme) -> str:
    """The site's language from MkDocs' theme settings (a mapping): Material's
    ``language`` (``"fr"``, ``"pt-BR"``), or the ``locale`` of MkDocs' own themes; English
    when neither is set."""
    for key in ("language", "locale"):
        value = theme.get(key) if key in theme else None
        if value:
            return str(value)
    return i18n.SOURCE


def settings_from(plugin_config, config) -> Settings:
    """The pipeline's settings from the plugin's options (``plugin_config``) and MkDocs'
    validated configuration (``config``), both as MkDocs holds them.

    Raises :class:`~generator.errors.ContentError` for an option out of range."""
    optional = {
        key: Path(plugin_config[key]) if plugin_config[key] else None
        for key in (
            "taxonomy",
            "annotations",
            "intro",
            "commentary",
            "authors",
            "glossary",
            "positions",
            "optout",
            "people",
        )
    }
    if optional["commentary"] is None and (Path(config.docs_dir) / "commentary").is_dir():
        optional["commentary"] = Path(config.docs_dir) / "commentary"
    if optional["authors"] is None and optional["commentary"] is not None:
        default = optional["commentary"] / "authors.yml"
        optional["authors"] = default if default.is_file() else None
    if plugin_config.page_size < 1:
        raise ContentError(
            Problem(
                "mkdocs.yml",
                0,
                "plugin 'discussion': option 'page_size' must be at least 1; "
                f"expected a whole number like 500, got {plugin_config.page_size}",
            )
        )
    # Every page's headings, unless the site chose its own slugify (the plugin adds toc),
    # and the title of their permalinks in the site's language, unless the site set one.
    toc = config.mdx_configs.setdefault("toc", {})
    toc.setdefault("slugify", HEADING_SLUG)
    with i18n.using(site_language(config.theme)):
        # TRANSLATORS: the tooltip of the ¶ link beside a heading (Python-Markdown's words)
        toc.setdefault("permalink_title", i18n.t("Permanent link"))
    extensions = [name for name in config.markdown_extensions if isinstance(name, str)]
    extensions += [name for name in EXTENSIONS if name not in extensions]
    return Settings(
        root=Path(config.config_file_path or ".").resolve().parent,
        markdown_config=(tuple(extensions), dict(config.mdx_configs)),
        docs_dir=Path(config.docs_dir),
        sources=tuple(Path(p) for p in plugin_config.sources),
        title=plugin_config.title or config.site_name,
        page_size=plugin_config.page_size,
        directory_urls=config.use_directory_urls,
        site_url=config.site_url or "",
        html_tooltips=html_tooltips(config.theme),
        theme_dirs=tuple(Path(folder) for folder in config.theme.dirs),
        scripts=scripts_of(config.extra_javascript),
        language=site_language(config.theme),
        **optional,
    )


@dataclass(frozen=True)
class Project:
    """A mkdocs.yml as the command line needs it."""

    settings: Settings
    """The discussion plugin's settings."""
    config: Any
    """The validated MkDocs configuration."""
    raw: dict
    """The file's own YAML (with ``!ENV`` and similar tags resolved), for export."""
    publish_sources: bool
    """The plugin's ``publish_sources`` option."""

    def data_files(self) -> set[Path]:
        """Files of docs_dir not published as they are: the discussion's data, and commentary
        (published as rendered by the pipeline)."""
        archived = archive_files(self.settings)  # never published: see media_files
        keep = set(self.settings.sources) if self.publish_sources else set()
        data = {p.resolve() for p in self.settings.data_files() if p not in keep} | archived
        return data | {f.resolve() for f, _, _ in self.settings.commentary_files()}
