import { Client, Connection } from '@temporalio/client';
import type { TemporalConfig } from '../config/index.js';

/** A Temporal client. Connection is lazy: the API starts (and answers health checks) while Temporal is down. */
export async function connectClient(config: TemporalConfig): Promise<{ client: Client; connection: Connection }> {
  const connection = Connection.lazy({ address: config.address, connectTimeout: 3000 });
  const client = new Client({ connection, namespace: config.namespace });
  return { client, connection };
}
