// Structured logs (JSON lines). Personal data never goes to logs: callers log case IDs,
// codes and counts, and the redact list is a second line of defence.
import pino from 'pino';
import type { LogLevel } from '../../config/index.js';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.phone',
  '*.email',
  '*.handle',
  '*.accountName',
  '*.profileUrl',
  '*.ipAddress',
  '*.description',
  '*.details',
  '*.body',
];

export function createLogger(name: string, level: LogLevel = 'info', destination?: pino.DestinationStream) {
  return pino({ name, level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}

export type Logger = ReturnType<typeof createLogger>;
