"""User accounts: sign-up, login sessions and profiles."""
