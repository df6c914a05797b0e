"""The pure dialogue core: a neutral message and a user state in, neutral replies out.

Nothing in this package imports ``telegram`` or touches the database; channels translate
to and from these types, and the conversation service loads and saves the state.
"""
