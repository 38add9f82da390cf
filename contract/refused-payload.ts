// What a workflow receives in place of a payload the worker's codec refused (lib/temporal/codec.ts):
// an unencrypted payload, sent straight to Temporal by someone without ENCRYPTION_KEYS. A
// codec that threw instead would fail the workflow task again on every retry and freeze the
// case; this marker lets the workflow refuse the one start, Update or signal cleanly and
// carry on. Pure: the workflow sandbox imports it.
export const REFUSED_PAYLOAD_KEY = 'jeevanRefusedPayload';

/** ApplicationFailure type of a start refused for its payload. */
export const PAYLOAD_REFUSED = 'PayloadRefused';

/** Why the value stands for a refused payload, or undefined when it is a real one. */
export function refusalOf(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const reason = (value as Record<string, unknown>)[REFUSED_PAYLOAD_KEY];
  return typeof reason === 'string' ? reason : undefined;
}
