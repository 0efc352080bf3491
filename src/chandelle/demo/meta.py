"""Instagram "Download your information" (JSON, 2025+ ``media/`` layout) and the Facebook Page
content export of Meta Business Suite (CSV in French), for the demo museum.

Formats as described in research/exports.md §1a and §2a: Meta's mojibake in the JSON, Unix
seconds, post-level caption and timestamp, carousels as several media, flat story objects,
string values in past insights; the CSV is UTF-8 with a BOM, one row per post, lifetime
totals, ``MM/DD/YYYY HH:MM`` publish times in the Page's time zone.
"""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from chandelle.demo import museum
from chandelle.demo._files import english_date, meta_mojibake, write_bytes, write_zip

IG_ROOT = "your_instagram_activity/media"
PAGE_ID = "104857600112358"


def _meta_json(value: Any) -> bytes:
    """JSON the way Meta writes it: every string mojibaked, then ASCII-escaped."""
    return json.dumps(_mojibake_all(value), ensure_ascii=True, indent=2).encode("ascii")


def _mojibake_all(value: Any) -> Any:
    if isinstance(value, str):
        return meta_mojibake(value)
    if isinstance(value, list):
        return [_mojibake_all(v) for v in value]
    if isinstance(value, dict):
        return {meta_mojibake(k): _mojibake_all(v) for k, v in value.items()}
    return value


def _media_name(rng: random.Random) -> str:
    media_id = rng.randint(17_800_000_000_000_000, 18_099_999_999_999_999)
    return (f"{rng.randint(400_000_000, 499_999_999)}_{rng.randint(10**15, 10**16 - 1)}_"
            f"{rng.randint(10**18, 10**19 - 1)}_n_{media_id}")


def _media(rng: random.Random, moment: datetime, folder: str, video: bool, title: str,
           with_gps: bool = False) -> dict[str, Any]:
    suffix = "mp4" if video else rng.choice(("jpg", "webp", "heic"))
    exif: dict[str, Any] = {"device_id": "android-7f3c", "camera_position": "back", "source_type": "4",
                            "date_time_original": moment.strftime("%Y:%m:%d %H:%M:%S")}
    if with_gps:  # real exports sometimes carry the place a photo was taken: never to be stored
        exif.update({"latitude": 44.1931, "longitude": 5.9406})
    metadata_key = "video_metadata" if video else "photo_metadata"
    media: dict[str, Any] = {
        "uri": f"media/{folder}/{moment:%Y%m}/{_media_name(rng)}.{suffix}",
        "creation_timestamp": int(moment.timestamp()) - 1,
        "media_metadata": {metadata_key: {"exif_data": [exif]},
                           "camera_metadata": {"has_camera_metadata": False}},
        "title": title,
        "cross_post_source": {"source_app": "FB"},
    }
    if video:
        media["dubbing_info"] = []
        media["media_variants"] = []
    return media


def instagram_zip(out: Path, as_of: date, seed: int) -> Path:
    """instagram-museevalmont-<date>-<hash>.zip with posts, reels, stories, insights and profile."""
    rng = random.Random(f"{seed}:instagram")
    moments = museum.publication_times(rng, museum.HABITS["instagram"], as_of)
    posts: list[dict[str, Any]] = []
    reels: list[dict[str, Any]] = []
    insights: list[dict[str, Any]] = []
    for moment in moments:
        text = museum.caption(rng)
        roll = rng.random()
        if roll < 0.2:
            reel = {"media": [_media(rng, moment, "reels", True, text)]}
            reels.append(reel)
            thumbnail = reel["media"][0]
        else:
            count = rng.randint(2, 8) if roll < 0.5 else 1
            media = [_media(rng, moment, "posts", False, "", with_gps=rng.random() < 0.05)
                     for _ in range(count)]
            post = {"media": media, "title": text, "creation_timestamp": int(moment.timestamp())}
            posts.append(post)
            thumbnail = media[0]
        if (as_of - moment.date()).days <= 2 * 365:
            insights.append(_insight(rng, moment, thumbnail, text, roll < 0.2))
    stories = [_media(rng, moment, "stories", rng.random() < 0.4, "")
               for moment in museum.publication_times(
                   rng, museum.Habit(2.0, 365, 3, (2, 4, 5), (11, 16, 18)), as_of)]
    made = museum.reference_moment(as_of)
    members = {
        f"{IG_ROOT}/posts_1.json": _meta_json(sorted(posts, key=lambda p: -p["creation_timestamp"])),
        f"{IG_ROOT}/reels.json": _meta_json({"ig_reels_media": reels[::-1]}),
        f"{IG_ROOT}/stories.json": _meta_json({"ig_stories": stories[::-1]}),
        "logged_information/past_instagram_insights/posts.json":
            _meta_json({"organic_insights_posts": insights[::-1]}),
        "personal_information/personal_information/personal_information.json": _meta_json(_profile()),
    }
    name = f"instagram-{museum.HANDLE}-{as_of.isoformat()}-{rng.getrandbits(32):08x}.zip"
    return write_zip(out / "instagram" / name, members, made)


