// Types of ensure-node.mjs (plain JavaScript so bootstrap.mjs can run it before anything is installed).
export const SUPPORTED_MAJOR: number;
export const NODE_VERSION: string;
export function nodeCacheDir(env?: NodeJS.ProcessEnv): string;
export function isSupported(version?: string): boolean;
export function ensureNode24(log?: (line: string) => void, env?: NodeJS.ProcessEnv): string;
