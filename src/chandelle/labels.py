"""The one presentation vocabulary: how a platform, format, feature, status, decision, audience,
skill or profile choice is named to a reader, in the web app, the report, the calendar, the
exports and the plan's sentences.

French first: the wording was chosen in French (locale/fr/LC_MESSAGES/labels.po) and the
English msgids follow it. Every table here is slug -> English msgid; ``_`` only marks the
msgids for the catalogue check, they are translated when a label is asked for. Formats have
two forms: a label (« Vidéo courte », in tables, charts and diaries) and a plural for
sentences (« 2 vidéos courtes par semaine »); skills too (« Montage vidéo » in the profile
form, « le montage vidéo » in a sentence). A leaf module: it imports only ``chandelle.i18n``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from chandelle.i18n import translator


def _(msgid: str) -> str:
    return msgid


# Proper nouns are the same in every language; only the catch-alls are translated.
PLATFORM_LABELS: dict[str, str] = {
    "instagram": "Instagram", "facebook": "Facebook", "tiktok": "TikTok", "youtube": "YouTube",
    "twitch": "Twitch", "x": "X", "mastodon": "Mastodon", "bluesky": "Bluesky", "linkedin": "LinkedIn",
    "threads": "Threads", "other": _("Other network"), "website": _("the institution's website"),
}

FORMAT_LABELS: dict[str, str] = {
    "text": _("Text post"), "link": _("Link post"), "photo": _("Photo"), "carousel": _("Carousel"),
    "video": _("Video"), "reel": _("Reel"), "short": _("Short video"), "story": _("Story"),
    "live": _("Live"), "article": _("Article"), "guide": _("Guide"), "document": _("Document"),
    "poll": _("Poll"), "audio": _("Audio"), "event": _("Event"), "other": _("Other format"),
}

FORMAT_PLURALS: dict[str, str] = {
    "text": _("text posts"), "link": _("link posts"), "photo": _("photos"), "carousel": _("carousels"),
    "video": _("videos"), "reel": _("reels"), "short": _("short videos"), "story": _("stories"),
    "live": _("lives"), "article": _("articles"), "guide": _("guides"), "document": _("documents"),
    "poll": _("polls"), "audio": _("audio items"), "event": _("events"), "other": _("other items"),
}

STATUS_LABELS: dict[str, str] = {
    "active": _("active"), "irregular": _("irregular"), "dormant": _("dormant"), "ghost": _("ghost"),
}

DECISION_LABELS: dict[str, str] = {
    "keep": _("keep"), "start": _("start"), "archive": _("archive"), "quit": _("quit"),
    "merge": _("merge"), "absent": _("stay away"),
}

SEGMENT_LABELS: dict[str, str] = {
    "general_public": _("the general public (16–64)"),
    "young_people": _("young people"),
    "international": _("international visitors"),
    "seniors": _("people aged 65 and over"),
}

# In a sentence (« personne ne maîtrise le montage vidéo »).
SKILL_LABELS: dict[str, str] = {
    "photo": _("photography"), "video_editing": _("video editing"),
    "live_streaming": _("live streaming"), "writing": _("writing"), "graphic_design": _("graphic design"),
    "equipment:streaming_kit": _("a live-streaming kit"),
}

# Kinds of diary entry in the calendar.
SLOT_KIND_LABELS: dict[str, str] = {
    "production": _("Production"), "publication": _("Publication"), "moderation": _("Moderation"),
    "announcement": _("Announcement"),
}

# The profile form's choices: kinds of institution, skills, targets, objectives and values.
PROFILE_LABELS: dict[str, str] = {
    "fine_arts": _("Fine arts museum"), "contemporary_art": _("Contemporary art"),
    "history": _("History museum"), "science": _("Science centre or museum"),
    "heritage_site": _("Heritage site"), "library": _("Library"), "archives": _("Archives"),
    "natural_history": _("Natural history museum"), "ethnography": _("Ethnography museum"),
    "performing_arts": _("Performing arts"), "other": _("Other"),
    "photo": _("Photography"), "video_editing": _("Video editing"), "live_streaming": _("Live streaming"),
    "writing": _("Writing"), "graphic_design": _("Graphic design"),
    "youth_13_24": _("13–24 year-olds"), "students": _("Students"), "families": _("Families"),
    "adults_25_49": _("Adults 25–49"), "seniors_65_plus": _("Seniors 65+"),
    "local_residents": _("Local residents"), "tourists": _("Tourists"), "professionals": _("Professionals"),
    "schools": _("Schools and teachers"), "people_with_disabilities": _("People with disabilities"),
    "visibility": _("Visibility"), "local_visitors": _("Local visitors"),
    "education": _("Education and mediation"), "community": _("Community"), "events": _("Events"),
    "recruitment": _("Recruitment"),
    "avoid_fined_data_transfers": _("Avoid platforms fined for unlawful data transfers"),
    "prefer_open_networks": _("Prefer open, decentralised networks"),
    "no_humour_at_collections_expense": _("No humour at the collections' expense"),
    "avoid_state_phone_banned_apps": _("Avoid apps banned from state phones"),
    "avoid_advertising_funded": _("Avoid advertising-funded platforms"),
    "avoid_moderation_rollbacks": _("Avoid platforms that cut back moderation"),
    "avoid_art_censorship": _("Avoid platforms that remove nudity in art"),
    "avoid_big_tech_ownership": _("Avoid platforms owned by big technology companies"),
    "avoid_small_audiences": _("Avoid platforms with very small audiences"),
    "avoid_venture_funded": _("Avoid venture-funded platforms"),
}

# Size bands of a peer group (audit.peers: the Mapping Museums bands of visits a year).
SIZE_LABELS: dict[str, str] = {
    "small": _("small museums"), "medium": _("medium-sized museums"), "large": _("large museums"),
    "huge": _("very large museums"), "all": _("all sizes"),
}

# Words of the data exports (CSV/XLSX values), so that a spreadsheet reads in French too.
YES_NO: dict[bool, str] = {True: _("yes"), False: _("no")}


def label(table: Mapping[str, str], slug: str, lang: str) -> str:
    """The translated label of ``slug`` in ``table`` (the slug itself when unknown)."""
    return translator(lang)(table.get(slug, slug))


def platform_label(slug: str, lang: str) -> str:
    return label(PLATFORM_LABELS, slug, lang)


def format_label(slug: str, lang: str) -> str:
    return label(FORMAT_LABELS, slug, lang)


def format_plural(slug: str, lang: str) -> str:
    return label(FORMAT_PLURALS, slug, lang)


def status_label(slug: str, lang: str) -> str:
    return label(STATUS_LABELS, slug, lang)


def decision_label(slug: str, lang: str) -> str:
    return label(DECISION_LABELS, slug, lang)


def segment_label(slug: str, lang: str) -> str:
    return label(SEGMENT_LABELS, slug, lang)


def profile_label(slug: str, lang: str) -> str:
    return label(PROFILE_LABELS, slug, lang)


def kind_label(kind: str, lang: str) -> str:
    """The profile's word for a kind of institution; "all kinds" for the widest peer group."""
    return translator(lang)("all kinds") if kind == "all" else profile_label(kind, lang)


