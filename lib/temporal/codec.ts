// Encrypts every Temporal payload (workflow inputs, step arguments, query and update
// results, activity data) with AES-256-GCM before it leaves the process, so Temporal's
// history, its database, its backups and its Web UI hold only ciphertext. The whole
// payload, metadata included, is sealed; only the key ID stays readable so that keys can
// be rotated (the first key in ENCRYPTION_KEYS encrypts, every listed key decrypts).
// Runs in the client and the worker's main thread, never in the workflow sandbox.
//
// A master key is never used as given: each is stretched with HKDF into a sub-key for
// Temporal payloads alone (the database has its own, lib/crypto/field-crypto.ts), and a sealed
// payload names that derivation in its metadata. Payloads without the marker (histories from
// before it) are opened with the master key.
//
// A payload that is not encrypted is refused: only someone holding ENCRYPTION_KEYS can make a
// payload Jeevan's workflows accept, so a start, signal or Update sent straight to Temporal
// (round the API and its access rules) is turned away. Clients throw a ValueError. The
// worker hands its workflows a refusal marker instead (contract/refused-payload.ts), which
// they refuse: a throwing codec would fail that workflow task on every retry and freeze
// the case. CODEC_ACCEPT_LEGACY_PAYLOADS lets plaintext through, for histories from before
// encryption only.

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  type DataConverter,
  METADATA_ENCODING_KEY,
  type Payload,
  type PayloadCodec,
  ValueError,
} from '@temporalio/common';
import proto from '@temporalio/proto';
import type { Keyring } from '../../config/index.js';
import { REFUSED_PAYLOAD_KEY } from '../../contract/refused-payload.js';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
/** Names how the sealing key came from the master key; absent on payloads sealed with the master key itself. */
export const KEY_DERIVATION_METADATA = 'encryption-key-derivation';
/** HKDF `info` of the payload sub-keys; the database's is DB_KEY_INFO (lib/crypto/field-crypto.ts). */
export const PAYLOAD_KEY_INFO = 'jeevan/temporal-payloads/v1';
export const PAYLOAD_KEY_DERIVATION = `hkdf-sha256:${PAYLOAD_KEY_INFO}`;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ProtoPayload = proto.temporal.api.common.v1.Payload;
const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : undefined);

export function isEncrypted(payload: Payload): boolean {
  return text(payload.metadata?.[METADATA_ENCODING_KEY]) === ENCRYPTED_ENCODING;
}

export interface CodecOptions {
  /**
   * What decode does with a payload that is not encrypted:
   * - 'refuse' (default): throws a ValueError;
   * - 'mark': the worker's: returns the refusal marker of contract/refused-payload.ts, which
   *   the workflows refuse without failing their task;
   * - 'accept': lets it through, only for CODEC_ACCEPT_LEGACY_PAYLOADS (histories from
   *   before encryption) and for the codec endpoint, which only shows payloads.
   */
  plaintext?: 'refuse' | 'mark' | 'accept';
}

/** Why an unencrypted payload is refused (the codec endpoint's tests and the docs quote it). */
export const PLAINTEXT_REFUSED =
  'refused a payload that is not encrypted: Jeevan takes only payloads sealed with ENCRYPTION_KEYS (go through the API); ' +
  'CODEC_ACCEPT_LEGACY_PAYLOADS=true admits plaintext from histories older than encryption';

export class EncryptionCodec implements PayloadCodec {
  private readonly derived = new Map<string, Buffer>();

  constructor(
    private readonly keyring: Keyring,
    private readonly options: CodecOptions = {},
  ) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.seal(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (isEncrypted(payload)) return this.open(payload);
      const mode = this.options.plaintext ?? 'refuse';
      if (mode === 'accept') return payload;
      // The claimed encoding only: never the data.
      const encoding = (text(payload.metadata?.[METADATA_ENCODING_KEY]) ?? 'none')
        .replace(/[^\w/.+-]/g, '?')
        .slice(0, 40);
      const reason = `${PLAINTEXT_REFUSED} (encoding ${encoding})`;
      if (mode === 'mark')
        return {
          metadata: { [METADATA_ENCODING_KEY]: utf8('json/plain') },
          data: utf8(JSON.stringify({ [REFUSED_PAYLOAD_KEY]: reason })),
        };
      throw new ValueError(reason);
    });
  }

  private seal(payload: Payload): Payload {
    const keyId = this.keyring.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.subKey(keyId), iv);
    const plain = ProtoPayload.encode(payload).finish();
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: utf8(keyId),
        [KEY_DERIVATION_METADATA]: utf8(PAYLOAD_KEY_DERIVATION),
      },
      data: sealed,
    };
  }

  private open(payload: Payload): Payload {
    const keyId = text(payload.metadata?.[KEY_ID_METADATA]);
    if (!keyId) throw new ValueError(`an encrypted payload has no ${KEY_ID_METADATA}`);
    const derivation = text(payload.metadata?.[KEY_DERIVATION_METADATA]);
    if (derivation !== undefined && derivation !== PAYLOAD_KEY_DERIVATION) {
      throw new ValueError(`an encrypted payload (key ${keyId}) names an unknown key derivation`);
    }
    const data = Buffer.from(payload.data ?? []);
    if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError(`an encrypted payload (key ${keyId}) is truncated`);
    // No marker: sealed before sub-keys, with the master key itself.
    const key = derivation ? this.subKey(keyId) : this.key(keyId);
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    try {
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return ProtoPayload.decode(plain) as Payload;
    } catch {
      throw new ValueError(
        `an encrypted payload failed authentication with key ${keyId}: the key is wrong or the data was altered`,
      );
    }
  }

  /** The payload sub-key of a master key (HKDF-SHA-256, info PAYLOAD_KEY_INFO), derived once. */
  private subKey(keyId: string): Buffer {
    let key = this.derived.get(keyId);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.key(keyId), Buffer.alloc(0), PAYLOAD_KEY_INFO, 32));
      this.derived.set(keyId, key);
    }
    return key;
  }

  private key(keyId: string): Buffer {
    const key = this.keyring.keys.get(keyId);
    if (!key) {
      // Key IDs are not secret; naming them tells an operator which key is missing from ENCRYPTION_KEYS.
      throw new ValueError(
        `payload encrypted with key ${keyId}, which is not in ENCRYPTION_KEYS (has: ${[...this.keyring.keys.keys()].join(', ')})`,
      );
    }
    return key;
  }
}

/** lib/temporal/failure-converter.ts, which the workflow bundle must be built with too (worker/create-worker.ts). */
export const FAILURE_CONVERTER_PATH = createRequire(import.meta.url).resolve('./failure-converter.ts');

/**
 * The data converter of every Temporal client and worker of Jeevan: payloads sealed, plaintext
 * refused (see CodecOptions), failure messages and stack traces sealed with them.
 */
export function dataConverter(keyring: Keyring, options: CodecOptions = {}): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keyring, options)], failureConverterPath: FAILURE_CONVERTER_PATH };
}

/** A keyring with one fresh random key (tests, scratch recordings). */
export function randomKeyring(id = 'test'): Keyring {
  return { current: id, keys: new Map([[id, randomBytes(32)]]) };
}
