"""The configuration archive: each run keeps every device's running configuration (secrets
masked) in its run folder and the history store, and diffs it against the device's last
archived one."""
