"""The editors' and contributors' data: the strict YAML loader and field checks,
annotations, people, opt-out, glossary, the theme taxonomy and classification, commentary,
and the check of every file in content/."""
