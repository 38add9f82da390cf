// Types of ensure-chromium.mjs (plain JavaScript so bootstrap.mjs can run it before anything is installed).
export function findChromium(env?: NodeJS.ProcessEnv): string | undefined;
export function ensureChromium(log?: (line: string) => void): string | undefined;
