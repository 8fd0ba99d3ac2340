import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { SecretCipher } from './secret-cipher.js';

const cipherWith = (key: Buffer) => new SecretCipher({ secrets: { encryptionKey: key } } as AppConfig);

describe('SecretCipher', () => {
  const cipher = cipherWith(randomBytes(32));

  it('round-trips and never stores the plaintext', () => {
    const secret = 'sk_live_1234567890abcdef';
    const stored = cipher.encrypt(secret);
    expect(stored).toMatch(/^v1:/);
    expect(stored).not.toContain(secret);
    expect(cipher.decrypt(stored)).toBe(secret);
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('refuses a tampered ciphertext and a different key', () => {
    const stored = cipher.encrypt('secret-value');
    const parts = stored.split(':');
    const body = Buffer.from(parts[3], 'base64');
    body[0] ^= 0xff;
    parts[3] = body.toString('base64');
    expect(() => cipher.decrypt(parts.join(':'))).toThrow();
    expect(() => cipherWith(randomBytes(32)).decrypt(stored)).toThrow();
    expect(() => cipher.decrypt('plaintext')).toThrow(/v1/);
  });
});
