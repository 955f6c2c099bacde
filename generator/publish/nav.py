"""The site's navigation when mkdocs.yml gives none (``nav`` left out)."""

from __future__ import annotations

from collections.abc import Callable

from generator import i18n, urls
from generator.pages.markup import template_text
from generator.pipeline import Result


def default_nav(
    result: Result, handwritten: list[str], language: str, nest: Callable[[list[str]], list]
) -> list:
    """MkDocs' ``nav``: overview, thread, themes, people, commentary and glossary, named in
    the site's ``language`` (escaped, as templates print a title: a translation is text),
    then the hand-written pages (docs paths), nested by folder by
    ``nest`` (MkDocs' ``nest_paths``)."""
    with i18n.using(language):
        return _default_nav(result, handwritten, nest)


def _default_nav(result: Result, handwritten: list[str], nest: Callable[[list[str]], list]) -> list:
    generated = {page.path: page for page in result.pages}
    themes = [
        path
        for path, page in generated.items()
        if path.startswith("themes/") and path != urls.THEMES and page.in_nav
    ]
    nav: list = [
        {template_text(i18n.t("Overview")): urls.OVERVIEW},
        {template_text(i18n.t("Thread")): urls.THREAD},
        {template_text(i18n.t("Themes")): [urls.THEMES, *themes]},
        {template_text(i18n.t("People")): urls.PEOPLE},
    ]
    if urls.COMMENTARY in generated:
        nav.append({template_text(i18n.t("Commentary")): urls.COMMENTARY})
    if urls.GLOSSARY in generated:
        nav.append({template_text(i18n.t("Glossary")): urls.GLOSSARY})
    others = [p for p in handwritten if p != urls.OVERVIEW and p not in generated]
    return nav + nest(sorted(others))
