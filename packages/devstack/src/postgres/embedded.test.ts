import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../ports';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded';
import { frontend, WireConnection } from './wire-protocol.test-kit';

let postgres: EmbeddedPostgres;
let port: number;

beforeAll(async () => {
  port = await freePort();
  postgres = await startEmbeddedPostgres({ port });
});

afterAll(async () => {
  await postgres.stop();
});

const pause = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('the embedded Postgres server', () => {
  // All connections share one PGlite session. A client's Parse ... Sync must run as one unit:
  // if another connection's Parse lands between them, it replaces the unnamed statement and
  // the first client executes the other's query (or finds no statement at all).
  it('never lets another connection in between a Parse and its Sync', async () => {
    const first = await WireConnection.open(port);
    const second = await WireConnection.open(port);
    try {
      first.send(frontend.startup('postgres', 'postgres'));
      second.send(frontend.startup('postgres', 'postgres'));
      await first.readyForQuery(1);
      await second.readyForQuery(1);

      first.send(frontend.parse('select 1 as first_column'));
      await pause();
      second.send(frontend.parse('select 2 as second_column'));
      await pause();
      first.send(
        Buffer.concat([frontend.bind(), frontend.describePortal(), frontend.execute(), frontend.sync()]),
      );
      second.send(
        Buffer.concat([frontend.bind(), frontend.describePortal(), frontend.execute(), frontend.sync()]),
      );
      await first.readyForQuery(2);
      await second.readyForQuery(2);

      expect(first.columnsAndErrors()).toEqual({ columns: ['first_column'], errors: [] });
      expect(second.columnsAndErrors()).toEqual({ columns: ['second_column'], errors: [] });
    } finally {
      first.close();
      second.close();
    }
  });
});
