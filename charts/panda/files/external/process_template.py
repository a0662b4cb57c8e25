#!/usr/bin/env python3
"""Fills the ${NAME} placeholders of the PanDA sandbox files from the environment.

Usage: process_template.py DIR

In DIR (the copy of the sandbox the services read, /data/panda):
  - every NAME.template becomes NAME (written again at each start, so it follows the Secrets);
  - every *.json holding a ${NAME} placeholder (the message-broker configurations) is filled in place.
A placeholder without its variable is left as it is and named on stderr, so a missing Secret key shows
in the pod log instead of as a silent empty value. Rendered files are private to the container user.
"""

import glob
import os
import re
import sys

PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def fill(text, missing):
    def value(match):
        name = match.group(1)
        if name in os.environ:
            return os.environ[name]
        missing.add(name)
        return match.group(0)
    return PLACEHOLDER.sub(value, text)


def render(source, target, missing):
    with open(source) as f:
        text = f.read()
    out = fill(text, missing)
    tmp = target + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(out)
    os.replace(tmp, target)


def main(directory):
    missing = set()
    done = []
    for source in sorted(glob.glob(os.path.join(directory, "*.template"))):
        target = source[: -len(".template")]
        render(source, target, missing)
        done.append(os.path.basename(target))
    for source in sorted(glob.glob(os.path.join(directory, "*.json"))):
        with open(source) as f:
            if "${" not in f.read():
                continue
        render(source, source, missing)
        done.append(os.path.basename(source))
    print("process_template: filled %s" % (", ".join(done) or "nothing"))
    if missing:
        sys.stderr.write("process_template: no environment variable for %s (left as placeholders)\n" % ", ".join(sorted(missing)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
