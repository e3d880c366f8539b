"""Bits and pieces shared by every part of StreamFlix."""
