"""The institution's profile (``institution.toml``): team, hours, objectives, values, own figures.

``load_profile(path)`` reads and validates it; a bad value raises ``ConfigError`` naming the
key and the allowed values. ``default_profile()`` is what chandelle assumes without a file
(one person, hours and limits from the knowledge base's documented defaults).
``Profile.kb_overrides()`` turns the institution's own measurements (production times,
cadences, overheads) into ``load_kb`` overrides. The commented example lives in
``docs/institution.example.toml`` (``write_example`` copies it).
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from chandelle.errors import ConfigError
from chandelle.kb.models import OBJECTIVES, KnowledgeBase
from chandelle.request import MAX_NETWORKS
from chandelle.vocabulary import FORMATS, PLATFORMS

KINDS = (
    "fine_arts", "contemporary_art", "history", "science", "heritage_site", "library",
    "archives", "natural_history", "ethnography", "performing_arts", "other",
)
SKILLS = ("photo", "video_editing", "live_streaming", "writing", "graphic_design")
TARGETS = (
    "youth_13_24", "students", "families", "adults_25_49", "seniors_65_plus", "local_residents",
    "tourists", "professionals", "schools", "people_with_disabilities",
)
VALUES = (
    "avoid_fined_data_transfers", "prefer_open_networks", "no_humour_at_collections_expense",
    "avoid_state_phone_banned_apps", "avoid_advertising_funded", "avoid_moderation_rollbacks",
    "avoid_art_censorship", "avoid_big_tech_ownership", "avoid_small_audiences",
    "avoid_venture_funded",
)
TONES = ("humour", "playful", "scholarly", "institutional")
VALUE_MODES = ("exclude", "penalty")
ZONES = ("A", "B", "C")
PROFILE_FILE = "institution.toml"


def _one_of(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {what} '{value}'; allowed: {', '.join(allowed)}")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Member(_Strict):
    """One person of the team and the hours a week they give to social media."""

    name: str
    hours_per_week: float = Field(ge=0, le=80)
    skills: list[str] = Field(default_factory=list)

    @field_validator("skills")
    @classmethod
    def _skills(cls, skills: list[str]) -> list[str]:
        return [_one_of(s, SKILLS, "skill") for s in skills]


class ValueRule(_Strict):
    """An institutional value: a hard exclusion or a penalty (weight in objective points)."""

    name: str
    mode: Literal["exclude", "penalty"] = "exclude"
    weight: float = Field(default=1.0, ge=0)

    @field_validator("name")
    @classmethod
    def _name(cls, name: str) -> str:
        return _one_of(name, VALUES, "value")


class Event(_Strict):
    """A date the editorial calendar must know (exhibition opening, festival...)."""

    name: str
    start: date
    end: date | None = None
    kind: str = "event"

    @model_validator(mode="after")
    def _ordered(self) -> Event:
        if self.end is not None and self.end < self.start:
            raise ValueError("end is before start")
        return self


class AccountState(_Strict):
    """One of the institution's accounts; ``archived`` = closed with a pinned farewell post."""

    platform: str
    handle: str
    archived: bool = False

    @field_validator("platform")
    @classmethod
    def _platform(cls, platform: str) -> str:
        return _one_of(platform, PLATFORMS, "platform")


