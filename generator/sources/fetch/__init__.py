"""Fetch: a post and its thread, from their server into a file a reader of the site reads.

The ``fetch`` command's part of the read stage. Only that command loads it (the read stage's
discovery of source formats skips subpackages), so a build never imports an HTTP client. One
module per responsibility:

- :mod:`.thread`: what is asked for and what is written (:func:`fetch_to_file`), through the
  Mastodon API that Mastodon, GoToSocial, Pleroma and Akkoma share;
- :mod:`.misskey`: the same through Misskey's own API;
- :mod:`.bluesky`: a Bluesky post and its thread through the AppView (AT Protocol);
- :mod:`.status_url`: the post addresses a user gives, and the API addresses they name;
- :mod:`.client`: ``GET`` (and Misskey's ``POST``) with retries, backoff, ``Retry-After`` and
  rate limits; the options and the access token;
- :mod:`.connection`: one deadline for the whole of a request; redirects to http(s) only;
- :mod:`.json_answer`: an answer is taken only as JSON that can be written and read again;
- :mod:`.atomic_write`: the file renamed into place, even when a signal stops the writing;
- :mod:`.errors`: :class:`FetchError`, whose message is one line whatever a server sent.
"""

from generator.sources.fetch.client import Options, token_from_env
from generator.sources.fetch.errors import FetchError
from generator.sources.fetch.thread import fetch_to_file

__all__ = ["FetchError", "Options", "fetch_to_file", "token_from_env"]
