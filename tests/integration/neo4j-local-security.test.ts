import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, request } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import neo4j, { type AuthToken } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalNeo4j,
  LocalNeo4jPortTakenError,
  startLocalNeo4j,
} from '../../src/neo4j/local-neo4j.ts';

// ---------------------------------------------------------------------------------------------
// Just enough PackStream, Bolt 4.4 and WebSocket framing to talk to Neo4j the way a web page
// in a local browser could: an upgrade from a foreign Origin, then Bolt inside binary frames.

type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

function packString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length < 16) return Buffer.concat([Buffer.from([0x80 + bytes.length]), bytes]);
  if (bytes.length < 256) return Buffer.concat([Buffer.from([0xd0, bytes.length]), bytes]);
  const header = Buffer.from([0xd1, 0, 0]);
  header.writeUInt16BE(bytes.length, 1);
  return Buffer.concat([header, bytes]);
}

function pack(value: Value): Buffer {
  if (value === null) return Buffer.from([0xc0]);
  if (typeof value === 'boolean') return Buffer.from([value ? 0xc3 : 0xc2]);
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < -16 || value > 127) throw new Error('tiny ints only');
    return Buffer.from([value & 0xff]);
  }
  if (typeof value === 'string') return packString(value);
  if (Array.isArray(value)) {
    return Buffer.concat([Buffer.from([0x90 + value.length]), ...value.map(pack)]);
  }
  const entries = Object.entries(value);
  return Buffer.concat([
    Buffer.from([0xa0 + entries.length]),
    ...entries.flatMap(([key, inner]) => [packString(key), pack(inner)]),
  ]);
}

/** One Bolt message: a structure with its signature and fields, in one chunk. */
function boltMessage(signature: number, ...fields: Value[]): Buffer {
  const body = Buffer.concat([Buffer.from([0xb0 + fields.length, signature]), ...fields.map(pack)]);
  const size = Buffer.alloc(2);
  size.writeUInt16BE(body.length);
  return Buffer.concat([size, body, Buffer.from([0, 0])]);
}

class Unpacker {
  private offset = 0;
  constructor(private readonly bytes: Buffer) {}

  value(): Value {
    const marker = this.bytes.readUInt8(this.offset++);
    if (marker < 0x80) return marker;
    if (marker >= 0xf0) return marker - 0x100;
    const high = marker & 0xf0;
    if (high === 0x80) return this.string(marker & 0x0f);
    if (high === 0x90) return this.list(marker & 0x0f);
    if (high === 0xa0) return this.map(marker & 0x0f);
    if (high === 0xb0) return this.structure(marker & 0x0f);
    switch (marker) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc1:
        return this.advance(8, (at) => this.bytes.readDoubleBE(at));
      case 0xc8:
        return this.advance(1, (at) => this.bytes.readInt8(at));
      case 0xc9:
        return this.advance(2, (at) => this.bytes.readInt16BE(at));
      case 0xca:
        return this.advance(4, (at) => this.bytes.readInt32BE(at));
      case 0xcb:
        return this.advance(8, (at) => Number(this.bytes.readBigInt64BE(at)));
      case 0xd0:
        return this.string(this.advance(1, (at) => this.bytes.readUInt8(at)));
      case 0xd1:
        return this.string(this.advance(2, (at) => this.bytes.readUInt16BE(at)));
      case 0xd2:
        return this.string(this.advance(4, (at) => this.bytes.readUInt32BE(at)));
      case 0xd4:
        return this.list(this.advance(1, (at) => this.bytes.readUInt8(at)));
      case 0xd5:
        return this.list(this.advance(2, (at) => this.bytes.readUInt16BE(at)));
      case 0xd8:
        return this.map(this.advance(1, (at) => this.bytes.readUInt8(at)));
      case 0xd9:
        return this.map(this.advance(2, (at) => this.bytes.readUInt16BE(at)));
      default:
        throw new Error(`PackStream marker 0x${marker.toString(16)} not handled`);
    }
  }

  signature(): number {
    const marker = this.bytes.readUInt8(this.offset++);
    if ((marker & 0xf0) !== 0xb0) throw new Error('a Bolt message is a structure');
    return this.bytes.readUInt8(this.offset++);
  }

  private advance<T>(size: number, read: (at: number) => T): T {
    const value = read(this.offset);
    this.offset += size;
    return value;
  }

  private string(length: number): string {
    const text = this.bytes.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return text;
  }

  private list(length: number): Value[] {
    return Array.from({ length }, () => this.value());
  }

  private map(length: number): { [key: string]: Value } {
    const result: { [key: string]: Value } = {};
    for (let i = 0; i < length; i += 1) result[String(this.value())] = this.value();
    return result;
  }

  private structure(length: number): Value {
    this.offset += 1;
    return this.list(length);
  }
}

