import { Client, Connection } from '@temporalio/client';
import type { Keyring, TemporalConfig } from '../../config/index.js';
import { dataConverter } from './codec.js';

/**
 * A Temporal client that encrypts every payload it sends and refuses unencrypted ones it
 * receives, unless CODEC_ACCEPT_LEGACY_PAYLOADS (lib/temporal/codec.ts). Connection is lazy:
 * the API starts (and answers health checks) while Temporal is down.
 */
export async function connectClient(
  config: TemporalConfig,
  keyring: Keyring,
): Promise<{ client: Client; connection: Connection }> {
  const connection = Connection.lazy({ address: config.address, connectTimeout: 3000 });
  const client = new Client({
    connection,
    namespace: config.namespace,
    dataConverter: dataConverter(keyring, { plaintext: config.acceptLegacyPayloads ? 'accept' : 'refuse' }),
  });
  return { client, connection };
}
