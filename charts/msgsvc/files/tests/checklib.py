# checklib.py: what every panda-k8s helm test shares (the same file in each chart's files/tests/; a test
# checks the copies are identical). A chart's test Pod runs `python3 -c` on this file followed by its own
# check script. Python 3.6 and the standard library only: the component images carry nothing more.
#
# A check prints one "ok:" or "FAIL:" line (or "skip:" where the deployment holds no credential for it);
# the Pod exits 1 when any check failed, so `helm test` reports the Pod as failed and --logs shows why.
# Connection-level trouble (refused, timed out, 502/503/504) is retried until TEST_DEADLINE_SECONDS;
# a definite wrong answer (a refused login, alive=no, another page) fails at once.

import base64
import http.client
import json
import os
import socket
import ssl
import sys
import time
from urllib.parse import urlsplit


class CheckFailed(Exception):
    """A definite wrong answer: the check fails with this sentence."""


class Transient(Exception):
    """The service could not be reached (yet): retried until the deadline."""


def env(name, default=None):
    """An environment variable; a missing one with no default fails the check naming it."""
    value = os.environ.get(name, '')
    if value != '':
        return value
    if default is not None:
        return default
    raise CheckFailed('the test Pod has no %s (its chart wires it from the secrets release)' % name)


def seconds(name, default):
    try:
        return float(os.environ.get(name, '') or default)
    except ValueError:
        raise CheckFailed('%s must be a number of seconds, got %r' % (name, os.environ.get(name)))


def placeholder(value):
    """Whether a credential is unset: empty, or the secrets chart's FIXME left in place."""
    return value is None or value.strip() == '' or value.strip().upper() == 'FIXME'


def short(text, limit=160):
    text = ' '.join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + '…'


class Response(object):
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def json(self, what):
        try:
            return json.loads(self.body)
        except ValueError:
            raise CheckFailed('%s is not JSON (HTTP %d): %s' % (what, self.status, short(self.body or '(empty)')))


def request(method, url, headers=None, body=None, host=None):
    """One HTTP(S) request. TLS is not verified: in the cluster the Service name is not the name on the
    host certificate, and the CA is not in every image. `host` sets the Host header and the TLS server
    name, as a client outside would send them (a Django site refuses hosts it does not serve)."""
    parts = urlsplit(url)
    timeout = seconds('TEST_TIMEOUT_SECONDS', 10)
    port = parts.port or (443 if parts.scheme == 'https' else 80)
    path = parts.path or '/'
    if parts.query:
        path += '?' + parts.query
    sent = dict(headers or {})
    if host:
        sent['Host'] = host
    conn = http.client.HTTPConnection(parts.hostname, port, timeout=timeout)
    try:
        if parts.scheme == 'https':
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            sock = socket.create_connection((parts.hostname, port), timeout)
            conn.sock = context.wrap_socket(sock, server_hostname=host or parts.hostname)
        conn.request(method, path, body=body, headers=sent)
        r = conn.getresponse()
        text = r.read().decode('utf-8', 'replace')
    except ConnectionError as e:  # refused, reset, or closed before answering
        raise Transient('%s %s: %s' % (method, url, e))
    except http.client.HTTPException as e:
        raise CheckFailed('%s %s: not an HTTP answer (%s)' % (method, url, e.__class__.__name__))
    except ssl.SSLError as e:
        raise CheckFailed('%s %s: TLS failed: %s' % (method, url, e))
    except (socket.timeout, OSError) as e:
        raise Transient('%s %s: %s' % (method, url, e))
    finally:
        conn.close()
    if r.status in (502, 503, 504):
        raise Transient('%s %s: HTTP %d' % (method, url, r.status))
    return Response(r.status, r.getheaders(), text)


def basic_auth(user, password):
    return 'Basic ' + base64.b64encode(('%s:%s' % (user, password)).encode('utf-8')).decode('ascii')


def retrying(what, fn):
    """fn() until it stops raising Transient or TEST_DEADLINE_SECONDS pass; then its last trouble fails."""
    deadline = time.time() + seconds('TEST_DEADLINE_SECONDS', 120)
    pause = 1.0
    while True:
        try:
            return fn()
        except Transient as e:
            if time.time() + pause > deadline:
                raise CheckFailed('%s: no answer: %s' % (what, e))
            time.sleep(pause)
            pause = min(pause * 2, 10.0)


def run(checks):
    """Runs (title, fn) checks in order; fn returns the ok sentence, or raises CheckFailed. Exits 1 on any failure."""
    failed = 0
    for title, fn in checks:
        try:
            said = fn()
            if isinstance(said, tuple) and said[0] == 'skip':
                print('skip: %s: %s' % (title, said[1]))
            else:
                print('ok:   %s%s' % (title, ': ' + said if said else ''))
        except CheckFailed as e:
            failed += 1
            print('FAIL: %s: %s' % (title, e))
        except Exception as e:  # a bug in the check itself still names the check
            failed += 1
            print('FAIL: %s: %s: %s' % (title, e.__class__.__name__, e))
        sys.stdout.flush()
    print('result: %s' % ('%d of %d checks failed' % (failed, len(checks)) if failed else 'all %d checks passed' % len(checks)))
    sys.exit(1 if failed else 0)
