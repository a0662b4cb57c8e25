#!/usr/bin/env python3
"""Writes the broker's accounts, groups and access rules before ActiveMQ starts.

Reads, from the environment (the <secret>-msgsvc-envs Secret):
  ACTIVEMQ_BASE_PASSWD  base password; account <a> logs in with <base>_<a>, the admin "system" with <base>
  ACTIVEMQ_ACCOUNTS     account names separated by ";"
  ACTIVEMQ_CHANNELS     destinations separated by ";", each name:writers:readers (accounts separated by ",")
and writes into $ACTIVEMQ_HOME/conf: users.properties and groups.properties (read by the JAAS
PropertiesLoginModule of the stock login.config) and activemq.xml, made from the activemq.xml next to
this script with the access rules in place of its AUTHORIZATION_ENTRIES marker.
Stops with a message and exit code 1 on a missing password or a channel naming an unknown account.
"""

import os
import re
import sys
from xml.sax.saxutils import quoteattr

MARKER = "<!-- AUTHORIZATION_ENTRIES -->"


def fail(message):
    sys.stderr.write("install_conf: %s\n" % message)
    sys.exit(1)


def split(text, sep):
    return [item.strip() for item in (text or "").split(sep) if item.strip()]


def parse_channels(text, accounts):
    channels = []
    for spec in split(text, ";"):
        parts = spec.split(":")
        if len(parts) != 3 or not parts[0].strip():
            fail("ACTIVEMQ_CHANNELS entry %r is not name:writers:readers" % spec)
        name, writers, readers = parts[0].strip(), split(parts[1], ","), split(parts[2], ",")
        unknown = sorted(set(writers + readers) - set(accounts))
        if unknown:
            fail("channel %s names account(s) %s that ACTIVEMQ_ACCOUNTS (%s) does not declare" % (name, ", ".join(unknown), ", ".join(accounts)))
        channels.append((name, writers, readers))
    return channels


def rule(kind, destination, read, write, admin):
    return "<authorizationEntry %s=%s read=%s write=%s admin=%s/>" % (
        kind, quoteattr(destination), quoteattr(read), quoteattr(write), quoteattr(admin))


def access_rules(channels):
    # Everything belongs to the admins; every account may use the advisory topics (consumers need them).
    rules = [
        rule("queue", ">", "admins", "admins", "admins"),
        rule("topic", ">", "admins", "admins", "admins"),
        rule("topic", "ActiveMQ.Advisory.>", "users", "users", "users"),
    ]
    for name, writers, readers in channels:
        read = ",".join(["admins"] + readers)
        write = ",".join(["admins"] + writers)
        # The destination itself and everything below it, as a queue and as a topic; "users" may create them.
        for destination in (name, name + ".>"):
            for kind in ("queue", "topic"):
                rules.append(rule(kind, destination, read, write, "admins,users"))
    return rules


def write(path, text, mode=0o600):
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    base = os.environ.get("ACTIVEMQ_BASE_PASSWD", "")
    if not base:
        fail("ACTIVEMQ_BASE_PASSWD is empty: the msgsvc-envs Secret of the secrets release must set it")
    accounts = split(os.environ.get("ACTIVEMQ_ACCOUNTS"), ";")
    if not accounts:
        fail("ACTIVEMQ_ACCOUNTS is empty: no client could log in")
    for account in accounts:
        if not re.match(r"^[A-Za-z0-9_.-]+$", account) or account == "system":
            fail("account name %r is not allowed (letters, digits, _ . - only, and not 'system')" % account)
    channels = parse_channels(os.environ.get("ACTIVEMQ_CHANNELS"), accounts)

    conf = os.path.join(os.environ.get("ACTIVEMQ_HOME", "/opt/activemq"), "conf")
    users = ["system=%s" % base] + ["%s=%s_%s" % (a, base, a) for a in accounts]
    groups = ["admins=system", "users=%s" % ",".join(accounts)] + ["%s=%s" % (a, a) for a in accounts]
    write(os.path.join(conf, "users.properties"), "\n".join(users) + "\n")
    write(os.path.join(conf, "groups.properties"), "\n".join(groups) + "\n", 0o644)

    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "activemq.xml")) as f:
        template = f.read()
    if MARKER not in template:
        fail("%s has no %s marker" % (os.path.join(here, "activemq.xml"), MARKER))
    indent = re.search(r"([ \t]*)" + re.escape(MARKER), template).group(1)
    entries = ("\n" + indent).join(access_rules(channels))
    write(os.path.join(conf, "activemq.xml"), template.replace(MARKER, entries), 0o644)
    print("install_conf: %d account(s), %d channel(s) written to %s" % (len(accounts), len(channels), conf))


if __name__ == "__main__":
    main()
