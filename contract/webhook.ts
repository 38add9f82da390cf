// The outbound webhook (issue 17): what a 112 dispatch system or a state dashboard receives
// when a case is notified, overdue, reached or closed. The minimum the recipient needs and no
// personal data: no name, phone, account, address, location text or post text, only codes,
// stages and times, and a link to the case page behind the console's sign-in. docs/webhooks.md.
import type { Outcome, Severity, Stage } from './case.js';
import type { WaitKind } from './policy.js';

import type { WebhookEvent } from './webhook-events.js';

export { WEBHOOK_EVENTS, type WebhookEvent } from './webhook-events.js';

/** What the workflow hands the activity: the packet without the settings only the worker knows (the case link). */
export interface WebhookNotice {
  event: `case.${WebhookEvent}`;
  /** `<caseId>:<event>`, or for an escalation `<caseId>:overdue:<wait key>:<level>`: one delivery each. */
  eventKey: string;
  caseId: string;
  /** The state a transferred case went to (two-letter code). */
  state?: string;
  /** District code, or `unknown` before one is confirmed. */
  district: string;
  policeStation?: string;
  severity: Severity;
  stage: Stage;
  /** When the event happened (workflow time). */
  at: string;
  /** case.overdue: the escalation level that fired, and what the case is waiting for. */
  level?: number;
  waitingFor?: WaitKind;
  /** case.closed: the recorded outcome, if one was. */
  outcome?: Outcome;
  drill: boolean;
}

/** The JSON body sent, version 1. */
export interface WebhookPacket extends WebhookNotice {
  v: 1;
  /** The case page in the console (PUBLIC_URL); opening it needs a sign-in. */
  caseUrl: string;
}

/** Request headers: the signature over `<t>.<body>`, and the key a receiver dedupes on. */
export const SIGNATURE_HEADER = 'Jeevan-Signature';
export const EVENT_KEY_HEADER = 'Jeevan-Event-Key';
