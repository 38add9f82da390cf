// The failure converter of every Temporal client and worker, the workflow sandbox included
// (lib/temporal/codec.ts names this file as the data converter's failureConverterPath, and the
// workflow bundle is built with it): a failure's message and stack trace are moved into a
// payload, which the codec seals, so Temporal's history never holds them in clear.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
