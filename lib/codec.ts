// Encrypts every Temporal payload (workflow inputs, step arguments, query and update
// results, activity data) with AES-256-GCM before it leaves the process, so Temporal's
// history, its database, its backups and its Web UI hold only ciphertext. The whole
// payload, metadata included, is sealed; only the key ID stays readable so that keys can
// be rotated (the first key in ENCRYPTION_KEYS encrypts, every listed key decrypts).
// Runs in the client and the worker's main thread, never in the workflow sandbox.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type DataConverter, METADATA_ENCODING_KEY, type Payload, type PayloadCodec, ValueError } from '@temporalio/common';
import proto from '@temporalio/proto';
import type { Keyring } from '../config/index.js';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ProtoPayload = proto.temporal.api.common.v1.Payload;
const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : undefined);

export function isEncrypted(payload: Payload): boolean {
  return text(payload.metadata?.[METADATA_ENCODING_KEY]) === ENCRYPTED_ENCODING;
}

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keyring: Keyring) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.seal(payload));
  }

  /** Plaintext payloads pass through: cases started before encryption was switched on still run. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (isEncrypted(payload) ? this.open(payload) : payload));
  }

  private seal(payload: Payload): Payload {
    const keyId = this.keyring.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(keyId), iv);
    const plain = ProtoPayload.encode(payload).finish();
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return { metadata: { [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(keyId) }, data: sealed };
  }

  private open(payload: Payload): Payload {
    const keyId = text(payload.metadata?.[KEY_ID_METADATA]);
    if (!keyId) throw new ValueError(`an encrypted payload has no ${KEY_ID_METADATA}`);
    const data = Buffer.from(payload.data ?? []);
    if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError(`an encrypted payload (key ${keyId}) is truncated`);
    const decipher = createDecipheriv('aes-256-gcm', this.key(keyId), data.subarray(0, IV_BYTES));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    try {
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return ProtoPayload.decode(plain) as Payload;
    } catch {
      throw new ValueError(`an encrypted payload failed authentication with key ${keyId}: the key is wrong or the data was altered`);
    }
  }

  private key(keyId: string): Buffer {
    const key = this.keyring.keys.get(keyId);
    if (!key) {
      // Key IDs are not secret; naming them tells an operator which key is missing from ENCRYPTION_KEYS.
      throw new ValueError(`payload encrypted with key ${keyId}, which is not in ENCRYPTION_KEYS (has: ${[...this.keyring.keys.keys()].join(', ')})`);
    }
    return key;
  }
}

/** The data converter of every Temporal client and worker of Jeevan. */
export function dataConverter(keyring: Keyring): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keyring)] };
}

/** A keyring with one fresh random key (tests, scratch recordings). */
export function randomKeyring(id = 'test'): Keyring {
  return { current: id, keys: new Map([[id, randomBytes(32)]]) };
}
