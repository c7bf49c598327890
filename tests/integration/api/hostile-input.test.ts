// Hostile input against a real server: bad frames on raw TCP, bad messages, floods, oversize frames,
// cross-site handshakes. After each the server still answers with the same pid, and nothing was spawned.
import { connect as tcpConnect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '@forkscope/protocol';
import { startTestServer, type TestServer } from './support/server.js';
import { connect, upgradeStatus, withRef } from './support/ws-client.js';

/** A raw TCP WebSocket: handshake by hand, then any bytes. Resolves the close code the server sends (or 1006 for none). */
async function rawSession(port: number, frame: Buffer): Promise<number> {
  const socket = tcpConnect(port, '127.0.0.1');
  socket.on('error', () => {});
  let buffered = Buffer.alloc(0);
  let handshakeDone = false;
  let wake: () => void = () => {};
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    wake();
  });
  const waitData = (): Promise<void> => new Promise<void>((resolve) => (wake = resolve));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(
    `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  while (!handshakeDone) {
    await waitData();
    const end = buffered.indexOf('\r\n\r\n');
    if (end !== -1) {
      expect(buffered.subarray(0, 12).toString()).toBe('HTTP/1.1 101');
      buffered = buffered.subarray(end + 4);
      handshakeDone = true;
    }
  }
  socket.write(frame);
  const code = await Promise.race([closeCode(socket, () => buffered, waitData), closed.then(() => scan(buffered) ?? 1006)]);
  socket.destroy();
  return code;
}

async function closeCode(_socket: Socket, data: () => Buffer, waitData: () => Promise<void>): Promise<number> {
  for (;;) {
    const code = scan(data());
    if (code !== null) return code;
    await waitData();
  }
}

/** The status code of the first close frame in `buffer` (server frames are unmasked), or null. */
function scan(buffer: Buffer): number | null {
  let offset = 0;
  while (offset + 2 <= buffer.length) {
    const opcode = buffer[offset]! & 0x0f;
    let length = buffer[offset + 1]! & 0x7f;
    let header = 2;
    if (length === 126) {
      if (offset + 4 > buffer.length) return null;
      length = buffer.readUInt16BE(offset + 2);
      header = 4;
    } else if (length === 127) {
      if (offset + 10 > buffer.length) return null;
      length = Number(buffer.readBigUInt64BE(offset + 2));
      header = 10;
    }
    if (offset + header + length > buffer.length) return null;
    if (opcode === 0x8) return length >= 2 ? buffer.readUInt16BE(offset + header) : 1005;
    offset += header + length;
  }
  return null;
}

function maskedFrame(firstByte: number, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([firstByte, 0x80 | payload.length]), mask, masked]);
}

async function expectHealthy(server: TestServer): Promise<void> {
  const probe = await connect(server.wsUrl);
  const hello = await probe.waitFor((m) => m.type === 'hello');
  expect(hello).toMatchObject({ serverPid: process.pid });
  await probe.close();
  expect(server.spawns()).toBe(0);
}

describe('hostile frames on raw TCP', () => {
  it.each([
    ['an unmasked frame', 1002, Buffer.from([0x81, 0x02, 0x68, 0x69])],
    ['a reserved opcode (0x3)', 1002, maskedFrame(0x83, Buffer.from('x'))],
    ['RSV1 set without an extension', 1002, maskedFrame(0xc1, Buffer.from('x'))],
    ['invalid UTF-8 in a text frame', 1007, maskedFrame(0x81, Buffer.from([0xc3, 0x28, 0xff]))],
    ['a 2^40-byte length', 1009, Buffer.concat([Buffer.from([0x82, 0xff]), Buffer.from([0, 0, 1, 0, 0, 0, 0, 0]), randomBytes(4)])],
  ])('%s → close %i, server unharmed', async (_what, code, frame) => {
    const server = await startTestServer();
    expect(await rawSession(server.port, frame)).toBe(code);
    await expectHealthy(server);
  });
});

describe('hostile messages', () => {
  it('answers malformed JSON and wrong types with errors naming the field, and spawns nothing', async () => {
    const server = await startTestServer();
    const client = await connect(server.wsUrl);
    const bad: [string, string, string][] = [
      ['{', 'ERR_BAD_JSON', '(message)'],
      ['[]', 'ERR_BAD_MESSAGE', '(message)'],
      ['{"type":1}', 'ERR_BAD_MESSAGE', 'type'],
      ['{"type":"rm -rf"}', 'ERR_UNKNOWN_TYPE', 'type'],
      ['{"type":"run","scenario":"../../bin/sh"}', 'ERR_UNKNOWN_SCENARIO', 'scenario'],
      ['{"type":"run","scenario":"join","params":{"join":"$(reboot)"}}', 'ERR_BAD_PARAM', 'params.join'],
      ['{"type":"run","scenario":"join","params":{"argv":["sh","-c","id"]}}', 'ERR_UNKNOWN_PARAM', 'params.argv'],
      ['{"type":"run","scenario":"join","params":{},"command":["sh"]}', 'ERR_BAD_MESSAGE', 'command'],
      ['{"type":"watch","runId":"x","fromSeq":"0"}', 'ERR_BAD_MESSAGE', 'fromSeq'],
      ['{"type":"input","runId":"x","pid":-1,"text":"a"}', 'ERR_BAD_MESSAGE', 'pid'],
    ];
    const errorCount = (): number => client.messages.filter((m) => m.type === 'error').length;
    for (const [text, code, field] of bad) {
      const seen = errorCount();
      client.send(text);
      await client.waitFor(() => errorCount() > seen);
      expect(client.messages.filter((m) => m.type === 'error').at(-1), text).toMatchObject({ type: 'error', code, field });
    }
    await client.close();
    await expectHealthy(server);
  });

  it('closes a client sending 10 000 messages in a second with 1008 after one rate-limit error', async () => {
    const server = await startTestServer();
    const client = await connect(server.wsUrl);
    for (let i = 0; i < 10_000; i++) client.send({ type: 'run', scenario: 'no-such-scenario' });
    expect((await client.closed).code).toBe(1008);
    const errors = client.messages.filter((m): m is Extract<ServerMessage, { type: 'error' }> => m.type === 'error');
    expect(errors.filter((e) => e.code === 'ERR_RATE_LIMITED')).toHaveLength(1);
    expect(errors.filter((e) => e.code === 'ERR_UNKNOWN_SCENARIO').length).toBeLessThanOrEqual(41);
    await expectHealthy(server);
  });

  it('closes a 1 MiB frame with 1009 and leaves other connections alone', async () => {
    const server = await startTestServer();
    const bystander = await connect(server.wsUrl);
    const client = await connect(server.wsUrl);
    client.send('x'.repeat(1024 * 1024));
    expect((await client.closed).code).toBe(1009);
    bystander.send({ type: 'watch', runId: 'nothing-here', ref: 'still' });
    expect(await bystander.waitFor(withRef('still'))).toMatchObject({ code: 'ERR_UNKNOWN_RUN' });
    await bystander.close();
    await expectHealthy(server);
  });
});

describe('cross-site handshakes', () => {
  it.each([
    ['a foreign Origin', { origin: 'http://evil.example' }],
    ['Origin: null', { origin: 'null' }],
    ['a DNS-rebinding Host', { headers: { host: 'evil.example:3000' } }],
  ])('%s → 403, nothing opened', async (_what, options) => {
    const server = await startTestServer();
    expect(await upgradeStatus(server.wsUrl, options)).toBe(403);
    expect(server.app.websocketServer.clients.size).toBe(0);
    await expectHealthy(server);
  });
});
