"""The feature kit: what several features need, written once.

- :mod:`.languages`: the language plan for someone Maatje writes to unasked, a language's
  Dutch name for staff, the language kept with what a person asked for;
- :mod:`.start`: the token of a ``/start <prefix><token>`` link;
- :mod:`.replies`: the one answer to an old or forged button, and telling someone in their
  own language through the outbox;
- :mod:`.welcome`: the plain ``/start`` welcome (onboarding, parent links, group links);
- :mod:`.gate`: the consent and age gate before anything personal is kept;
- :mod:`.buttons`: typed button payloads (:func:`~.buttons.typed` and the codecs several
  features share; the codec itself is :class:`bot.core.payloads.Codec`).

Feature modules import from here, never from each other, for these: that kept helpers
from being copied and feature modules from importing each other in circles.
"""
