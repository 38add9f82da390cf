// The payload codec: ciphertext only, sealed with an HKDF sub-key of the master key (older
// payloads without the marker open with the master key), any listed key decrypts (rotation),
// a clear refusal for an unknown key, altered data and plaintext, and failures sealed too.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  decodeOptionalFailureToOptionalError,
  encodeErrorToFailure,
  loadDataConverter,
} from '@temporalio/common/lib/internal-non-workflow/index.js';
import proto from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import type { Keyring } from '../../config/index.js';
import { REFUSED_PAYLOAD_KEY, refusalOf } from '../../contract/refused-payload.js';
import { DB_KEY_INFO } from '../../lib/crypto/field-crypto.js';
import {
  dataConverter,
  EncryptionCodec,
  FAILURE_CONVERTER_PATH,
  isEncrypted,
  PAYLOAD_KEY_DERIVATION,
  PAYLOAD_KEY_INFO,
  randomKeyring,
} from '../../lib/temporal/codec.js';

const personal = { handle: '@asha.v', phone: '+91 98765 43210', address: 'House 12, Lane 4' };
const payload = (): Payload => defaultPayloadConverter.toPayload(personal);
const value = (p: Payload) => defaultPayloadConverter.fromPayload(p);

describe('EncryptionCodec', () => {
  it('seals the whole payload, metadata included, and opens it again', async () => {
    const codec = new EncryptionCodec(randomKeyring('k1'));
    const [sealed] = await codec.encode([payload()]);
    expect(isEncrypted(sealed)).toBe(true);
    expect(Object.keys(sealed.metadata ?? {}).sort()).toEqual([
      'encoding',
      'encryption-key-derivation',
      'encryption-key-id',
    ]);
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
    await expect(new EncryptionCodec(randomKeyring('k1')).decode([sealed])).rejects.toThrow(
      /key gone, which is not in ENCRYPTION_KEYS \(has: k1\)/,
    );
    const keyring = randomKeyring('k1');
    const codec = new EncryptionCodec(keyring);
    const [good] = await codec.encode([payload()]);
    const data = Buffer.from(good.data ?? []);
    data[20] ^= 1;
    await expect(codec.decode([{ ...good, data }])).rejects.toThrow(/failed authentication with key k1/);
  });

  it('refuses a payload that is not encrypted with a ValueError that shows no data', async () => {
    const error = await new EncryptionCodec(randomKeyring()).decode([payload()]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('ValueError');
    expect((error as Error).message).toMatch(
      /refused a payload that is not encrypted.*CODEC_ACCEPT_LEGACY_PAYLOADS.*\(encoding json\/plain\)/,
    );
    expect((error as Error).message).not.toContain('98765');
  });

  it("hands the worker's workflows a refusal marker for plaintext instead of throwing", async () => {
    const [marked] = await new EncryptionCodec(randomKeyring(), { plaintext: 'mark' }).decode([payload()]);
    const value = defaultPayloadConverter.fromPayload(marked);
    expect(Object.keys(value as object)).toEqual([REFUSED_PAYLOAD_KEY]);
    expect(refusalOf(value)).toMatch(/refused a payload that is not encrypted/);
    expect(JSON.stringify(value)).not.toContain('98765');
    // A real value is never taken for a refusal.
    expect(refusalOf(personal)).toBeUndefined();
  });

  it('lets plaintext through only when told to (CODEC_ACCEPT_LEGACY_PAYLOADS, the display endpoint)', async () => {
    const plain = payload();
    expect(await new EncryptionCodec(randomKeyring(), { plaintext: 'accept' }).decode([plain])).toEqual([plain]);
  });
});

describe('the payload sub-key', () => {
  const keyring = randomKeyring('k1');
  const master = keyring.keys.get('k1') as Buffer;
  const openWith = (key: Buffer, sealed: Payload) => {
    const data = Buffer.from(sealed.data ?? []);
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
    decipher.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
  };
  const hkdf = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));

  it('seals new payloads with an HKDF sub-key of the master key, named in the metadata', async () => {
    const [sealed] = await new EncryptionCodec(keyring).encode([payload()]);
    expect(Buffer.from(sealed.metadata?.['encryption-key-derivation'] ?? []).toString()).toBe(PAYLOAD_KEY_DERIVATION);
    expect(PAYLOAD_KEY_DERIVATION).toBe(`hkdf-sha256:${PAYLOAD_KEY_INFO}`);
    const plain = openWith(hkdf(PAYLOAD_KEY_INFO), sealed);
    expect(value(proto.temporal.api.common.v1.Payload.decode(plain) as Payload)).toEqual(personal);
    // Neither the master key itself nor the database's sub-key opens it.
    expect(() => openWith(master, sealed)).toThrow();
    expect(() => openWith(hkdf(DB_KEY_INFO), sealed)).toThrow();
    expect(PAYLOAD_KEY_INFO).not.toBe(DB_KEY_INFO);
  });

  it('opens a payload sealed before the sub-key (no marker) with the master key', async () => {
    // As the codec sealed payloads before this change: the master key, two metadata entries.
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', master, iv);
    const plain = proto.temporal.api.common.v1.Payload.encode(payload()).finish();
    const legacy: Payload = {
      metadata: { encoding: Buffer.from('binary/encrypted'), 'encryption-key-id': Buffer.from('k1') },
      data: Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]),
    };
    expect(value((await new EncryptionCodec(keyring).decode([legacy]))[0])).toEqual(personal);
    // Stripping the marker from a new payload does not make it open with the master key.
    const [sealed] = await new EncryptionCodec(keyring).encode([payload()]);
    const { 'encryption-key-derivation': _marker, ...kept } = sealed.metadata ?? {};
    const stripped = { ...sealed, metadata: kept };
    await expect(new EncryptionCodec(keyring).decode([stripped])).rejects.toThrow(/failed authentication with key k1/);
    const unknown = { ...sealed, metadata: { ...sealed.metadata, 'encryption-key-derivation': Buffer.from('rot13') } };
    await expect(new EncryptionCodec(keyring).decode([unknown])).rejects.toThrow(/unknown key derivation/);
  });
});

describe('the failure converter', () => {
  it("moves a failure's message and stack trace into a sealed payload, and gets them back with the key", async () => {
    const keyring = randomKeyring('k1');
    const converter = dataConverter(keyring);
    expect(converter.failureConverterPath).toBe(FAILURE_CONVERTER_PATH);
    const loaded = loadDataConverter(converter);
    const failure = await encodeErrorToFailure(loaded, new Error('could not reach +91 98765 43210'));
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    expect(isEncrypted(failure.encodedAttributes as Payload)).toBe(true);
    expect(JSON.stringify(failure)).not.toContain('98765');
    expect(Buffer.from(failure.encodedAttributes?.data ?? []).includes('98765')).toBe(false);
    const error = await decodeOptionalFailureToOptionalError(loaded, failure);
    expect(error?.message).toBe('could not reach +91 98765 43210');
  });
});
