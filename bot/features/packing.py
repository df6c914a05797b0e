"""The camp packing list as a picture, for pupils who read little.

The packing answer (``bot.features.camp_packing``) offers "🖼️ Paklijst als foto"; pressing
it sends the list drawn as a checklist (``bot.features.checklist``) from the same items:
the camp file's packing list, or else the authored text, one item a line.
"""

from __future__ import annotations

from bot.core.features import Context, Features, Step
from bot.core.messages import Button, Document
from bot.core.payloads import Choice
from bot.core.render import Renderer
from bot.features.checklist import Item, checklist_png, parse_checklist
from bot.features.kit.buttons import Picked, picked, typed
from content.loader import Content

PACKING = "camp_packing"
#: ``pic:packing``: the packing list as a picture.
PICTURE = picked("pic", Choice("value", ("packing",)))
PICTURE_PAYLOAD = PICTURE.build(Picked("packing"))


def feature() -> Features:
    return Features(buttons={PICTURE.prefix: typed(PICTURE, packing_picture)})


def picture_button(render: Renderer) -> Button | None:
    """The button under the packing list that asks for the picture."""
    return render.button("button.packing_picture", PICTURE_PAYLOAD)


def packing_picture(ctx: Context, picked: Picked) -> Step:
    """The list as a PNG checklist, with the packing answer's follow-ups."""
    title, items = packing_items(ctx.content)
    picture = checklist_png(title, items, ctx.content.attachments)
    caption = ctx.render.ui("packing.caption")
    document = Document("paklijst.png", picture, "image/png", caption)
    followups = ctx.render.intent_buttons(ctx.content.answer(PACKING).followups)
    return Step((ctx.render.reply("", followups, document=document),), ctx.state, PACKING)


def packing_items(content: Content) -> tuple[Item, list[Item]]:
    """The title and items in Dutch: from ``camp.yaml`` when there is one, else the answer."""
    camp = content.camp
    if camp is None or not camp.packing:
        return parse_checklist(content.answer(PACKING).text.nl)
    intro = content.ui_text("camp.packing.intro", "nl")
    title = parse_checklist(intro)[0]
    return title, [Item(item.emoji, item.item.nl) for item in camp.packing]
