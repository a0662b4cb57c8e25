# stomp.py: the msgsvc helm test. A STOMP CONNECT with each configured account (password
# <base>_<account>, as the broker's accounts are made), then one message sent by a writer of a PanDA
# queue and received by one of its readers. The message goes to <queue>.panda-k8s-test: the same
# authorization entry (<queue>.>) as the queue PanDA uses, without a consumer such as JEDI taking it.
#   STOMP_HOST, STOMP_PORT     the broker's Service
#   ACTIVEMQ_ACCOUNTS          account names, ";"-separated (the broker reads the same Secret)
#   ACTIVEMQ_BASE_PASSWD       base password
#   ACTIVEMQ_CHANNELS          name:writers:readers, ";"-separated
#   TEST_QUEUE                 the channel to send on ("" for the first one a configured account writes and reads)
#   MESSAGE_WAIT_SECONDS       how long the reader waits for the message (default 20)

import uuid


class Stomp(object):
    """A minimal STOMP 1.2 client: frames over one socket, no heart-beats."""

    def __init__(self, host, port, timeout):
        try:
            self.sock = socket.create_connection((host, port), timeout)
        except (socket.timeout, OSError) as e:
            raise Transient('connect to %s:%s: %s' % (host, port, e))
        self.sock.settimeout(timeout)
        self.buf = b''

    def send(self, command, headers, body=''):
        lines = [command] + ['%s:%s' % (k, v) for k, v in headers]
        self.sock.sendall(('\n'.join(lines) + '\n\n' + body).encode('utf-8') + b'\0')

    def frame(self, timeout=None):
        """The next frame as (command, headers, body); raises socket.timeout, or CheckFailed when the
        broker closes the connection or says something that is not STOMP."""
        if timeout is not None:
            self.sock.settimeout(timeout)
        while True:
            self.buf = self.buf.lstrip(b'\r\n')  # heart-beat EOLs between frames
            end = self.buf.find(b'\0')
            if end >= 0:
                raw, self.buf = self.buf[:end], self.buf[end + 1:]
                return parse_frame(raw)
            chunk = self.sock.recv(65536)
            if not chunk:
                raise CheckFailed('the broker closed the connection%s' % (' after %r' % short(self.buf.decode('utf-8', 'replace')) if self.buf else ''))
            self.buf += chunk
            if len(self.buf) > 4 and not self.buf[:1].isalpha():
                raise CheckFailed('the answer is not a STOMP frame: %r' % self.buf[:60])

    def close(self):
        try:
            self.send('DISCONNECT', [])
        except OSError:
            pass
        self.sock.close()


def parse_frame(raw):
    text = raw.decode('utf-8', 'replace')
    head, _, body = text.partition('\n\n')
    lines = head.replace('\r\n', '\n').split('\n')
    command = lines[0]
    if command not in ('CONNECTED', 'ERROR', 'MESSAGE', 'RECEIPT'):
        raise CheckFailed('the answer is not a STOMP frame: %r' % short(text, 60))
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(':')
        headers.setdefault(k, v.replace('\\c', ':').replace('\\n', '\n').replace('\\\\', '\\'))
    return command, headers, body


def refusal(headers, body):
    return short(headers.get('message') or body.split('\n')[0] or 'no reason given')


def login(account, password):
    s = Stomp(env('STOMP_HOST'), int(env('STOMP_PORT', '61613')), seconds('TEST_TIMEOUT_SECONDS', 10))
    try:
        s.send('CONNECT', [('accept-version', '1.1,1.2'), ('host', '/'), ('login', account), ('passcode', password), ('heart-beat', '0,0')])
        command, headers, body = s.frame()
    except socket.timeout:
        s.sock.close()
        raise CheckFailed('the broker did not answer CONNECT as %s' % account)
    except CheckFailed:
        s.sock.close()
        raise
    if command == 'CONNECTED':
        return s, headers
    s.sock.close()
    raise CheckFailed('CONNECT as %s refused: %s' % (account, refusal(headers, body)))


