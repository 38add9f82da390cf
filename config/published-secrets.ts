// Secrets anyone can read: the sample values in .env.example and the placeholders that
// docker-compose.yml once defaulted to. A deployment that copies one of them encrypts a
// person's crisis under a key printed in the repository, so every reader of a secret
// refuses them by name. test/unit/secrets.test.ts keeps this list in step with the files.
import { ConfigError } from './env.js';

/** Exact values published in the repository (keys, passwords, and the URL passwords of examples). */
export const PUBLISHED_SECRETS: ReadonlySet<string> = new Set([
  // .env.example: AUDIT_CHAIN_KEY, ENCRYPTION_KEYS and IDENTITY_HASH_KEY examples.
  'Zq8sLr3vN1xW5tY7uI9oP2aS4dF6gH8jK0lZ2xC4vB8=',
  'q3Vh2xL0m9cF7pT1sY4wZ8bN6dR5eJ2kA0uG3iH1oPs=',
  // .env.example: the docker compose passwords, the SMTP AUTH example, DATABASE_URL's "secret".
  '9f2c1e7a0b6d4c3f8e5a',
  '4b8e2d6f1a9c3e7b0d5f',
  '2e6a0c4f8b1d5e9a3c7f',
  '7c1a5e9b3d2f8a6c4e0b',
  'generate-with-openssl-rand-base64-24',
  // .env.example: the WEBHOOK_SECRET example.
  'wh-sample-9c4f1a7e2b8d6c3f0a5e9b1d7c4f2a8e',
  'secret',
  // docker-compose.yml's former defaults.
  'change-me-to-the-output-of-openssl-rand-b64',
  'change-me-to-the-output-of-openssl-rand-base64-32',
  'Y2hhbmdlLW1lLWF1ZGl0LWNoYWluLWtleS1wbGFjZWhvbGRlcg==',
]);

/** Words that mark a value as a placeholder someone forgot to replace. */
const PLACEHOLDER = /change-?me|placeholder|replace-?me/i;

export function isPublishedSecret(value: string): boolean {
  return PUBLISHED_SECRETS.has(value) || PLACEHOLDER.test(value);
}

/** Refuses a secret (or a URL's password) that is printed in .env.example or docker-compose.yml. */
export function refusePublished(name: string, value: string, what = 'value'): void {
  if (isPublishedSecret(value)) {
    throw new ConfigError(
      name,
      `is set to a published example ${what} (from .env.example or docker-compose.yml): generate a new one`,
    );
  }
}
