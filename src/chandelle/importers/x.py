"""X (Twitter): the account archive (manifest.js, tweets.js parts) and the legacy analytics CSV.

* ``data/manifest.js`` (``window.__THAR_CONFIG = {...}``) gives the account and the date
  the archive was generated.
* ``data/tweets.js``, ``tweets-part1.js``... (``window.YTD.tweets.partN = [...]``; older
  archives ``tweet.js`` / ``YTD.tweet.partN``) hold the tweets.
* The 2012-2018 archives ("Grailbird"): ``data/js/tweets/YYYY_MM.js``
  (``Grailbird.data.tweets_YYYY_MM = [...]``, the tweets of one month, the same tweet objects
  with ``text``), ``data/js/user_details.js`` (the account) and ``payload_details.js`` (the
  date of the archive). Small files are streamed
  with ijson; from ``_fastpath.MIN_BYTES`` on, a private DuckDB parses them and the tweets come
  as Arrow ``ItemBatch`` records (the same items: see ``_x_fast``). Memory stays bounded.
* ``tweet_activity_metrics_*.csv`` (analytics.twitter.com) adds impressions and
  engagements per tweet: see ``_x_analytics``.

The tweet → item rules are in ``_x_tweet``: retweets are reposts (their words are not
kept); replies to other accounts are ``reply_to_other``; self-replies keep ``reply_to_id`` so
the store unrolls the chain (a thread only when its root is an original).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chandelle.errors import MalformedFileError
from chandelle.importers import _fastpath, _x_analytics, _x_fast
from chandelle.importers._jsstream import iter_js_array, js_global_name
from chandelle.importers._parse import parse_timestamp
from chandelle.importers._x_tweet import TweetMapper, created_at
from chandelle.importers.base import AccountRecord, ExportInfo, Record, Skip
from chandelle.importers.source import Source

__all__ = ["TweetMapper", "created_at"]   # the rules live in _x_tweet; kept here for readers

NAME = "x"
PLATFORM = "x"
LABEL = "X (Twitter): account archive and analytics CSV"
HOWTO = (
    "Archive: Settings and privacy → Your account → Download an archive of your data; "
    "X e-mails a link a day or more later; import the ZIP as it is. Analytics CSV "
    "(legacy): analytics.twitter.com → Tweets → Export data."
)

_TWEET_GLOBAL = re.compile(r"^(?:YTD\.tweets?\.part\d+|Grailbird\.data\.tweets_\d{4}_\d{2})$")
_ACCOUNT_GLOBALS = ("__THAR_CONFIG", "user_details")


@dataclass(frozen=True, slots=True)
class Account:
    """Who the archive belongs to: needed to tell self-replies from replies to others."""

    handle: str
    account_id: str | None = None
    display_name: str | None = None
    generated_at: datetime | None = None

    def record(self) -> AccountRecord:
        return AccountRecord(platform=PLATFORM, handle=self.handle, display_name=self.display_name,
                             url=f"https://x.com/{self.handle}", platform_account_id=self.account_id)


def sniff(source: Source) -> bool:
    head = source.head(512)
    name = js_global_name(head)
    if name is not None:
        return name in _ACCOUNT_GLOBALS or bool(_TWEET_GLOBAL.match(name))
    return _x_analytics.sniff(source)


def metrics_only(source: Source) -> bool:
    """The analytics CSV only adds metrics: it never overwrites what the archive says of a tweet."""
    return js_global_name(source.head(512)) is None


def read(source: Source) -> Iterator[Record]:
    name = js_global_name(source.head(512))
    if name in _ACCOUNT_GLOBALS:
        account = read_manifest(source) if name == "__THAR_CONFIG" else read_user_details(source)
        yield account.record()
        if account.generated_at is not None:
            yield ExportInfo(account.generated_at)
    elif name is not None and _TWEET_GLOBAL.match(name):
        yield from _read_tweets(source)
    else:
        yield from _x_analytics.read(source)


# --- manifest ------------------------------------------------------------------------------

def read_manifest(source: Source) -> Account:
    """The account and generation date from ``manifest.js``."""
    text = source.read_text()
    try:
        config = json.loads(text[text.index("{"):].rstrip().rstrip(";"))
        user = config["userInfo"]
        handle = str(user["userName"]).lstrip("@")
    except (ValueError, KeyError, TypeError) as exc:
        raise MalformedFileError(
            "{file}: the X archive manifest is damaged (no userInfo.userName).",
            hint="Download the archive again from X and import it without editing it.",
            file=source.name,
        ) from exc
    generated = (config.get("archiveInfo") or {}).get("generationDate")
    return Account(
        handle=handle,
        account_id=str(user["accountId"]) if user.get("accountId") else None,
        display_name=user.get("displayName") or None,
        generated_at=parse_timestamp(generated) if generated else None,
    )


def read_user_details(source: Source) -> Account:
    """The account of a 2012-2018 archive (``var user_details = {...}``) and, from
    ``payload_details.js`` of the same archive, the date it was made. The bio and location
    are not read."""
    details = _js_object(source)
    handle = str(details.get("screen_name") or "").lstrip("@")
    if not handle:
        raise MalformedFileError(
            "{file}: the X archive manifest is damaged (no userInfo.userName).",
            hint="Download the archive again from X and import it without editing it.",
            file=source.name,
        )
    return Account(handle=handle, account_id=str(details["id"]) if details.get("id") else None,
                   display_name=details.get("full_name") or None, generated_at=_payload_date(source))


def _payload_date(source: Source) -> datetime | None:
    """``created_at`` of the archive's ``payload_details.js`` (when the archive was made)."""
    for other in (*source.siblings(), *source.family()):
        if other.suffix == ".js" and js_global_name(other.head(512)) == "payload_details":
            created = _js_object(other).get("created_at")
            try:
                return created_at(created) if isinstance(created, str) else None
            except ValueError:
                return None
    return None


