"""The consent model: what Maatje may keep about a person, purpose by purpose.

Language and role are settings Maatje needs to answer and are kept as such. Anything more
is kept only after a yes for its purpose. A child under 13 (asked once, simply) gets every
answer, but nothing beyond the age band and those settings is kept: a parent or youth
worker can sign them up. Safeguarding help never depends on any of this.
"""

from __future__ import annotations

from bot.core.state import UserState
from content.schema import PARENT_ROLE

#: News about activities, broadcasts.
ANNOUNCEMENTS = "announcements"
#: A youth worker may write the person about an interest they showed (a lead).
CONTACT = "contact"
#: A question may be passed on to a person (hand-over).
HANDOVER = "handover"
PURPOSES: tuple[str, ...] = (ANNOUNCEMENTS, CONTACT, HANDOVER)
#: What a parent asks for on behalf of a child: the child's name and age are asked first.
ABOUT_A_CHILD = frozenset({CONTACT, HANDOVER})

UNDER_13 = "u13"
FROM_13 = "13+"
AGE_BANDS: tuple[str, ...] = (UNDER_13, FROM_13)
#: Roles that are adults by definition: their age is not asked.
PARENT = PARENT_ROLE
ADULT_ROLES = frozenset({PARENT, "staff"})


def is_under_13(state: UserState) -> bool:
    return state.age_band == UNDER_13


def declared_age(band: str | None) -> int | None:
    """The lowest age a band says: 13 for ``"13+"``, 16 for ``"16+"`` (a pupil who said
    "16 or older" for the medical form keeps only that band); ``None`` under 13 or unknown."""
    if band is None or not band.endswith("+") or not band[:-1].isdigit():
        return None
    return int(band[:-1])


def is_at_least(state: UserState, age: int) -> bool:
    """Whether the person said she is ``age`` or older (a band, never a birth date)."""
    declared = declared_age(state.age_band)
    return declared is not None and declared >= age


def band_from(age: int) -> str:
    """The band kept once a pupil says she is ``age`` or older: ``"16+"``."""
    return f"{age}+"


def needs_age(state: UserState) -> bool:
    """Whether to ask "Hoe oud ben je?" before asking any consent."""
    return state.age_band is None and state.role not in ADULT_ROLES


def needs_child(state: UserState, purpose: str | None) -> bool:
    """Whether to ask a parent the child's first name and age first: a parent's interest
    or question for a youth worker is about a child (news is for the parent)."""
    return state.role == PARENT and state.child_band is None and purpose in ABOUT_A_CHILD


def may_store(state: UserState, purpose: str) -> bool:
    """Whether data for ``purpose`` may be kept (a lead, a subscription, a question)."""
    return purpose in state.consents and not is_under_13(state) and not needs_age(state)


def with_consent(state: UserState, purpose: str, given: bool) -> UserState:
    """The state after a yes or no; a child under 13 cannot give one."""
    if purpose not in PURPOSES or (given and (is_under_13(state) or needs_age(state))):
        return state
    consents = state.consents | {purpose} if given else state.consents - {purpose}
    return state.with_(consents=frozenset(consents))


def with_age_band(state: UserState, band: str) -> UserState:
    """The state with the age band; under 13 drops every consent at once, and the child
    named while she had chosen "Ouder" (someone under 13 is nobody's parent here)."""
    if band not in AGE_BANDS:
        return state
    if band == UNDER_13:
        return state.with_(age_band=band, consents=frozenset(), child_name=None, child_band=None)
    return state.with_(age_band=band)
