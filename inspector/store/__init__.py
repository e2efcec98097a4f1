"""What a run leaves behind: the bundle of captures (record/replay), `commands.log`, and the
history database that `diff` and `trend` read."""