def expect_receipt(s, receipt, what):
    try:
        while True:
            command, headers, body = s.frame()
            if command == 'RECEIPT' and headers.get('receipt-id') == receipt:
                return
            if command == 'ERROR':
                raise CheckFailed('%s refused: %s' % (what, refusal(headers, body)))
    except socket.timeout:
        raise CheckFailed('%s: the broker sent no receipt' % what)


ACCOUNTS = [a for a in os.environ.get('ACTIVEMQ_ACCOUNTS', '').split(';') if a]
CHANNELS = []
for spec in os.environ.get('ACTIVEMQ_CHANNELS', '').split(';'):
    if spec.count(':') == 2:
        name, writers, readers = spec.split(':')
        CHANNELS.append((name, [w for w in writers.split(',') if w], [r for r in readers.split(',') if r]))


def password(account):
    return '%s_%s' % (env('ACTIVEMQ_BASE_PASSWD'), account)


def connect_check(account):
    def check():
        s, headers = retrying('CONNECT as %s' % account, lambda: login(account, password(account)))
        s.close()
        server = headers.get('server', '')
        return 'STOMP %s%s' % (headers.get('version', '1.0'), ', ' + server if server else '')
    return check


def pick_channel():
    wanted = os.environ.get('TEST_QUEUE', '')
    usable = [(n, [w for w in ws if w in ACCOUNTS], [r for r in rs if r in ACCOUNTS]) for n, ws, rs in CHANNELS]
    if wanted:
        for n, ws, rs in usable:
            if n == wanted:
                if not ws or not rs:
                    raise CheckFailed('queue %s has no configured account among its writers and readers' % n)
                return n, ws[0], rs[0]
        raise CheckFailed('TEST_QUEUE %s is not one of the broker\'s channels (%s)' % (wanted, ', '.join(n for n, _, _ in CHANNELS)))
    for n, ws, rs in usable:
        if ws and rs:
            return n, ws[0], rs[0]
    raise CheckFailed('no channel has a configured account to write and one to read (ACTIVEMQ_CHANNELS)')


def round_trip():
    queue, writer, reader = pick_channel()
    destination = '/queue/%s.panda-k8s-test' % queue
    nonce = str(uuid.uuid4())
    wait = seconds('MESSAGE_WAIT_SECONDS', 20)
    sub, _ = retrying('CONNECT as %s' % reader, lambda: login(reader, password(reader)))
    pub = None
    try:
        sub.send('SUBSCRIBE', [('id', '0'), ('destination', destination), ('ack', 'auto'), ('receipt', 'subscribed')])
        expect_receipt(sub, 'subscribed', 'SUBSCRIBE to %s as %s' % (destination, reader))
        pub = sub if writer == reader else retrying('CONNECT as %s' % writer, lambda: login(writer, password(writer))[0])
        pub.send('SEND', [('destination', destination), ('content-type', 'text/plain'), ('receipt', 'sent'), ('persistent', 'false')], nonce)
        expect_receipt(pub, 'sent', 'SEND to %s as %s' % (destination, writer))
        deadline = time.time() + wait
        while True:
            left = deadline - time.time()
            if left <= 0:
                raise CheckFailed('the message %s sent to %s did not reach %s within %gs' % (writer, destination, reader, wait))
            try:
                command, headers, body = sub.frame(timeout=left)
            except socket.timeout:
                continue
            if command == 'ERROR':
                raise CheckFailed('while %s waited for the message: %s' % (reader, refusal(headers, body)))
            if command == 'MESSAGE' and body == nonce:
                return '%s sent, %s received on %s' % (writer, reader, destination)
    finally:
        if pub is not None and pub is not sub:
            pub.close()
        sub.close()


if not ACCOUNTS:
    print('FAIL: accounts: ACTIVEMQ_ACCOUNTS is empty: the broker has no account to log in with')
    sys.exit(1)
run([('STOMP CONNECT as %s' % a, connect_check(a)) for a in ACCOUNTS] + [('SEND and receive on a PanDA queue', round_trip)])
