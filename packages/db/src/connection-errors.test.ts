import { describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { errorReason, redactDatabaseUrl, unreachablePostgresMessage } from './connection-errors';

describe('redactDatabaseUrl', () => {
  it('drops the password and query string, keeps user, host, port and database', () => {
    expect(redactDatabaseUrl('postgres://trader:s3cret@db.internal:6543/ot?sslmode=require&password=x')).toBe(
      'postgres://trader@db.internal:6543/ot',
    );
  });

  it('never echoes an unparseable URL (it may hold a password)', () => {
    expect(redactDatabaseUrl('not a url with secret')).toBe('<unparseable URL>');
  });
});

describe('errorReason', () => {
  it('uses the code when the message is empty (pg AggregateError)', () => {
    expect(errorReason(Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
  });

  it('keeps it on one line', () => {
    expect(unreachablePostgresMessage('postgres://u:pw@h/d', new Error('a\nb'))).toBe(
      'Cannot connect to the PostgreSQL server at DATABASE_URL (postgres://u@h/d): a b',
    );
  });
});

describe('openDatabase failures', () => {
  it('names DATABASE_URL in one line without the password when the server is unreachable', async () => {
    const error: unknown = await openDatabase({
      databaseUrl: 'postgres://u:secret@127.0.0.1:1/x',
      dataDir: 'unused',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toBe(
      'Cannot connect to the PostgreSQL server at DATABASE_URL (postgres://u@127.0.0.1:1/x): connect ECONNREFUSED 127.0.0.1:1',
    );
    expect(message).not.toContain('secret');
    expect(message).not.toContain('\n');
  });
});
