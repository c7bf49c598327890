// A forked Python child inherits the accepted socket; a new Node process cannot be handed one (its
// Process arguments are structured-cloned, and sockets are not). So the server hands a connection over
// through a one-shot local link: the handler process connects to it, and the server relays bytes
// between the client's connection and that link, both ways, until either side closes.
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/** Server side: the port a handler process connects to (once) to take over `conn`. */
export async function handOver(conn: Socket): Promise<number> {
  conn.pause();
  const link = createServer((peer) => {
    link.close();
    conn.pipe(peer);
    peer.pipe(conn);
    conn.on('error', () => peer.destroy());
    peer.on('error', () => conn.destroy());
  });
  link.listen(0, '127.0.0.1');
  await once(link, 'listening');
  return (link.address() as AddressInfo).port;
}

/** Handler side: the connection the server handed over on `port`. */
export async function takeOver(port: number): Promise<Socket> {
  const conn = connect(port, '127.0.0.1');
  await once(conn, 'connect');
  return conn;
}
