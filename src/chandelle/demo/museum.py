"""The demo institution: a fictional French fine-arts museum, its two-person team's habits,
and the words of its publications. Everything here is invented; nothing is a fact.

The Musée des Beaux-Arts de Valmont (Valmont is fictional) is on six networks:
* Instagram and Facebook: the two networks the team really keeps up (about three posts a
  week on Instagram, two on Facebook);
* X: once the main network, abandoned about eight months before the reference date — the
  ghost the audit must find;
* YouTube: a few long videos a year (conferences, restorations);
* TikTok: irregular bursts around exhibitions;
* Twitch: one big live event, years ago (the Nuit européenne des musées).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

NAME = "Musée des Beaux-Arts de Valmont"
HANDLE = "museevalmont"
WEBSITE = "https://www.musee-valmont.fr"


@dataclass(frozen=True, slots=True)
class Habit:
    """How often one network was fed, between two dates (days before the reference date)."""

    per_week: float
    first_days_ago: int
    last_days_ago: int
    weekdays: tuple[int, ...]          # Monday = 0
    hours: tuple[int, ...]             # Paris time
    summer_break: bool = True          # the team posts little in August


HABITS: dict[str, Habit] = {
    "instagram": Habit(3.0, 3 * 365, 1, (1, 3, 5, 6), (12, 18, 19)),
    "facebook": Habit(2.0, 2 * 365, 2, (0, 2, 4), (10, 11, 17)),
    "x": Habit(4.0, 10 * 365 + 60, 8 * 30 + 6, (0, 1, 2, 3, 4), (9, 10, 11, 15, 16)),
    "tiktok": Habit(0.8, 2 * 365 - 20, 23, (2, 5, 6), (13, 17, 20), summer_break=False),
}

ARTWORKS = (
    "« La Liseuse au jardin » de Jeanne Marceau (1887)",
    "« Retable des Primitifs valmontois » (vers 1470)",
    "« Vue du port de Valmont au couchant » d'Émile Barrault",
    "« Nature morte aux coings » de Louise Ferrand",
    "« Le Bain de Diane », école de Fontainebleau",
    "« Buste de la comtesse d'Orcières » (marbre, 1782)",
    "« Orage sur la Durance » de Paul Séverin",
    "« Carnets de voyage » de Marthe Aubry",
    "« L'Atelier du peintre, effet de neige » d'Henri Lacoste",
    "« Tapisserie des Saisons » (Aubusson, XVIIe siècle)",
)
EXHIBITIONS = (
    "« Lumières du Nord. Peintres flamands à Valmont »",
    "« Jeanne Marceau, une femme peintre en 1880 »",
    "« Ors et couleurs : le retable restauré »",
    "« Paysages de Provence, 1850-1914 »",
)
EVENTS = (
    "la Nocturne du jeudi (jusqu'à 22 h)",
    "l'atelier famille « Croque ton musée » (dès 6 ans)",
    "la visite guidée « Coups de cœur » du dimanche",
    "la conférence du mardi à l'auditorium",
    "les Journées européennes du patrimoine",
    "la Nuit européenne des musées",
)
EMOJIS = ("🎨", "🖼️", "✨", "🕯️", "👀", "🌿", "📚", "🎟️", "❤️", "☀️")
HASHTAGS = ("#MuséeValmont", "#BeauxArts", "#Valmont", "#musée", "#patrimoine", "#art")

_TEMPLATES = (
    "{emoji} Focus sur {artwork}. Une œuvre à (re)découvrir salle {room} ! {tags}",
    "Dernières semaines pour voir l'exposition {exhibition} {emoji} {tags}",
    "Ce week-end, ne manquez pas {event} {emoji} Réservation sur {site}",
    "Les coulisses de la restauration de {artwork} : patience et minutie {emoji} {tags}",
    "Le saviez-vous ? {artwork} a voyagé jusqu'à Bruxelles en 1912. {emoji}",
    "Bonne rentrée ! Nos médiateurs vous attendent pour {event} {emoji}",
    "Merci pour vos {count} visites ce mois-ci 🙏 Rendez-vous pour {event} !",
    "Question du jour : connaissez-vous {artwork} ? Réponse en commentaire 👇 {tags}",
)


def caption(rng: random.Random, *, short: bool = False) -> str:
    """A French caption with emoji, guillemets and hashtags (deterministic for ``rng``)."""
    template = rng.choice(_TEMPLATES[:4] if short else _TEMPLATES)
    tags = " ".join(rng.sample(HASHTAGS, k=rng.randint(1, 3)))
    return template.format(
        emoji=rng.choice(EMOJIS), artwork=rng.choice(ARTWORKS), exhibition=rng.choice(EXHIBITIONS),
        event=rng.choice(EVENTS), room=rng.randint(1, 24), tags=tags, site=WEBSITE,
        count=f"{rng.randint(2, 9)} {rng.randint(100, 999)}",
    )


def reference_moment(as_of: date) -> datetime:
    """When the exports are downloaded: the reference day, 09:00 Paris time, in UTC."""
    return datetime.combine(as_of, time(9, 0), tzinfo=PARIS).astimezone(UTC)


def publication_times(rng: random.Random, habit: Habit, as_of: date) -> list[datetime]:
    """Publication moments (UTC) following a habit: Poisson-like weeks, holidays, Paris hours."""
    first = as_of - timedelta(days=habit.first_days_ago)
    last = as_of - timedelta(days=habit.last_days_ago)
    moments: list[datetime] = []
    day = first
    while day <= last:
        if day.weekday() in habit.weekdays and not (habit.summer_break and day.month == 8
                                                     and rng.random() < 0.75):
            chance = habit.per_week / len(habit.weekdays)
            if rng.random() < chance:
                local = datetime.combine(day, time(rng.choice(habit.hours), rng.randint(0, 59),
                                                   rng.randint(0, 59)), tzinfo=PARIS)
                moments.append(local.astimezone(UTC))
        day += timedelta(days=1)
    if not moments or moments[-1].date() < last - timedelta(days=1):
        moments.append(datetime.combine(last, time(11, 4, 12), tzinfo=PARIS).astimezone(UTC))
    return moments


def bursts(rng: random.Random, as_of: date, count: int, first_days_ago: int,
           last_days_ago: int) -> list[datetime]:
    """Irregular publication: a few bursts of videos around exhibitions, then silence."""
    moments: list[datetime] = []
    span = first_days_ago - last_days_ago
    starts = sorted({*rng.sample(range(span), k=max(1, count // 4)), span - 30})  # and a recent burst
    for start in starts:
        day = as_of - timedelta(days=first_days_ago - start)
        for _ in range(rng.randint(2, 6)):
            day += timedelta(days=rng.randint(1, 5))
            if (as_of - day).days < last_days_ago:
                break
            local = datetime.combine(day, time(rng.choice((13, 17, 20)), rng.randint(0, 59),
                                               rng.randint(0, 59)), tzinfo=PARIS)
            moments.append(local.astimezone(UTC))
    return sorted(set(moments))


def lognormal_count(rng: random.Random, median: float, spread: float = 0.6) -> int:
    """A plausible engagement count around ``median``."""
    return max(0, round(rng.lognormvariate(0, spread) * median))
