import type { IncomingMessage } from 'node:http';

/** supertest buffers binary bodies only when told how. */
export function binary(res: unknown, done: (err: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  (res as IncomingMessage).on('data', (c: Buffer) => chunks.push(c));
  (res as IncomingMessage).on('end', () => done(null, Buffer.concat(chunks)));
}

/** RFC 4180, enough for our own output: quoted fields may hold commas, quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}
