// The one place that reads the environment. Every program calls one of the readers in
// config/index.ts at start; a missing or malformed value stops it with a message that
// names the variable and says what is expected (never echoing a secret's value).

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    expected: string,
  ) {
    super(`Configuration error: ${variable} ${expected}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

/** A rejected value as the error repeats it: quoted on one line, any URL password masked. */
const shown = (value: string) => JSON.stringify(value.replace(/(\/\/[^/@\s]*?:)[^/@\s]*@/g, '$1***@'));

/** Typed readers over one environment object; each names its variable on failure. */
export function reader(env: Env) {
  const raw = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  return {
    optional: raw,
    string(name: string, fallback?: string): string {
      const value = raw(name) ?? fallback;
      if (value === undefined) throw new ConfigError(name, 'is required but not set');
      return value;
    },
    int(name: string, fallback: number, min: number, max: number): number {
      const value = raw(name);
      if (value === undefined) return fallback;
      if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
        throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got ${shown(value)})`);
      }
      return Number(value);
    },
    port(name: string, fallback: number): number {
      return this.int(name, fallback, 1, 65535);
    },
    bool(name: string, fallback: boolean): boolean {
      const value = raw(name)?.toLowerCase();
      if (value === undefined) return fallback;
      if (['1', 'true', 'yes', 'on'].includes(value)) return true;
      if (['0', 'false', 'no', 'off'].includes(value)) return false;
      throw new ConfigError(name, `must be true or false (got ${shown(value)})`);
    },
    oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
      const value = raw(name) ?? fallback;
      if (!allowed.includes(value as T)) {
        throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got ${shown(value)})`);
      }
      return value as T;
    },
    /** A URL with one of the given protocols; the value is never echoed (it may hold a password). */
    url(name: string, protocols: readonly string[], example: string): string | undefined {
      const value = raw(name);
      if (value === undefined) return undefined;
      let parsed: URL;
      try {
        parsed = new URL(value);
      } catch {
        throw new ConfigError(name, `must be a URL like ${example} (the value set does not parse as a URL)`);
      }
      if (!protocols.includes(parsed.protocol.replace(/:$/, '')) || !parsed.hostname) {
        throw new ConfigError(name, `must be a ${protocols.join(' or ')} URL like ${example}`);
      }
      return value;
    },
    /** host:port, as Temporal's clients take it. */
    hostPort(name: string): string | undefined {
      const value = raw(name);
      if (value === undefined) return undefined;
      const match = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(value);
      if (!match || Number(match[2]) > 65535) {
        throw new ConfigError(name, `must be host:port, e.g. localhost:7233 (got ${shown(value)})`);
      }
      return value;
    },
  };
}