const SIGNATURES: Record<number, string> = {
  112: 'SUCCESS',
  113: 'RECORD',
  126: 'IGNORED',
  127: 'FAILURE',
};

interface BoltReply {
  type: string;
  metadata: Value;
}

/** A Bolt 4.4 session inside a WebSocket, as a browser page would open it. */
class BoltOverWebSocket {
  private incoming = Buffer.alloc(0);
  private bolt = Buffer.alloc(0);
  private replies: BoltReply[] = [];
  private waiting: (() => void) | undefined;
  closed = false;
  version: number[] | undefined;

  private constructor(private readonly socket: Duplex) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => this.markClosed());
    socket.on('error', () => this.markClosed());
  }

  /** Resolves with a session, or with the HTTP status when the upgrade is refused. */
  static open(port: number, origin: string): Promise<BoltOverWebSocket | number> {
    return new Promise((resolve, reject) => {
      const upgrade = request({
        host: '127.0.0.1',
        port,
        path: '/',
        headers: {
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          Origin: origin,
          'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
          'Sec-WebSocket-Version': '13',
        },
      });
      upgrade.on('upgrade', (_response, socket, head) => {
        const session = new BoltOverWebSocket(socket);
        if (head.length > 0) session.receive(head);
        resolve(session);
      });
      upgrade.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      upgrade.on('error', reject);
      upgrade.end();
    });
  }

  /** Offers Bolt 4.4 only; the version Neo4j picks, [0, 0, 0, 0] when none. */
  async handshake(): Promise<number[]> {
    this.send(Buffer.from([0x60, 0x60, 0xb0, 0x17, 0, 0, 4, 4, ...new Array(12).fill(0)]));
    await this.until(() => this.version !== undefined || this.closed);
    return this.version ?? [];
  }

  hello(auth: Record<string, string>): void {
    this.send(boltMessage(0x01, { user_agent: 'evil/1.0', ...auth }));
  }

  run(cypher: string): void {
    this.send(Buffer.concat([boltMessage(0x10, cypher, {}, {}), boltMessage(0x3f, { n: -1 })]));
  }

  /** The next reply, or `CLOSED` once Neo4j has hung up. */
  async reply(timeoutMs = 10_000): Promise<BoltReply> {
    await this.until(() => this.replies.length > 0 || this.closed, timeoutMs);
    return this.replies.shift() ?? { type: 'CLOSED', metadata: null };
  }

  /** Every reply until Neo4j hangs up or stays silent for `quietMs`. */
  async drain(quietMs = 1_500): Promise<BoltReply[]> {
    const seen: BoltReply[] = [];
    for (;;) {
      try {
        const next = await this.reply(quietMs);
        seen.push(next);
        if (next.type === 'CLOSED') return seen;
      } catch {
        return seen;
      }
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private send(payload: Buffer): void {
    if (this.closed) return;
    // Client frames are masked (RFC 6455 5.3); binary, final, one frame per write.
    const mask = randomBytes(4);
    const masked = Buffer.from(payload.map((byte, index) => byte ^ (mask[index % 4] ?? 0)));
    let header: Buffer;
    if (payload.length < 126) {
      header = Buffer.from([0x82, 0x80 | payload.length]);
    } else {
      header = Buffer.from([0x82, 0x80 | 126, 0, 0]);
      header.writeUInt16BE(payload.length, 2);
    }
    this.socket.write(Buffer.concat([header, mask, masked]));
  }

  private receive(chunk: Buffer): void {
    this.incoming = Buffer.concat([this.incoming, chunk]);
    for (;;) {
      if (this.incoming.length < 2) break;
      const opcode = (this.incoming[0] ?? 0) & 0x0f;
      let length = (this.incoming[1] ?? 0) & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.incoming.length < 4) break;
        length = this.incoming.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.incoming.length < 10) break;
        length = Number(this.incoming.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.incoming.length < offset + length) break;
      const payload = this.incoming.subarray(offset, offset + length);
      this.incoming = this.incoming.subarray(offset + length);
      if (opcode === 0x8) this.markClosed();
      else if (opcode === 0x2 || opcode === 0x0) this.bolt = Buffer.concat([this.bolt, payload]);
    }
    this.parseBolt();
    this.waiting?.();
  }

  private parseBolt(): void {
    if (this.version === undefined) {
      if (this.bolt.length < 4) return;
      this.version = [...this.bolt.subarray(0, 4)];
      this.bolt = this.bolt.subarray(4);
    }
    for (;;) {
      // A message is chunks (two-byte size, bytes) ending with an empty chunk.
      const parts: Buffer[] = [];
      let offset = 0;
      let complete = false;
      while (offset + 2 <= this.bolt.length) {
        const size = this.bolt.readUInt16BE(offset);
        offset += 2;
        if (size === 0) {
          complete = parts.length > 0;
          if (complete) break;
          continue;
        }
        if (offset + size > this.bolt.length) break;
        parts.push(this.bolt.subarray(offset, offset + size));
        offset += size;
      }
      if (!complete) return;
      this.bolt = this.bolt.subarray(offset);
      const unpacker = new Unpacker(Buffer.concat(parts));
      const signature = unpacker.signature();
      const type = SIGNATURES[signature] ?? `0x${signature.toString(16)}`;
      this.replies.push({ type, metadata: type === 'IGNORED' ? null : unpacker.value() });
    }
  }

  private markClosed(): void {
    this.closed = true;
    this.waiting?.();
  }

  private until(done: () => boolean, timeoutMs = 10_000): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.waiting = undefined;
        resolve();
      };
    });
  }
}

