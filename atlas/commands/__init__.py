"""Subcommands of the `atlas` console command."""
