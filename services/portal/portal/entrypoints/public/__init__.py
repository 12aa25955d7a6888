"""Public pages: no sign-in."""
