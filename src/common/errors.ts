/** A one-line, secret-free description of an error, for sync records and logs. */
export function describeError(err: unknown, secrets: Array<string | null | undefined> = []): string {
  let text = err instanceof Error ? `${err.message}` : String(err);
  const status = (err as { status?: number; statusCode?: number } | null)?.status ?? (err as { statusCode?: number } | null)?.statusCode;
  if (status && !text.includes(String(status))) text = `HTTP ${status}: ${text}`;
  for (const secret of secrets) if (secret && secret.length >= 6) text = text.split(secret).join('[redacted]');
  // Control characters (a NUL byte echoed from a bad secret, say) would make PostgreSQL refuse the text that records the error.
  return text
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 1000);
}