class Profile(_Strict):
    """Everything the institution tells chandelle about itself (all optional but the name)."""

    name: str
    kind: str = "other"
    size: Literal["small", "medium", "large", "huge"] | None = None   # visits a year: peers (observatory)
    team: list[Member] = Field(default_factory=list)
    objectives: dict[str, float] = Field(default_factory=dict)   # objective -> weight (>= 0)
    targets: list[str] = Field(default_factory=list)
    values: list[ValueRule] = Field(default_factory=list)
    max_networks: int = Field(default=3, ge=0, le=MAX_NETWORKS)
    margin_share: float = Field(default=0.1, ge=0, lt=1)
    equipment: list[str] = Field(default_factory=list)
    production_hours: dict[str, dict[str, float]] = Field(default_factory=dict)  # platform -> format -> h
    min_items_per_week: dict[str, float] = Field(default_factory=dict)          # platform -> items
    overhead_hours_per_week: dict[str, float] = Field(default_factory=dict)     # platform -> hours
    accounts: list[AccountState] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    school_holiday_zone: Literal["A", "B", "C"] | None = None
    weekend_work: bool = False      # may the team make or publish items on Saturdays and Sundays?
    allow_learning: bool = True           # False: the plan never counts on learning a missing skill
    tone: list[str] = Field(default_factory=lambda: list(TONES))  # registers the institution accepts
    second_accounts: list[str] = Field(default_factory=list)  # platforms where 2+ accounts are wanted
    assumed: list[str] = Field(default_factory=list, exclude=True)  # defaults used, for the user

    @field_validator("tone")
    @classmethod
    def _tone(cls, tone: list[str]) -> list[str]:
        return [_one_of(t, TONES, "tone") for t in tone]

    @field_validator("second_accounts")
    @classmethod
    def _second_accounts(cls, platforms: list[str]) -> list[str]:
        return [_one_of(p, PLATFORMS, "platform") for p in platforms]

    @field_validator("kind")
    @classmethod
    def _kind(cls, kind: str) -> str:
        return _one_of(kind, KINDS, "kind")

    @field_validator("objectives")
    @classmethod
    def _objectives(cls, objectives: dict[str, float]) -> dict[str, float]:
        for key, weight in objectives.items():
            _one_of(key, OBJECTIVES, "objective")
            if weight < 0:
                raise ValueError(f"objective '{key}' has a negative weight")
        return objectives

    @field_validator("targets")
    @classmethod
    def _targets(cls, targets: list[str]) -> list[str]:
        return [_one_of(t, TARGETS, "target") for t in targets]

    @field_validator("production_hours")
    @classmethod
    def _production_hours(cls, table: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        for platform, formats in table.items():
            _one_of(platform, PLATFORMS, "platform")
            for fmt, hours in formats.items():
                _one_of(fmt, FORMATS, "format")
                if hours < 0:
                    raise ValueError(f"negative hours for {platform}.{fmt}")
        return table

    @field_validator("min_items_per_week", "overhead_hours_per_week")
    @classmethod
    def _per_platform(cls, table: dict[str, float]) -> dict[str, float]:
        for platform, value in table.items():
            _one_of(platform, PLATFORMS, "platform")
            if value < 0:
                raise ValueError(f"negative value for {platform}")
        return table

    @property
    def capacity_hours_per_week(self) -> float:
        return float(sum(m.hours_per_week for m in self.team))

    def skills(self) -> set[str]:
        return {s for m in self.team for s in m.skills}

    def kb_overrides(self) -> dict[str, Any]:
        """The institution's own figures as ``load_kb`` overrides (they become source 'profile')."""
        from chandelle.kb import load_kb

        base = load_kb()
        platforms: dict[str, Any] = {}
        for platform, formats in self.production_hours.items():
            known = base.platforms.get(platform)
            if known is None:
                continue
            entries = platforms.setdefault(platform, {}).setdefault("formats", {})
            for fmt, hours in formats.items():
                keys = [k for k, f in known.formats.items() if f.store_format == fmt and not f.feature]
                for key in keys or [fmt]:
                    entries[key] = {"hours": {"total": {"value": hours}}}
                if not keys:
                    entries[fmt].update({"label": fmt, "store_format": fmt, "status": {"value": "current"}})
        for platform, value in self.min_items_per_week.items():
            if platform not in base.platforms:
                continue
            platforms.setdefault(platform, {})["cadence"] = {"min_items_per_week": value}
        for platform, value in self.overhead_hours_per_week.items():
            if platform not in base.platforms:
                continue
            platforms.setdefault(platform, {})["overhead_hours_per_week"] = value
        return {"platforms": platforms} if platforms else {}

    def knowledge_base(self) -> KnowledgeBase:
        """The knowledge base with this institution's own figures applied."""
        from chandelle.kb import load_kb

        return load_kb(self.kb_overrides())


def _defaults_from_kb() -> tuple[int, float, int, float]:
    from chandelle.kb import load_kb

    d = load_kb().defaults
    return (int(d.team_members.number or 1), float(d.hours_per_member_per_week.number or 0),
            int(d.max_networks.number or 3), float(d.margin_share.number or 0))


def default_profile() -> Profile:
    """What chandelle assumes without institution.toml; ``assumed`` lists each default used."""
    members, hours, max_networks, margin = _defaults_from_kb()
    team = [Member(name=f"member {i + 1}", hours_per_week=hours) for i in range(members)]
    return Profile(
        name="", team=team, max_networks=max_networks, margin_share=margin,
        assumed=["team_members", "hours_per_member_per_week", "max_networks", "margin_share"],
    )


def _location(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(p) for p in loc)


def load_profile(path: Path | None) -> Profile:
    """Read ``path`` (or ./institution.toml if it exists); without either, the default profile."""
    if path is None:
        candidate = Path(PROFILE_FILE)
        if not candidate.exists():
            return default_profile()
        path = candidate
    if not path.exists():
        raise ConfigError("Profile {file} not found.", hint="Create one with 'chandelle init'.",
                          file=str(path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError("Profile {file} is not valid TOML: {detail}", file=str(path),
                          detail=str(exc)) from exc
    return profile_from_mapping(data, source=str(path))


def profile_from_mapping(data: dict[str, Any], source: str = PROFILE_FILE) -> Profile:
    """Validate a parsed profile; the first bad field gives a ConfigError naming its key."""
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(
            "{file}: '{key}' is invalid: {detail}",
            hint="Fix this key; docs/institution.example.toml lists the allowed values.",
            file=source, key=_location(first["loc"]) or "(top level)", detail=first["msg"],
        ) from exc
    if not profile.team:
        members, hours, _, _ = _defaults_from_kb()
        profile.team = [Member(name=f"member {i + 1}", hours_per_week=hours) for i in range(members)]
        profile.assumed += ["team_members", "hours_per_member_per_week"]
    return profile


def write_example(path: Path) -> None:
    """Copy the commented example profile to ``path`` (refuses to overwrite)."""
    if path.exists():
        raise ConfigError("{file} already exists.", hint="Choose another path or delete it first.",
                          file=str(path))
    path.write_text(example_text(), encoding="utf-8")


def example_text() -> str:
    from importlib import resources

    return resources.files("chandelle").joinpath("institution.example.toml").read_text(encoding="utf-8")


def save_profile(path: Path, data: dict[str, Any], comments: tuple[str, ...] = ()) -> None:
    """The one writer of institution.toml (``chandelle init``, the web app's profile forms):
    ``data`` validated, written, read back as a profile, and only then put in place (the
    previous file kept as .bak)."""
    from chandelle.toml_files import dumps, write_toml_atomically

    profile_from_mapping(data, source=str(path))  # field-level errors before anything is written
    write_toml_atomically(path, dumps(data, comments), check=load_profile)
