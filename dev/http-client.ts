// The API over real HTTP, as operators' browsers and Meta's intake reach it, each request
// signed in as a person (an API token of a user the stack created for that name and role).
// Shared by the fault suite (test/faults/) and the bench (bench/stack.ts).
import type { AlertIntake } from '../contract/alert.js';

export interface HttpAnswer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
}

/** Who makes a request: a user with this username and this one role. */
export interface Person {
  role: string;
  id: string;
}

/** The intake desk: the operator account alerts are posted with. */
export const INTAKE_DESK: Person = { role: 'smc_operator', id: 'intake-desk' };

export interface HttpClient {
  url: string;
  /** Resolves with the answer; rejects only when no answer came (connection refused or reset). */
  request(
    method: 'GET' | 'POST',
    path: string,
    as: Person,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpAnswer>;
  postAlert(alert: AlertIntake, idempotencyKey?: string): Promise<HttpAnswer>;
  step(caseId: string, path: string, body: unknown, as: Person): Promise<HttpAnswer>;
}

export function httpClient(url: string, tokenFor: (as: Person) => Promise<string>): HttpClient {
  const request: HttpClient['request'] = async (method, path, as, body, headers = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await tokenFor(as)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  };
  return {
    url,
    request,
    postAlert: (alert, idempotencyKey) =>
      request('POST', '/alerts', INTAKE_DESK, alert, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    step: (caseId, path, body, as) => request('POST', `/cases/${caseId}${path}`, as, body),
  };
}
