"""Fetch a Mastodon status and its thread into a file the Mastodon reader reads."""

from generator.sources.fetch.client import (
    FetchError,
    Options,
    fetch_to_file,
    parse_status_url,
    token_from_env,
    write_thread,
)

__all__ = [
    "FetchError",
    "Options",
    "fetch_to_file",
    "parse_status_url",
    "token_from_env",
    "write_thread",
]
