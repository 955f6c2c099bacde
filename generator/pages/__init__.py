"""Render stage: every generated page as data, ``(path, Markdown)``, with each post's card
rendered once; nothing here touches disk."""

from generator.pages.page import Page
from generator.pages.render import Meta, refuse_shadowing, render

__all__ = ["Meta", "Page", "refuse_shadowing", "render"]
