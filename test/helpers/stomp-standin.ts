// A loopback stand-in for the ActiveMQ broker's STOMP port: accounts and channel ACLs the way
// install_conf.py makes them (<base>_<account> passwords, name:writers:readers on <name> and <name>.*),
// ActiveMQ's frames and refusal texts, and switches that break it the ways the helm test must catch.

import net from 'node:net';

export interface StompStandInOptions {
  /** login → passcode */
  accounts: Record<string, string>;
  /** name:writers:readers, as ACTIVEMQ_CHANNELS lists them */
  channels: string[];
  /** Accept every SEND but deliver nothing. */
  dropMessages?: boolean;
  /** Answer like an HTTP server, not a broker. */
  notStomp?: boolean;
}

export interface StompStandIn {
  port: number;
  /** Logins the stand-in accepted, in order. */
  logins: string[];
  /** Destinations messages were sent to. */
  sent: string[];
  close(): Promise<void>;
}

interface Frame {
  command: string;
  headers: Record<string, string>;
  body: string;
}

function encode(command: string, headers: Record<string, string>, body = ''): string {
  return `${command}\n${Object.entries(headers).map(([k, v]) => `${k}:${v}`).join('\n')}\n\n${body}\0`;
}

function parse(raw: string): Frame {
  const [head = '', ...rest] = raw.split('\n\n');
  const [command = '', ...lines] = head.split('\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    if (i > 0 && !(l.slice(0, i) in headers)) headers[l.slice(0, i)] = l.slice(i + 1);
  }
  return { command, headers, body: rest.join('\n\n') };
}

export async function startStompStandIn(options: StompStandInOptions): Promise<StompStandIn> {
  const acl = options.channels.map((c) => {
    const [name = '', writers = '', readers = ''] = c.split(':');
    return { name, writers: writers.split(','), readers: readers.split(',') };
  });
  const allowed = (user: string, destination: string, what: 'writers' | 'readers') => {
    const name = destination.replace(/^\/queue\//, '');
    return acl.some((c) => (name === c.name || name.startsWith(`${c.name}.`)) && c[what].includes(user));
  };
  const subscribers = new Map<string, Array<{ socket: net.Socket; id: string }>>();
  const logins: string[] = [];
  const sent: string[] = [];
  let seq = 0;
  const open = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    open.add(socket);
    let buf = '';
    let user: string | undefined;
    socket.on('error', () => undefined);
    socket.on('close', () => {
      open.delete(socket);
      for (const subs of subscribers.values()) for (let i = subs.length - 1; i >= 0; i--) if (subs[i]!.socket === socket) subs.splice(i, 1);
    });
    const refuse = (message: string) => {
      socket.end(encode('ERROR', { 'content-type': 'text/plain', message }, `${message}\n`));
    };
    socket.on('data', (chunk) => {
      if (options.notStomp) {
        socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      buf += chunk.toString('utf8');
      let end: number;
      while ((end = buf.indexOf('\0')) >= 0) {
        const f = parse(buf.slice(0, end).replace(/^[\r\n]+/, ''));
        buf = buf.slice(end + 1);
        const receipt = () => {
          if (f.headers['receipt']) socket.write(encode('RECEIPT', { 'receipt-id': f.headers['receipt'] }));
        };
        switch (f.command) {
          case 'CONNECT':
          case 'STOMP': {
            const login = f.headers['login'] ?? '';
            if (options.accounts[login] === undefined || options.accounts[login] !== f.headers['passcode']) {
              refuse(`User name [${login}] or password is invalid.`);
              return;
            }
            user = login;
            logins.push(login);
            socket.write(encode('CONNECTED', { server: 'ActiveMQ/5.18.3', 'heart-beat': '0,0', session: `ID:standin-${++seq}`, version: '1.2' }));
            break;
          }
          case 'SUBSCRIBE': {
            const dest = f.headers['destination'] ?? '';
            if (!user || !allowed(user, dest, 'readers')) {
              refuse(`User ${user ?? ''} is not authorized to read from: queue://${dest.replace(/^\/queue\//, '')}`);
              return;
            }
            subscribers.set(dest, [...(subscribers.get(dest) ?? []), { socket, id: f.headers['id'] ?? '0' }]);
            receipt();
            break;
          }
          case 'SEND': {
            const dest = f.headers['destination'] ?? '';
            if (!user || !allowed(user, dest, 'writers')) {
              refuse(`User ${user ?? ''} is not authorized to write to: queue://${dest.replace(/^\/queue\//, '')}`);
              return;
            }
            sent.push(dest);
            receipt();
            const target = options.dropMessages ? undefined : subscribers.get(dest)?.[0];
            if (target) {
              target.socket.write(encode('MESSAGE', { subscription: target.id, destination: dest, 'message-id': `ID:standin-${++seq}:1:1:1:1`, 'content-type': 'text/plain' }, f.body));
            }
            break;
          }
          case 'UNSUBSCRIBE':
            receipt();
            break;
          case 'DISCONNECT':
            receipt();
            socket.end();
            return;
          default:
            refuse(`Unknown STOMP action: ${f.command}`);
            return;
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    logins,
    sent,
    close: () => new Promise<void>((resolve) => {
      for (const s of open) s.destroy();
      server.close(() => resolve());
    }),
  };
}
