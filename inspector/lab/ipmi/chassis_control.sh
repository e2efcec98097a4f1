#!/bin/sh
# ipmi_sim's chassis_control program for the lab BMC: the server is powered on, and any
# attempt to change it (power off, reset, boot device) is refused.
if [ "$1" = "get" ]; then
    for item in "$@"; do
        [ "$item" = power ] && echo "power:1"
    done
    exit 0
fi
exit 1
