// The events the outbound webhook may carry, in WEBHOOK_EVENTS's words (contract/webhook.ts has the packet).
export const WEBHOOK_EVENTS = ['notified', 'overdue', 'arrived', 'closed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
