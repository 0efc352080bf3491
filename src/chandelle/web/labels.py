"""English msgids for the profile's vocabularies (translated in web.po), shown in the form."""

from __future__ import annotations

SLUG_LABELS: dict[str, str] = {
    # kinds of institution
    "fine_arts": "Fine arts museum", "contemporary_art": "Contemporary art", "history": "History museum",
    "science": "Science centre or museum", "heritage_site": "Heritage site", "library": "Library",
    "archives": "Archives", "natural_history": "Natural history museum", "ethnography": "Ethnography museum",
    "performing_arts": "Performing arts", "other": "Other",
    # skills
    "photo": "Photography", "video_editing": "Video editing", "live_streaming": "Live streaming",
    "writing": "Writing", "graphic_design": "Graphic design",
    # target audiences
    "youth_13_24": "13–24 year-olds", "students": "Students", "families": "Families",
    "adults_25_49": "Adults 25–49", "seniors_65_plus": "Seniors 65+", "local_residents": "Local residents",
    "tourists": "Tourists", "professionals": "Professionals", "schools": "Schools and teachers",
    "people_with_disabilities": "People with disabilities",
    # objectives (youth_13_24 and tourists shared with the targets above)
    "visibility": "Visibility", "local_visitors": "Local visitors", "education": "Education and mediation",
    "community": "Community", "events": "Events", "recruitment": "Recruitment",
    # values
    "avoid_fined_data_transfers": "Avoid platforms fined for unlawful data transfers",
    "prefer_open_networks": "Prefer open, decentralised networks",
    "no_humour_at_collections_expense": "No humour at the collections' expense",
    "avoid_state_phone_banned_apps": "Avoid apps banned from state phones",
    "avoid_advertising_funded": "Avoid advertising-funded platforms",
}


def slug_label(slug: str) -> str:
    """The msgid for a slug (the slug itself when unknown)."""
    return SLUG_LABELS.get(slug, slug)
