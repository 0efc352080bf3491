"""The demo museum's X archive, YouTube Studio export, TikTok data download and Twitch analytics.

Formats as described in research/exports.md: X archive (§6a: ``manifest.js``, ``tweets.js``
with the ``window.YTD.tweets.part0 =`` prefix, string counts, ``"key" : value`` spacing),
YouTube Studio Advanced-mode ZIP (§4a: ``Table data.csv`` with its ``Total`` row and
``Totals.csv``), TikTok ``user_data_tiktok.json`` (§3a, newer ``Post.Posts.VideoList``), and
Twitch channel analytics by day (§5, ``Fri Sep 04 2026`` dates, revenue columns left at 0).
"""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from chandelle.demo import museum
from chandelle.demo._files import english_date, snowflake, write_bytes, write_zip

ACCOUNT_ID = "486502218"
_OTHERS = ("museesdefrance", "cliccfrance", "villedevalmont", "offtourisme_valmont", "amisdumusee")


# ---------------------------------------------------------------- X

def _x_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, separators=(",", " : "))


def x_zip(out: Path, as_of: date, seed: int) -> Path:
    """twitter-<date>-<hash>.zip: data/manifest.js and data/tweets.js (abandoned account)."""
    rng = random.Random(f"{seed}:x")
    tweets: list[dict[str, Any]] = []
    for moment in museum.publication_times(rng, museum.HABITS["x"], as_of):
        roll = rng.random()
        if roll < 0.12:
            tweets.append(_tweet(rng, moment, f"RT @{rng.choice(_OTHERS)}: {museum.caption(rng, short=True)}",
                                 counts=False))
        elif roll < 0.2:
            tweets.append(_reply_to_other(rng, moment))
        elif roll < 0.27:
            tweets.extend(_thread(rng, moment))
        else:
            tweets.append(_tweet(rng, moment, museum.caption(rng, short=True), media=rng.random() < 0.45,
                                 link=rng.random() < 0.3))
    tweets.sort(key=lambda t: int(t["tweet"]["id_str"]), reverse=True)
    made = museum.reference_moment(as_of)
    members = {
        "data/manifest.js": ("window.__THAR_CONFIG = " + _x_json(_manifest(made, len(tweets)))).encode(),
        "data/tweets.js": ("window.YTD.tweets.part0 = " + _x_json(tweets)).encode("utf-8"),
        "data/README.txt": b"Twitter archive (demo data for chandelle; fictional museum).\n",
    }
    return write_zip(out / "x" / f"twitter-{as_of.isoformat()}-{rng.getrandbits(64):016x}.zip",
                     members, made)


def _manifest(made: datetime, count: int) -> dict[str, Any]:
    return {
        "userInfo": {"accountId": ACCOUNT_ID, "userName": museum.HANDLE, "displayName": museum.NAME},
        "archiveInfo": {"sizeBytes": "1048576", "generationDate": made.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                        "isPartialArchive": False, "maxPartSizeBytes": "53687091200"},
        "readmeInfo": {"fileName": "data/README.txt", "directory": "data/", "name": "README.txt"},
        "dataTypes": {"tweets": {"files": [{"fileName": "data/tweets.js", "globalName": "YTD.tweets.part0",
                                            "count": str(count)}]}},
    }


