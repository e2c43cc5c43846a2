import { connect, type Socket } from 'node:net';

/** Minimal Postgres frontend messages, enough to drive the extended protocol by hand in tests. */
export const frontend = {
  startup(user: string, database: string): Buffer {
    const body = Buffer.concat([
      int32(196_608),
      cstring('user'),
      cstring(user),
      cstring('database'),
      cstring(database),
      Buffer.from([0]),
    ]);
    return Buffer.concat([int32(body.length + 4), body]);
  },
  parse: (query: string) => message('P', Buffer.concat([cstring(''), cstring(query), int16(0)])),
  bind: () => message('B', Buffer.concat([cstring(''), cstring(''), int16(0), int16(0), int16(0)])),
  describePortal: () => message('D', Buffer.concat([Buffer.from('P'), cstring('')])),
  execute: () => message('E', Buffer.concat([cstring(''), int32(0)])),
  sync: () => message('S', Buffer.alloc(0)),
};

/** A raw connection that collects everything the server sends. */
export class WireConnection {
  private received = Buffer.alloc(0);
  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => {
      this.received = Buffer.concat([this.received, chunk]);
    });
  }

  static async open(port: number): Promise<WireConnection> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new WireConnection(socket);
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Waits until the server has sent `count` ReadyForQuery messages in all. */
  async readyForQuery(count: number, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages().filter((m) => m.type === 'Z').length < count) {
      if (Date.now() > deadline) throw new Error('timed out waiting for ReadyForQuery');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Column names of every RowDescription received, and every error message. */
  columnsAndErrors(): { columns: string[]; errors: string[] } {
    const columns: string[] = [];
    const errors: string[] = [];
    for (const { type, body } of this.messages()) {
      if (type === 'T') {
        const fields = body.readInt16BE(0);
        let offset = 2;
        for (let field = 0; field < fields; field++) {
          const end = body.indexOf(0, offset);
          columns.push(body.toString('utf8', offset, end));
          offset = end + 1 + 18;
        }
      }
      if (type === 'E') errors.push(body.toString('utf8').replace(/\0/g, ' ').trim());
    }
    return { columns, errors };
  }

  close(): void {
    this.socket.destroy();
  }

  private messages(): { type: string; body: Buffer }[] {
    const out: { type: string; body: Buffer }[] = [];
    let offset = 0;
    while (offset + 5 <= this.received.length) {
      const length = this.received.readInt32BE(offset + 1);
      if (offset + 1 + length > this.received.length) break;
      out.push({
        type: String.fromCharCode(this.received[offset] ?? 0),
        body: this.received.subarray(offset + 5, offset + 1 + length),
      });
      offset += 1 + length;
    }
    return out;
  }
}

function message(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
}

function cstring(text: string): Buffer {
  return Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0])]);
}

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
}

function int16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeInt16BE(value);
  return buffer;
}
