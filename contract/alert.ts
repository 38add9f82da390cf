// An alert as intake takes it: from the HTTP API (phone alerts typed in by an operator,
// machine-to-machine posts) and from the e-mail parser. Meta's fields as docs/domain.md lists them.
import { type Static, Type } from 'typebox';

export const PLATFORMS = ['facebook', 'instagram', 'whatsapp', 'threads', 'other'] as const;
export const CONTENT_KINDS = ['post', 'story', 'comment', 'live_video', 'reel', 'message', 'other'] as const;
export const CHANNELS = ['email', 'phone', 'api'] as const;
export const URGENCIES = ['critical', 'high', 'normal'] as const;

const Enum = <const T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>(Type.Enum([...values], { description }));
const Str = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, description });

export const AlertIntakeSchema = Type.Object(
  {
    source: Type.Optional(
      Type.String({ pattern: '^[a-z][a-z0-9_-]{1,30}$', description: 'Who sent the alert (default "meta").' }),
    ),
    sourceRef: Type.String({
      minLength: 1,
      maxLength: 120,
      pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]*$',
      description: "The sender's reference, e.g. LR-2024-0231-7781.",
    }),
    channel: Enum(CHANNELS, 'How the alert reached the SMC.'),
    platform: Enum(PLATFORMS),
    contentKind: Enum(CONTENT_KINDS),
    live: Type.Optional(Type.Boolean({ description: 'A live broadcast in progress (the most urgent kind).' })),
    detectedAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'When the platform detected the content.' }),
    ),
    accountName: Type.Optional(Str(200)),
    handle: Type.Optional(Str(200)),
    profileUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 500 })),
    phone: Type.Optional(Type.String({ minLength: 5, maxLength: 30, pattern: '^[+0-9 ()-]+$' })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    ipAddress: Type.Optional(Str(100)),
    locationHint: Type.Optional(Str(500, 'Approximate location as the platform gives it.')),
    districtHint: Type.Optional(
      Type.String({
        pattern: '^[A-Z]{3}$',
        description: "Jeevan district code, if the sender's location maps to one.",
      }),
    ),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    urgency: Type.Optional(Enum(URGENCIES, 'Severity as assessed at intake; a live broadcast is always critical.')),
    drill: Type.Optional(
      Type.Boolean({
        description:
          'A drill runs the whole real path, says DRILL in every e-mail, and is left out of every statistic.',
      }),
    ),
  },
  { additionalProperties: false },
);

export type AlertIntake = Static<typeof AlertIntakeSchema>;

/** The ways an alert can lead to a person; intake refuses an alert with none of them. */
export const REACH_FIELDS = ['handle', 'profileUrl', 'phone', 'email', 'ipAddress', 'locationHint'] as const;

/** Semantic checks beyond the schema. Returns the problem, or undefined. */
export function alertProblem(alert: AlertIntake): string | undefined {
  if (!REACH_FIELDS.some((f) => alert[f] !== undefined && String(alert[f]).trim() !== '')) {
    return `an alert needs at least one way to reach or find the person: ${REACH_FIELDS.join(', ')}`;
  }
  if (alert.detectedAt && Number.isNaN(Date.parse(alert.detectedAt))) return 'detectedAt is not a valid date-time';
  return undefined;
}

/** Severity at intake: a live broadcast is critical whatever the sender said. */
export function severityOf(alert: AlertIntake): 'critical' | 'high' | 'normal' {
  if (alert.live || alert.contentKind === 'live_video') return 'critical';
  return alert.urgency ?? 'high';
}
