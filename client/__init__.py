"""Metaverse Seoul desktop client."""
