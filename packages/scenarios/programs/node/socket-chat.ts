// 6.1 / 6.2 使用多进程实现socket聊天并发 — a server starts one process per connection; it echoes upper-case.
// Main is the server (6.1). It also starts the clients (6.2) as processes, scripted or typed into.
import { once, on } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { Process, input, traceNet } from '@forkscope/core';
import { handOver, takeOver } from './support/hand-over.js';

// ---- 6.1 server ----

export async function talk(linkPort: number, _clientAddr: string) {
  const conn = await takeOver(linkPort); // the connection the server accepted
  try {
    for await (const msg of conn) { // msg=conn.recv(1024); if not msg: break
      conn.write(String(msg).toUpperCase()); // conn.send(msg.upper())
    }
  } catch {
    // except Exception: break
  }
  conn.end(); // the client has gone: this handler process ends
}

async function serve(server: ReturnType<typeof createServer>, port: number, connections: number) {
  let accepted = 0;
  // while True: conn,client_addr=server.accept() — here it stops after `connections` clients.
  for await (const [conn] of on(server, 'connection') as AsyncIterable<[Socket]>) {
    const clientAddr = `${conn.remoteAddress}:${conn.remotePort}`;
    traceNet('accepted', port, clientAddr);
    const p = new Process({ target: talk, args: [await handOver(conn), clientAddr], name: `handler-${accepted + 1}` });
    p.start();
    if (++accepted === connections) break;
  }
  server.close();
}

// ---- 6.2 client ----

export async function client(port: number, script: string[] | null) {
  const client = connect(port, '127.0.0.1');
  await once(client, 'connect');
  traceNet('connected', port, `127.0.0.1:${port}`);
  const replies = client[Symbol.asyncIterator]();
  let i = 0;
  while (true) {
    let msg: string;
    if (script) { // a scripted line, shown as if typed
      if (i === script.length) break;
      msg = script[i++]!;
      console.log('>>: ' + msg);
    } else {
      msg = await input('>>: '); // typed into this process from the browser
    }
    msg = msg.trim();
    if (!msg) continue;
    if (!script && msg === 'exit') break;
    client.write(msg); // client.send(msg.encode('utf-8'))
    const reply = await replies.next(); // msg=client.recv(1024)
    if (reply.done) break;
    console.log(String(reply.value)); // print(msg.decode('utf-8'))
  }
  client.end();
  traceNet('closed', port, `127.0.0.1:${port}`);
}

export async function main({ clients = 2, messages = ['hello', '', 'ni hao'], interactive = false }) {
  const server = createServer();
  server.listen(0, '127.0.0.1'); // the seed binds 8080; port 0 lets the kernel pick a free one
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  traceNet('listening', port);

  for (let i = 1; i <= clients; i++) {
    const c = new Process({ target: client, args: [port, interactive ? null : messages], name: `client-${i}` });
    c.start();
  }
  await serve(server, port, clients);
}
