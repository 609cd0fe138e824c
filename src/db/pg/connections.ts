import type pg from 'pg';

const READ_BEGIN = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/**
 * The pool's connections, each ready for the next read before it is asked for: when a read ends,
 * its ROLLBACK and the next read's BEGIN go together in one round trip after the answer is sent,
 * so that a read costs only its own statements. Beginning early reads nothing early: a REPEATABLE
 * READ transaction takes its snapshot at its first statement, not at BEGIN, and holds no lock
 * until then. Whatever else takes a connection leaves that transaction first. A read of one
 * statement needs no transaction: it leaves the connection outside one.
 */
export class PgConnections {
  /** Connections waiting inside a begun read transaction that has run nothing yet. */
  private readonly begun = new WeakSet<pg.PoolClient>();

  constructor(private readonly pool: pg.Pool) {}

  /**
   * A connection to read on, and how to give it back: inside a REPEATABLE READ, READ ONLY
   * transaction; or, for a read of one statement, as it comes (a statement sees one snapshot by
   * itself), left out of any transaction when given back.
   */
  async forRead(oneStatement = false): Promise<ReadLease> {
    if (oneStatement) {
      const { client, leaveRead } = await this.take();
      return { client, end: (broken) => this.endStatement(client, leaveRead !== '', broken) };
    }
    const client = await this.pool.connect();
    if (!this.begun.delete(client)) {
      try {
        await client.query(READ_BEGIN);
      } catch (error) {
        client.release(isConnectionLost(error));
        throw error;
      }
    }
    return { client, end: (broken) => this.endRead(client, broken) };
  }

  /**
   * A connection for anything but a read, and the SQL to send before (or with) its first
   * statement to leave a read begun on it: empty when there is none.
   */
  async take(): Promise<{ client: pg.PoolClient; leaveRead: string }> {
    const client = await this.pool.connect();
    return { client, leaveRead: this.begun.delete(client) ? 'ROLLBACK; ' : '' };
  }

  /** A connection outside any transaction. */
  async plain(): Promise<pg.PoolClient> {
    const { client, leaveRead } = await this.take();
    if (leaveRead) {
      try {
        await client.query('ROLLBACK');
      } catch (error) {
        client.release(isConnectionLost(error));
        throw error;
      }
    }
    return client;
  }

  /** Ends a read and begins the next, without making the reader wait for either. */
  private endRead(client: pg.PoolClient, broken = false): void {
    if (broken) {
      client.release(true);
      return;
    }
    client.query(`ROLLBACK; ${READ_BEGIN}`).then(
      () => {
        this.begun.add(client);
        client.release();
      },
      // Its state unknown, the connection is not handed out again.
      () => client.release(true),
    );
  }

  /** Ends a read of one statement: out of the transaction it ran in, if it ran in one. */
  private endStatement(client: pg.PoolClient, inRead: boolean, broken = false): void {
    if (broken || !inRead) {
      client.release(broken);
      return;
    }
    client.query('ROLLBACK').then(
      () => client.release(),
      () => client.release(true),
    );
  }
}

/** A connection lent for a read; `end` gives it back (`broken`: it is not to be used again). */
export type ReadLease = { client: pg.PoolClient; end: (broken?: boolean) => void };

export function isConnectionLost(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('08') || code.startsWith('57P0'));
}
