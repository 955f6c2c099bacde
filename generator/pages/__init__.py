"""Render stage: every generated page as data, ``(path, Markdown)``, with each post's card
rendered once; nothing here touches disk."""
