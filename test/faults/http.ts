// The API over real HTTP, as operators' browsers and Meta's intake reach it.
import type { AlertIntake } from '../../contract/alert.js';

export interface HttpAnswer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
}

export interface HttpClient {
  url: string;
  /** Resolves with the answer; rejects only when no answer came (connection refused or reset). */
  request(method: 'GET' | 'POST', path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  postAlert(alert: AlertIntake, idempotencyKey?: string): Promise<HttpAnswer>;
  /** A step as an operator with this role and id (the actor headers, until sign-in lands). */
  step(caseId: string, path: string, body: unknown, as: { role: string; id: string }): Promise<HttpAnswer>;
}

export function httpClient(url: string): HttpClient {
  const request: HttpClient['request'] = async (method, path, body, headers = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  };
  return {
    url,
    request,
    postAlert: (alert, idempotencyKey) => request('POST', '/alerts', alert, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    step: (caseId, path, body, as) => request('POST', `/cases/${caseId}${path}`, body, { 'x-jeevan-actor': as.id, 'x-jeevan-role': as.role }),
  };
}
