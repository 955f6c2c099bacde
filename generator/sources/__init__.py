"""The read stage: source files into one :class:`~generator.model.Thread`.

What lives here:

- :mod:`.read`: :func:`read_sources`, which reads every source in order into one thread,
  keeps a post read twice once, and checks that each editor's :class:`Split` matches one line;
- :mod:`.registry`: the formats, each registered by the module that reads it, and how a file
  finds its reader: by its suffix, then, for JSON, by the shape of its top level;
- one module per format: :mod:`.plain_text` (``.txt``) and :mod:`.json_file` (``.json``), and
  the shapes of JSON, :mod:`.mastodon` (Mastodon API JSON), :mod:`.misskey` (Misskey API
  JSON), :mod:`.activitypub`, and Bluesky's; :mod:`.mastodon_archive` reads a Mastodon
  account archive, a folder or ``.zip``, with its attachments' files;
- what the JSON readers share: :mod:`.json_source` (times, thread order, field checks that name
  lines) and :mod:`.html_text` (a post's HTML into paragraphs of text, links and mentions);
  what the fediverse readers share: :mod:`.activitystreams` (the vocabulary),
  :mod:`.addressing` (who may read a post), :mod:`.actors` (who wrote it, never guessed),
  :mod:`.quotes`, :mod:`.polls`, and :mod:`.media_check` (an attachment's file checked);
- :mod:`.fetch`: the ``fetch`` command, a Mastodon thread from its server into a file that
  :mod:`.mastodon` reads.

Adding a format is adding one module here, and its tests in ``tests/sources/``. The module
registers its read function, with :func:`.registry.file_format` for files of a new suffix, or
with :func:`.registry.json_shape` for a new shape of JSON (its ``accepts(data)`` and the shapes
it accepts, which messages list). When this package is first imported, it imports every module
it holds (:func:`.registry.discover`), so nothing else names the new one. Subpackages are left
out: :mod:`.fetch` is loaded by its command only.

The rest of the project uses :func:`read_sources` and :class:`Split`, exported here.
"""

from generator.sources import registry
from generator.sources.read import Split, read_sources

registry.discover(__name__)

__all__ = ["Split", "read_sources"]
