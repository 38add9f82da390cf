// The payload codec: ciphertext only, any listed key decrypts (rotation), and a clear refusal
// for an unknown key or altered data.
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type { Keyring } from '../../config/index.js';
import { EncryptionCodec, isEncrypted, randomKeyring } from '../../lib/codec.js';

const personal = { handle: '@asha.v', phone: '+91 98765 43210', address: 'House 12, Lane 4' };
const payload = (): Payload => defaultPayloadConverter.toPayload(personal);
const value = (p: Payload) => defaultPayloadConverter.fromPayload(p);

describe('EncryptionCodec', () => {
  it('seals the whole payload, metadata included, and opens it again', async () => {
    const codec = new EncryptionCodec(randomKeyring('k1'));
    const [sealed] = await codec.encode([payload()]);
    expect(isEncrypted(sealed)).toBe(true);
    expect(Object.keys(sealed.metadata ?? {}).sort()).toEqual(['encoding', 'encryption-key-id']);
    expect(Buffer.from(sealed.metadata?.['encryption-key-id'] ?? []).toString()).toBe('k1');
    expect(Buffer.from(sealed.data ?? []).includes('98765')).toBe(false);
    expect(Buffer.from(sealed.data ?? []).includes('json/plain')).toBe(false);
    const [opened] = await codec.decode([sealed]);
    expect(value(opened)).toEqual(personal);
  });

  it('uses a fresh IV each time: the same value never gives the same ciphertext', async () => {
    const codec = new EncryptionCodec(randomKeyring());
    const [a, b] = await codec.encode([payload(), payload()]);
    expect(Buffer.from(a.data ?? []).equals(Buffer.from(b.data ?? []))).toBe(false);
  });

  it('decrypts with any listed key after rotation, and encrypts with the first', async () => {
    const old = randomKeyring('k2026a');
    const [before] = await new EncryptionCodec(old).encode([payload()]);
    const rotated: Keyring = { current: 'k2026b', keys: new Map([['k2026b', randomBytes(32)], ...old.keys]) };
    const codec = new EncryptionCodec(rotated);
    expect(value((await codec.decode([before]))[0])).toEqual(personal);
    const [after] = await codec.encode([payload()]);
    expect(Buffer.from(after.metadata?.['encryption-key-id'] ?? []).toString()).toBe('k2026b');
  });

  it('refuses clearly a key it does not have, and altered data', async () => {
    const [sealed] = await new EncryptionCodec(randomKeyring('gone')).encode([payload()]);
    await expect(new EncryptionCodec(randomKeyring('k1')).decode([sealed])).rejects.toThrow(/key gone, which is not in ENCRYPTION_KEYS \(has: k1\)/);
    const keyring = randomKeyring('k1');
    const codec = new EncryptionCodec(keyring);
    const [good] = await codec.encode([payload()]);
    const data = Buffer.from(good.data ?? []);
    data[20] ^= 1;
    await expect(codec.decode([{ ...good, data }])).rejects.toThrow(/failed authentication with key k1/);
  });

  it('passes plaintext payloads through (cases started before encryption)', async () => {
    const plain = payload();
    expect(await new EncryptionCodec(randomKeyring()).decode([plain])).toEqual([plain]);
  });
});
