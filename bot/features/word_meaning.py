""""Wat betekent slaapzak?": the glossary's simple explanation, or a kind "I don't know it yet"."""

from __future__ import annotations

from bot.core.features import Context, Step
from bot.features.common import entity, per_language, step, ui
from content.glossary import look_up

INTENT = "word_meaning"


def compose(ctx: Context) -> Step:
    """The word found (typos allowed) with its explanation in every block language."""
    content = ctx.content
    found = look_up(content.glossary, entity(ctx, "word"), ctx.incoming.text)
    render = ctx.render
    answer = content.answer(INTENT)
    buttons = [*render.intent_buttons(answer.followups), render.offer_button(INTENT)]
    if found.key is not None:
        explanation = content.glossary[found.key].explanation
        text = per_language(render, lambda lang: ui(content, "word.item", lang, word=found.key,
                                                    explanation=explanation.get(lang)))
    elif found.asked:
        text = per_language(render, lambda lang: ui(content, "word.unknown", lang, word=found.asked))
    else:
        text = render.ui("word.ask")
    return step(ctx, INTENT, render.reply(text, buttons))
