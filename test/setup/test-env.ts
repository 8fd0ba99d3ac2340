/** Names of the variables global setup hands to the test files (set before workers start). */
export const TEST_ADMIN_URL = 'SB_TEST_ADMIN_URL';
export const TEST_TEMPLATE_DB = 'SB_TEST_TEMPLATE_DB';
export const TEST_RUN_PREFIX = 'SB_TEST_RUN_PREFIX';

/** Replaces the database name of a postgres URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
