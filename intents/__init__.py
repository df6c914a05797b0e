"""Understanding: a message goes in, language, scored intents and entities come out.

Nothing here knows about Telegram, storage or answers; the dialogue core in
``bot.core`` decides what to do with the scores.
"""