def _profile() -> dict[str, Any]:
    """Only public profile fields: the demo invents no e-mail, phone or birth date."""
    return {"profile_user": [{"string_map_data": {
        "Username": {"href": "", "value": museum.HANDLE, "timestamp": 0},
        "Name": {"href": "", "value": museum.NAME, "timestamp": 0},
        "Bio": {"href": "", "value": "Musée des Beaux-Arts de Valmont · Du mardi au dimanche, 10 h – 18 h",
                "timestamp": 0},
    }}]}


def _insight(rng: random.Random, moment: datetime, thumbnail: dict[str, Any], text: str,
             reel: bool) -> dict[str, Any]:
    reach = museum.lognormal_count(rng, 2600 if reel else 1400)
    values = {
        "Impressions": round(reach * rng.uniform(1.2, 1.6)),
        "Accounts reached": reach,
        "Likes": museum.lognormal_count(rng, 95 if reel else 70),
        "Comments": museum.lognormal_count(rng, 4),
        "Saves": museum.lognormal_count(rng, 6),
        "Shares": museum.lognormal_count(rng, 5 if reel else 2),
        "Follows": museum.lognormal_count(rng, 2),
    }
    string_map: dict[str, Any] = {"Creation Timestamp": {"timestamp": int(moment.timestamp())}}
    string_map.update({label: {"value": str(value)} for label, value in values.items()})
    return {"media_map_data": {"Media Thumbnail": {"uri": thumbnail["uri"],
                                                   "creation_timestamp": thumbnail["creation_timestamp"],
                                                   "title": text}},
            "string_map_data": string_map}


# ---------------------------------------------------------------- Facebook (Business Suite CSV)

FACEBOOK_COLUMNS = (
    "Identifiant de la publication", "Identifiant de la Page", "Nom de la Page", "Titre", "Description",
    "Durée (s)", "Heure de publication", "Type de sous-titres", "Lien permanent",
    "Est une publication croisée",
    "Est un partage", "Type de publication", "Langues", "Étiquettes personnalisées",
    "Statut du contenu financé", "Commentaire sur les données", "Date", "Vues", "Couverture",
    "Réactions, commentaires et partages", "Réactions", "Commentaires", "Partages", "Total des clics",
)
_FB_TYPES = (("Photos", 0.55), ("Vidéos", 0.15), ("Reels", 0.1), ("Liens", 0.2))


def facebook_csvs(out: Path, as_of: date, seed: int) -> list[Path]:
    """Two yearly content exports of the Page, as a community manager downloads them."""
    rng = random.Random(f"{seed}:facebook")
    moments = museum.publication_times(rng, museum.HABITS["facebook"], as_of)
    rows = [_facebook_row(rng, moment) for moment in moments]
    paths = []
    for start_ago, end_ago in ((2 * 365, 365), (364, 0)):
        start, end = as_of - timedelta(days=start_ago), as_of - timedelta(days=end_ago)
        chosen = [row for moment, row in zip(moments, rows, strict=True)
                  if start <= moment.astimezone(museum.PARIS).date() <= end]
        name = f"{english_date(start, '%b-%d-%Y')}_{english_date(end, '%b-%d-%Y')}_{PAGE_ID}.csv"
        paths.append(write_bytes(out / "facebook" / name, _csv_bytes(chosen[::-1])))
    return paths


def _facebook_row(rng: random.Random, moment: datetime) -> list[str]:
    post_type = rng.choices([t for t, _ in _FB_TYPES], weights=[w for _, w in _FB_TYPES])[0]
    post_id = f"{PAGE_ID}_{rng.randint(10**15, 10**16 - 1)}"
    text = museum.caption(rng)
    title, description = (text, "") if post_type in ("Photos", "Liens") else ("", text)
    duration = str(rng.randint(15, 90) if post_type == "Reels" else rng.randint(60, 600)) \
        if post_type in ("Vidéos", "Reels") else ""
    reach = museum.lognormal_count(rng, 900)
    reactions, comments, shares = (museum.lognormal_count(rng, 30), museum.lognormal_count(rng, 3),
                                   museum.lognormal_count(rng, 4))
    local = moment.astimezone(museum.PARIS)
    return [
        post_id, PAGE_ID, museum.NAME, title, description, duration, local.strftime("%m/%d/%Y %H:%M"),
        "", f"https://www.facebook.com/{PAGE_ID}/posts/{post_id.split('_')[1]}", "Non",
        "Oui" if post_type == "Liens" and rng.random() < 0.3 else "Non", post_type, "", "", "", "",
        "Durée de vie", str(round(reach * rng.uniform(1.1, 1.5))), str(reach),
        str(reactions + comments + shares), str(reactions), str(comments), str(shares),
        str(museum.lognormal_count(rng, 25)),
    ]


def _csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FACEBOOK_COLUMNS)
    writer.writerows(rows)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