def _tweet(rng: random.Random, moment: datetime, text: str, *, counts: bool = True, media: bool = False,
           link: bool = False, reply_to: tuple[str, str, str] | None = None) -> dict[str, Any]:
    tweet_id = snowflake(moment, rng.getrandbits(22))
    entities: dict[str, Any] = {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []}
    tweet: dict[str, Any] = {
        "edit_info": {"initial": {"editTweetIds": [tweet_id], "editableUntil": (
            moment + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z"), "editsRemaining": "5",
            "isEditEligible": True}},
        "retweeted": False,
        "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
        "entities": entities,
        "favorite_count": str(museum.lognormal_count(rng, 9)) if counts else "0",
        "id_str": tweet_id, "truncated": False,
        "retweet_count": str(museum.lognormal_count(rng, 4)) if counts else "0",
        "id": tweet_id, "created_at": english_date(moment, "%a %b %d %H:%M:%S +0000 %Y"),
        "favorited": False, "full_text": text, "lang": "fr",
    }
    if link:
        short = f"https://t.co/{rng.getrandbits(40):010x}"
        entities["urls"].append({"url": short, "expanded_url": museum.WEBSITE + "/agenda",
                                 "display_url": "musee-valmont.fr/agenda", "indices": ["0", "23"]})
        tweet["full_text"] = f"{text} {short}"
    if media:
        tweet["extended_entities"] = {"media": [_photo(rng, moment, tweet_id)
                                                for _ in range(rng.choice((1, 1, 1, 2, 4)))]}
        tweet["possibly_sensitive"] = False
    if reply_to:
        parent_id, user_id, screen_name = reply_to
        tweet.update({"in_reply_to_status_id_str": parent_id, "in_reply_to_status_id": parent_id,
                      "in_reply_to_user_id": user_id, "in_reply_to_user_id_str": user_id,
                      "in_reply_to_screen_name": screen_name})
    tweet["display_text_range"] = ["0", str(len(tweet["full_text"]))]
    return {"tweet": tweet}


def _photo(rng: random.Random, moment: datetime, tweet_id: str) -> dict[str, Any]:
    media_id = snowflake(moment - timedelta(seconds=5), rng.getrandbits(22))
    key = f"{rng.getrandbits(60):015x}"
    return {"expanded_url": f"https://twitter.com/{museum.HANDLE}/status/{tweet_id}/photo/1",
            "url": f"https://t.co/{key[:10]}", "media_url_https": f"https://pbs.twimg.com/media/{key}.jpg",
            "id_str": media_id, "id": media_id, "type": "photo", "display_url": f"pic.twitter.com/{key[:10]}",
            "indices": ["0", "23"]}


def _reply_to_other(rng: random.Random, moment: datetime) -> dict[str, Any]:
    other = rng.choice(_OTHERS)
    parent = snowflake(moment - timedelta(hours=2), rng.getrandbits(22))
    text = f"@{other} Merci beaucoup ! Nous transmettons à l'équipe de médiation 🙏"
    return _tweet(rng, moment, text, reply_to=(parent, str(rng.randint(10**8, 10**9)), other))


def _thread(rng: random.Random, moment: datetime) -> list[dict[str, Any]]:
    """A self-reply chain: 2 to 4 parts a minute or two apart."""
    artwork = rng.choice(museum.ARTWORKS)
    parts = rng.randint(2, 4)
    tweets = []
    parent: str | None = None
    for index in range(1, parts + 1):
        text = f"🧵 {index}/{parts} — L'histoire de {artwork}" if index == 1 else \
            f"{index}/{parts} — {museum.caption(rng, short=True)}"
        reply = (parent, ACCOUNT_ID, museum.HANDLE) if parent else None
        tweet = _tweet(rng, moment + timedelta(minutes=2 * (index - 1)), text, reply_to=reply,
                       media=index == 1)
        parent = tweet["tweet"]["id_str"]
        tweets.append(tweet)
    return tweets


# ---------------------------------------------------------------- YouTube Studio

_VIDEO_TITLES = (
    "Conférence : {artwork}", "Restauration du retable : épisode {n}",
    "Visite commentée de l'exposition {expo}",
    "Dans les réserves du musée (épisode {n})", "Rencontre avec la commissaire de {expo}",
)
_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
YOUTUBE_COLUMNS = ("Content", "Video title", "Video publish time", "Duration", "Views",
                   "Watch time (hours)", "Subscribers", "Impressions", "Impressions click-through rate (%)",
                   "Average view duration", "Likes")


def youtube_zip(out: Path, as_of: date, seed: int) -> Path:
    """The Studio export 'Content <start>_<end> <channel>.zip': Table data.csv and Totals.csv."""
    rng = random.Random(f"{seed}:youtube")
    first = as_of - timedelta(days=4 * 365)
    rows: list[list[str]] = []
    day = first + timedelta(days=rng.randint(20, 60))
    while day < as_of - timedelta(days=20):
        rows.append(_video_row(rng, day, as_of, leading_dash=len(rows) == 3))
        day += timedelta(days=rng.randint(45, 110))
    totals = [["Date", "Views"]]
    for offset in range(365, 0, -1):
        moment = as_of - timedelta(days=offset)
        totals.append([moment.isoformat(), str(museum.lognormal_count(rng, 40, 0.4))])
    total_views = sum(int(r[4]) for r in rows)
    total = ["Total", "", "", "", str(total_views), f"{sum(float(r[5]) for r in rows):.4f}",
             str(sum(int(r[6]) for r in rows)), str(sum(int(r[7]) for r in rows)), "3.1", "0:03:12",
             str(sum(int(r[10]) for r in rows))]
    by_views = sorted(rows, key=lambda r: -int(r[4]))
    members = {"Table data.csv": _csv([list(YOUTUBE_COLUMNS), total, *by_views]),
               "Totals.csv": _csv(totals)}
    name = f"Content {first.isoformat()}_{as_of.isoformat()} {museum.NAME}.zip"
    return write_zip(out / "youtube" / name, members, museum.reference_moment(as_of))


def _video_row(rng: random.Random, day: date, as_of: date, leading_dash: bool) -> list[str]:
    video_id = "".join(rng.choice(_ID_CHARS) for _ in range(11))
    if leading_dash:
        video_id = "-" + video_id[1:]
    title = rng.choice(_VIDEO_TITLES).format(artwork=rng.choice(museum.ARTWORKS), n=rng.randint(1, 6),
                                             expo=rng.choice(museum.EXHIBITIONS))
    duration = rng.randint(4 * 60, 55 * 60)
    views = museum.lognormal_count(rng, 350 + (as_of - day).days // 2, 0.7)
    average = int(min(duration * rng.uniform(0.15, 0.4), duration))
    published = english_date(day, "%b ") + f"{day.day}, {day.year}"  # "Sep 7, 2024"
    return [(" " + video_id) if video_id.startswith("-") else video_id, title, published,
            str(duration), str(views), f"{views * average / 3600:.4f}", str(museum.lognormal_count(rng, 3)),
            str(views * rng.randint(8, 20)), f"{rng.uniform(1.5, 6):.2f}",
            f"{average // 3600}:{average % 3600 // 60:02d}:{average % 60:02d}",
            str(museum.lognormal_count(rng, max(views // 30, 1)))]


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


# ---------------------------------------------------------------- TikTok

def tiktok_zip(out: Path, as_of: date, seed: int) -> Path:
    """The data download (JSON): user_data_tiktok.json with irregular bursts of videos."""
    rng = random.Random(f"{seed}:tiktok")
    moments = museum.bursts(rng, as_of, 28, museum.HABITS["tiktok"].first_days_ago,
                            museum.HABITS["tiktok"].last_days_ago)
    videos = [_tiktok_video(rng, moment) for moment in reversed(moments)]
    deleted = {**_tiktok_video(rng, moments[len(moments) // 2] + timedelta(hours=1)),
               "DateDeleted": (as_of - timedelta(days=12)).strftime("%Y-%m-%d 10:02:11")}
    data = {
        "Activity": {"Video Browsing History": {"VideoList": None}, "Like List": {"ItemFavoriteList": None}},
        "Profile": {"Profile Info": {"ProfileMap": {
            "userName": museum.HANDLE, "displayName": museum.NAME,
            "bioDescription": "Beaux-arts, coulisses et coups de cœur 🎨 Valmont",
            "followerCount": 1870 + rng.randint(0, 60), "followingCount": 41,
            "likesReceived": str(sum(int(v["Likes"]) for v in videos))}}},
        "Post": {"Posts": {"VideoList": videos}, "Recently Deleted Posts": {"PostList": [deleted]}},
        "Tiktok Live": {"Go Live History": {"GoLiveList": None}},
    }
    text = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    made = museum.reference_moment(as_of)
    return write_zip(out / "tiktok" / f"TikTok_Data_{int(made.timestamp())}.zip",
                     {"user_data_tiktok.json": text}, made)


def _tiktok_video(rng: random.Random, moment: datetime) -> dict[str, Any]:
    token = f"{rng.getrandbits(128):032x}"
    return {
        "Date": moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
        "Link": f"https://v16m-default.tiktokcdn.com/{token}/video/tos/maliva/?a=1233&bti=demo&expire=1",
        "Likes": str(museum.lognormal_count(rng, 140, 1.0)), "WhoCanView": "Everyone",
        "AllowComments": "Yes", "AllowStitches": "No", "AllowDuets": "No", "AllowStickers": "Yes",
        "AllowSharingToStory": "Yes", "ContentDisclosure": "", "AIGeneratedContent": "No",
        "Sound": f"son original - {museum.HANDLE}", "Location": "Valmont",
        "Title": museum.caption(rng, short=True) if rng.random() < 0.8 else "", "AddYoursText": "N/A",
    }


# ---------------------------------------------------------------- Twitch

TWITCH_COLUMNS = ("Date", "Average Viewers", "Follows", "Minutes Streamed", "Minutes Watched", "Live Views",
                  "Max Viewers", "Unique Viewers", "Engaged Viewers", "Chatters", "Chat Messages",
                  "Clips Created", "Clip Views", "Ad Breaks (Minutes)", "Sub Revenue", "Prime Revenue",
                  "Bits Revenue", "Ad Revenue")


def twitch_csv(out: Path, as_of: date, seed: int) -> Path:
    """The channel analytics, per day, for the month of its one big live (Nuit des musées)."""
    rng = random.Random(f"{seed}:twitch")
    event = _nuit_des_musees(as_of.year - 2)
    first = event.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    rows = [list(TWITCH_COLUMNS)]
    day = first
    while day <= last:
        rows.append(_twitch_day(rng, day, event))
        day += timedelta(days=1)
    name = f"Channel Analytics {first.isoformat()} to {last.isoformat()}.csv"
    return write_bytes(out / "twitch" / name, _csv(rows))


def _nuit_des_musees(year: int) -> date:
    """The Nuit européenne des musées falls on a Saturday in mid-May."""
    day = date(year, 5, 14)
    return day + timedelta(days=(5 - day.weekday()) % 7)


def _twitch_day(rng: random.Random, day: date, event: date) -> list[str]:
    label = english_date(day, "%a %b %d %Y")
    if day == event - timedelta(days=3):  # the technical rehearsal
        minutes, average, peak, chat = 48, 6, 11, 35
    elif day == event:
        minutes, average, peak, chat = 236, 84 + rng.randint(0, 20), 212, 1480 + rng.randint(0, 200)
    else:
        return [label, "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"]
    follows = 3 if minutes < 60 else 57
    return [label, str(average), str(follows), str(minutes), str(minutes * average), str(peak * 4), str(peak),
            str(peak * 3), str(peak // 2), str(peak // 3), str(chat), "4", "310", "0", "0", "0", "0", "0"]
