import { describeFailure } from './database-probe.js';

const URL_ = 'postgres://app:s3cret-pw@db.internal:6543/simbiosia';

describe('describeFailure', () => {
  it('names DATABASE_URL, host and port, and the network reason', () => {
    const err = Object.assign(new Error('getaddrinfo ENOTFOUND db.internal'), { code: 'ENOTFOUND' });
    expect(describeFailure(URL_, err, 10_000)).toBe('Cannot reach the database at DATABASE_URL (db.internal:6543): getaddrinfo ENOTFOUND db.internal');
  });

  it('says how long it waited on a timeout, and which setting says so', () => {
    expect(describeFailure(URL_, new Error('Connection terminated due to connection timeout'), 10_000)).toBe(
      'Cannot reach the database at DATABASE_URL (db.internal:6543): no answer within 10 s (DATABASE_CONNECT_TIMEOUT_MS)',
    );
  });

  it("reads Node's empty-message AggregateError of a refused dual-stack connect", () => {
    const err = Object.assign(new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:6543'), { code: 'ECONNREFUSED' })], ''), { code: 'ECONNREFUSED' });
    expect(describeFailure('postgres://localhost:6543/x', err, 10_000)).toBe('Cannot reach the database at DATABASE_URL (localhost:6543): connect ECONNREFUSED ::1:6543');
  });

  it("reports the server's refusal (SQLSTATE) and never the password, even if a message held it", () => {
    const err = Object.assign(new Error('password authentication failed for user "app" (tried s3cret-pw)'), { code: '28P01' });
    const line = describeFailure(URL_, err, 10_000);
    expect(line).toBe('The database at DATABASE_URL (db.internal:6543) refused the connection: password authentication failed for user "app" (tried ***)');
  });

  it('defaults the port to 5432', () => {
    expect(describeFailure('postgres://db.internal/x', new Error('boom'), 10_000)).toContain('(db.internal:5432)');
  });
});