def _js_object(source: Source) -> dict[str, Any]:
    """The JSON object after a small ``var name = {...}`` file's assignment ({} when damaged)."""
    text = source.read_text()
    try:
        value = json.loads(text[text.index("{"):].rstrip().rstrip(";"))
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def find_account(source: Source) -> Account:
    """The archive's account: its manifest or user_details.js (found by content), else the
    --handle hint, else the archive's ``account.js`` (archives of about 2019 without a manifest),
    else (2012-2018 archives, whose tweets name their author) the tweets' author."""
    for other in (*source.siblings(), *source.family()):
        if other.suffix == ".js" and js_global_name(other.head(512)) in _ACCOUNT_GLOBALS:
            name = js_global_name(other.head(512))
            return read_manifest(other) if name == "__THAR_CONFIG" else read_user_details(other)
    handle = source.hints.get("handle", "").strip().lstrip("@")
    if handle:
        return Account(handle=handle)
    from_account_js = _account_js(source)
    if from_account_js is not None:
        return from_account_js
    author = _grailbird_author(source)
    if author is not None:
        return author
    raise MalformedFileError(
        "{file}: the archive's manifest.js was not found, so the account is unknown.",
        hint="Import the whole archive (ZIP or folder), or give the account with --handle.",
        file=source.name,
    )


# --- tweets ----------------------------------------------------------------------------------

def _read_tweets(source: Source) -> Iterator[Record]:
    account = find_account(source)
    yield account.record()
    if account.generated_at is not None:
        yield ExportInfo(account.generated_at)
    if source.size() >= _fastpath.MIN_BYTES:
        try:
            yield from _x_fast.read_tweets(source, account.handle, account.account_id)
            return
        except _fastpath.FastPathUnavailable:
            pass                     # nothing was yielded: the ijson path decides
    yield from read_tweets_streamed(source, account)


def read_tweets_streamed(source: Source, account: Account) -> Iterator[Record]:
    """The tweets one by one with ijson: any size, any shape (the reference behaviour)."""
    mapper = TweetMapper(account.handle, account.account_id)
    for position, element in enumerate(iter_js_array(source), start=1):
        tweet = element.get("tweet", element) if isinstance(element, dict) else None
        record = mapper.record(tweet) if isinstance(tweet, dict) else None
        yield record if record is not None else Skip("tweet without id or date",
                                                     where=f"{source.name} #{position}")


def _grailbird_author(source: Source) -> Account | None:
    """A 2012-2018 month file read alone: every tweet carries its author (``user``), which is
    the archive's account (a retweet's original author is inside ``retweeted_status``)."""
    if not (js_global_name(source.head(512)) or "").startswith("Grailbird."):
        return None
    for element in iter_js_array(source):
        user = element.get("user") if isinstance(element, dict) else None
        if isinstance(user, dict) and user.get("screen_name"):
            user_id = user.get("id_str") or user.get("id")
            return Account(handle=str(user["screen_name"]).lstrip("@"),
                           account_id=str(user_id) if user_id else None,
                           display_name=user.get("name") or None,
                           generated_at=_payload_date(source))
    return None


def _account_js(source: Source) -> Account | None:
    """``account.js`` of the same archive (``window.YTD.account.part0 = [{"account": {...}}]``):
    only ``username``, ``accountId`` and ``accountDisplayName`` are read (it also holds the
    e-mail address, never read)."""
    for other in (*source.siblings(), *source.family()):
        if other.suffix != ".js" or js_global_name(other.head(512)) != "YTD.account.part0":
            continue
        for element in iter_js_array(other):
            account = element.get("account") if isinstance(element, dict) else None
            if isinstance(account, dict) and account.get("username"):
                return Account(handle=str(account["username"]).lstrip("@"),
                               account_id=str(account["accountId"]) if account.get("accountId") else None,
                               display_name=account.get("accountDisplayName") or None)
    return None
