#!/usr/bin/env python3
"""Runs a command and reports its wall time and the peak RSS of the process tree it waited for.

    timecmd.py RESULT_FILE -- CMD ARG...

The command's stdout and stderr pass through; RESULT_FILE gets one line
`wall_s=<seconds> maxrss_kb=<KiB> rc=<exit code>`. Exits with the command's exit code.
"""

import resource
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    result_file, cmd = sys.argv[1], sys.argv[3:]
    start = time.perf_counter()
    rc = subprocess.call(cmd)
    wall = time.perf_counter() - start
    # ru_maxrss of RUSAGE_CHILDREN: the largest RSS among waited-for descendants, in KiB on Linux.
    maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(result_file, "w", encoding="utf-8") as f:
        f.write(f"wall_s={wall:.3f} maxrss_kb={maxrss} rc={rc}\n")
    return rc


if __name__ == "__main__":
    sys.exit(main())
