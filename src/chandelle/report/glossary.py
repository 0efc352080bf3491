"""The glossary of the report and of the web app's glossary page: every term a reader meets,
in plain words (English msgids, French in report.po)."""

from __future__ import annotations

GLOSSARY: tuple[tuple[str, str], ...] = (
    ("Item", "One original publication on a network (a post, a video, a story...). A thread counts once; "
             "reposts and replies to others are left out."),
    ("Minimum viable cadence", "The fewest items per week below which an account looks abandoned to a "
                               "visitor; set per network in the knowledge base, with its source."),
    ("Ghost account", "An account still visible in public whose activity has long been below its minimum "
                      "viable cadence. Better to choose absence than a ghost presence."),
    ("Dormant account", "An account silent for a long time, not yet long enough to count as a ghost."),
    ("Irregular account", "An account that publishes, but below its minimum viable cadence or with "
                          "long gaps."),
    ("Capacity", "The hours per week the team gives to social media, from the institution's profile."),
    ("Overhead", "Hours per week an account takes besides making items: replies, moderation, monitoring."),
    ("Archive", "Leaving a network cleanly: a last pinned post points to the networks the institution "
                "keeps."),
    ("Overlap", "The share of a network's audience that also uses another network: the same people are "
                "counted once."),
    ("Points (pts)", "The unit of the plan's value. A network earns points for each objective of the "
                     "institution it serves, in proportion to the objective's weight in the profile and to "
                     "the share of the target audiences it reaches. Points only compare plans of the same "
                     "institution: 10 pts more means a better plan, not 10 more visitors."),
    ("Objective value", "The total points of a plan: what the optimiser maximises. Alone the figure means "
                        "nothing; compared between two plans (more hours, one network less) it says which "
                        "serves the institution's objectives better."),
    ("Reach of a target audience", "The share of a target audience (for example young people) who use at "
                                   "least one of the chosen networks, from audience surveys. It is not the "
                                   "institution's own reach: it says who could be met on those networks, "
                                   "not how many people see the institution's posts."),
)