// ---------------------------------------------------------------------------------------------

let dataDir: string;
let local: LocalNeo4j;
const progress: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'dossier-neo4j-security-'));
  local = await startLocalNeo4j({
    dataDir,
    heap: '512m',
    pageCacheMb: 32,
    startTimeoutMs: 300_000,
    onProgress: (message) => progress.push(message),
  });
});

afterAll(async () => {
  await local?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function tryQuery(uri: string, auth: AuthToken, cypher = 'RETURN 1 AS one') {
  const driver = neo4j.driver(uri, auth, { connectionTimeout: 5_000, maxTransactionRetryTime: 0 });
  try {
    const result = await driver.executeQuery(cypher);
    return { ok: true as const, rows: result.records.map((record) => record.toObject()) };
  } catch (error) {
    return { ok: false as const, code: (error as { code?: string }).code ?? '' };
  } finally {
    await driver.close();
  }
}

function owner() {
  return neo4j.auth.basic(local.auth.user, local.auth.password);
}

describe('the local Neo4j lets in only the service', () => {
  it('refuses a driver without credentials, with a wrong password or with neo4j/neo4j', async () => {
    for (const auth of [
      { scheme: 'none', principal: '', credentials: '' },
      neo4j.auth.basic('neo4j', 'wrong-password'),
      neo4j.auth.basic('neo4j', 'neo4j'),
    ]) {
      const attempt = await tryQuery(local.uri, auth);
      expect(attempt).toEqual({ ok: false, code: 'Neo.ClientError.Security.Unauthorized' });
    }
    expect(await tryQuery(local.uri, owner())).toMatchObject({ ok: true });
  });

  it('never locks the service out, however many wrong passwords others try', async () => {
    for (let i = 0; i < 5; i += 1) {
      expect((await tryQuery(local.uri, neo4j.auth.basic('neo4j', `guess-${i}`))).ok).toBe(false);
    }
    expect(await tryQuery(local.uri, owner())).toMatchObject({ ok: true });
  });

  it('gets a long random password that is not in its arguments, environment or progress lines', () => {
    expect(local.auth.password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const pid = local.pid ?? 0;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    expect(cmdline).toContain('dossier.neo4j.LocalNeo4j');
    expect(cmdline).not.toContain(local.auth.password);
    expect(readFileSync(`/proc/${pid}/environ`, 'utf8')).not.toContain(local.auth.password);
    expect(progress.length).toBeGreaterThan(0);
    for (const line of progress) expect(line).not.toContain(local.auth.password);
    // The initial-password file is read once, when the system database is created.
    expect(existsSync(join(dataDir, 'data', 'dbms', 'auth.ini'))).toBe(false);
  });
});

describe('a web page speaking Bolt over a WebSocket from a foreign Origin', () => {
  async function sessionFromEvilPage(): Promise<BoltOverWebSocket | undefined> {
    const opened = await BoltOverWebSocket.open(local.port, 'http://evil.example');
    if (typeof opened === 'number') return undefined;
    expect(await opened.handshake()).toEqual([0, 0, 4, 4]);
    return opened;
  }

  function expectRefused(replies: BoltReply[]) {
    const types = replies.map((reply) => reply.type);
    expect(types).not.toContain('SUCCESS');
    expect(types).not.toContain('RECORD');
  }

  it('can open a socket but gets nothing without the password, with scheme none or basic', async () => {
    const attempts: Record<string, string>[] = [
      { scheme: 'none' },
      { scheme: 'basic', principal: 'neo4j', credentials: 'neo4j' },
      { scheme: 'basic', principal: 'neo4j', credentials: 'guessed-wrong' },
    ];
    for (const auth of attempts) {
      const session = await sessionFromEvilPage();
      if (!session) continue; // the upgrade itself was refused: even better
      try {
        session.hello(auth);
        const helloReply = await session.reply();
        expect(['FAILURE', 'CLOSED']).toContain(helloReply.type);
        if (helloReply.type === 'FAILURE') {
          expect(helloReply.metadata).toMatchObject({
            code: 'Neo.ClientError.Security.Unauthorized',
          });
        }
        session.run('MATCH (n) RETURN count(n) AS nodes');
        expectRefused(await session.drain());
      } finally {
        session.close();
      }
    }
  });

  it('gets nothing by skipping HELLO and sending a query straight away', async () => {
    const session = await sessionFromEvilPage();
    if (!session) return;
    try {
      session.run('RETURN 1 AS one');
      expectRefused(await session.drain());
    } finally {
      session.close();
    }
  });

  it('would be served with the password, so this client speaks Bolt well enough to tell', async () => {
    const session = await sessionFromEvilPage();
    // Bolt in Neo4j 5.26 upgrades any GET to a WebSocket; no setting turns that off.
    if (!session) throw new Error('Neo4j now refuses WebSocket upgrades; this test is moot');
    try {
      session.hello({ scheme: 'basic', principal: 'neo4j', credentials: local.auth.password });
      expect((await session.reply()).type).toBe('SUCCESS');
      session.run('RETURN 41 + 1 AS answer');
      expect((await session.reply()).type).toBe('SUCCESS');
      expect(await session.reply()).toEqual({ type: 'RECORD', metadata: [42] });
    } finally {
      session.close();
    }
  });
});

describe('Cypher cannot reach files or the network', () => {
  async function expectLoadRefused(url: string) {
    const attempt = await tryQuery(
      local.uri,
      owner(),
      `LOAD CSV FROM '${url}' AS row RETURN count(row) AS rows`,
    );
    expect(attempt, url).toEqual({
      ok: false,
      code: 'Neo.ClientError.Statement.ExternalResourceFailed',
    });
  }

  it('refuses LOAD CSV from a system file, even with the password', async () => {
    await expectLoadRefused('file:///etc/passwd');
  });

  it('refuses LOAD CSV from a file in the data folder, by absolute or import-relative path', async () => {
    await writeFile(join(dataDir, 'secret.csv'), 'a,b\n1,2\n');
    await writeFile(join(dataDir, 'import-disabled', 'planted.csv'), 'a,b\n1,2\n');
    await expectLoadRefused(`file://${join(dataDir, 'secret.csv')}`);
    await expectLoadRefused('file:///planted.csv');
    await expectLoadRefused('file:///../secret.csv');
  });

  it('refuses LOAD CSV from a URL, so Neo4j never connects anywhere', async () => {
    let requests = 0;
    const server = createHttpServer((_req, res) => {
      requests += 1;
      res.end('a,b\n1,2\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      await expectLoadRefused(`http://127.0.0.1:${port}/data.csv`);
      await expectLoadRefused(`http://localhost:${port}/data.csv`);
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });
});

describe('restarting the local Neo4j', () => {
  it('refuses to start on a port another process took, saying so', async () => {
    const squatter = createTcpServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const address = squatter.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const other = await mkdtemp(join(tmpdir(), 'dossier-neo4j-port-'));
    try {
      const start = startLocalNeo4j({
        dataDir: other,
        heap: '256m',
        pageCacheMb: 16,
        startTimeoutMs: 60_000,
        port,
      });
      await expect(start).rejects.toBeInstanceOf(LocalNeo4jPortTakenError);
      await expect(start).rejects.toThrow(`Port ${port}`);
    } finally {
      squatter.close();
      await rm(other, { recursive: true, force: true });
    }
  });

  it('refuses to start on a data folder another local Neo4j has open, saying which and what to do', async () => {
    const start = startLocalNeo4j({
      dataDir,
      heap: '256m',
      pageCacheMb: 16,
      startTimeoutMs: 120_000,
    });
    await expect(start).rejects.toThrow(
      `The local Neo4j's data folder ${dataDir} is in use by another process`,
    );
    await expect(start).rejects.toThrow(/Stop it first.*NEO4J_URI.*NEO4J_LOCAL_DATA_DIR/);
    // The one that has it goes on serving.
    expect(await tryQuery(local.uri, owner())).toMatchObject({ ok: true });
  });

  it('on the same data folder and port, refuses the old password and takes the new one', async () => {
    const before = local;
    await before.stop();
    local = await startLocalNeo4j({
      dataDir,
      heap: '512m',
      pageCacheMb: 32,
      startTimeoutMs: 300_000,
      port: before.port,
    });
    expect(local.uri).toBe(before.uri);
    expect(local.auth.password).not.toBe(before.auth.password);
    expect(
      await tryQuery(local.uri, neo4j.auth.basic('neo4j', before.auth.password)),
    ).toMatchObject({ ok: false, code: 'Neo.ClientError.Security.Unauthorized' });
    expect(await tryQuery(local.uri, owner())).toMatchObject({ ok: true });
    // ALTER USER went through the embedded API; no log of Neo4j's repeats the password.
    for (const name of readdirSync(join(dataDir, 'logs'))) {
      const text = readFileSync(join(dataDir, 'logs', name), 'utf8');
      expect(text, name).not.toContain(local.auth.password);
      expect(text, name).not.toContain(before.auth.password);
    }
  }, 300_000);
});
