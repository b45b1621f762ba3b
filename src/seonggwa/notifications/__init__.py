"""Notifications: what happened that a person should act on (in the app and by e-mail)."""
