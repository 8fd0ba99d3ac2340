import { SecretCipher } from '../../src/common/secret-cipher.js';
import { Workspace } from '../../src/entities/index.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('vendor secrets at rest', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(() => db.drop());

  it('the table holds AES-GCM ciphertext that decrypts to the secret, and entities do not load it by default', async () => {
    const cipher = new SecretCipher(testConfig());
    const apiKey = 'sk_test_elevenlabs_0123456789';
    const token = 'twilio-auth-token-0123456789abcdef';
    const ws = await db.ds.getRepository(Workspace).save({
      name: 'Secretive',
      slug: 'secretive',
      elevenlabsApiKeyEncrypted: cipher.encrypt(apiKey),
      twilioAuthTokenEncrypted: cipher.encrypt(token),
    });

    const [raw] = await db.ds.query('SELECT * FROM workspaces WHERE id = $1', [ws.id]);
    const everything = JSON.stringify(raw);
    expect(everything).not.toContain(apiKey);
    expect(everything).not.toContain(token);
    expect(raw.elevenlabs_api_key_encrypted).toMatch(/^v1:/);
    expect(cipher.decrypt(raw.elevenlabs_api_key_encrypted)).toBe(apiKey);
    expect(cipher.decrypt(raw.twilio_auth_token_encrypted)).toBe(token);

    const loaded = await db.ds.getRepository(Workspace).findOneByOrFail({ id: ws.id });
    expect(loaded.elevenlabsApiKeyEncrypted).toBeUndefined();
    expect(loaded.twilioAuthTokenEncrypted).toBeUndefined();
  });
});