def size_label(size: str, lang: str) -> str:
    return label(SIZE_LABELS, size, lang)


def feature_label(slug: str, kb_label: str, lang: str) -> str:
    """A platform feature the audit lists as unused: the vocabulary's label for a known format,
    else the knowledge base's own label (translated in kb.po)."""
    return format_label(slug, lang) if slug in FORMAT_LABELS else translator(lang)(kb_label)


def yes_no(value: bool, lang: str) -> str:
    return translator(lang)(YES_NO[value])


def join_labels(items: Iterable[str], lang: str) -> str:
    """« A, B et C »; « — » for none."""
    words = list(items)
    if not words:
        return "—"
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} {translator(lang)(_('and'))} {words[-1]}"


# The defaults and assumptions a figure rests on, in words (the audit lists them by kb path).
ASSUMPTION_LABELS: dict[str, str] = {
    "defaults.team_members": _("Number of people in the team"),
    "defaults.hours_per_member_per_week": _("Hours per person per week"),
    "defaults.max_networks": _("Maximum number of networks"),
    "defaults.margin_share": _("Share of the hours kept in reserve"),
    "defaults.fallback_hours_per_item": _("Hours to make an item of an undescribed format"),
    "defaults.min_items_per_week": _("Minimum cadence of an undescribed network"),
    "defaults.overhead_hours_per_week": _("Weekly replies and moderation of an undescribed network"),
    "objectives": _("Weights of the objectives (all equal)"),
    "hours": _("hours to make one item"),
    "min_items_per_week": _("minimum viable cadence"),
    "overhead_hours_per_week": _("weekly replies and moderation"),
}


def assumption_label(path: str, lang: str) -> str:
    """« Instagram, Reel : heures pour fabriquer une publication » for ``platforms.instagram.hours.reel``."""
    if path in ASSUMPTION_LABELS:
        return label(ASSUMPTION_LABELS, path, lang)
    parts = path.split(".")
    if len(parts) >= 3 and parts[0] == "platforms":
        what = label(ASSUMPTION_LABELS, parts[2], lang) if parts[2] in ASSUMPTION_LABELS else parts[2]
        subject = platform_label(parts[1], lang)
        if parts[2] == "hours" and len(parts) > 3:
            subject = f"{subject}, {format_label(parts[3], lang)}"
        return f"{subject} : {what}" if lang == "fr" else f"{subject}: {what}"
    return path


# How reliable a figure's source is (kb confidence codes, docs/audit-json.md).
CONFIDENCE_LABELS: dict[str, str] = {
    "V": _("verified at the source"), "S": _("second-hand (press quoting the study)"),
    "W": _("weak (unclear provenance)"), "A": _("chandelle's assumption"),
    "P": _("the institution's own value"),
}


def confidence_label(code: str | None, lang: str) -> str:
    return label(CONFIDENCE_LABELS, code, lang) if code else "—"
