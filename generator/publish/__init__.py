"""The adapters: the MkDocs plugin (the only module that imports MkDocs), its Markdown
extension and assets, what changes while serving, the Content-Security-Policy, the command
line, `make build` and the export."""
