// The directory the mail activities resolve recipients with lives in lib/directory.ts, the one
// module the activities and the API's directory and policy routes share. This re-export keeps
// the worker's import (worker/create-worker.ts) as it was; new code imports lib/directory.js.
export { dbDirectory } from '../lib/directory.js';
