// Renders a soak's report.json again as Markdown (after a change to report.ts, or to publish it):
// node --import tsx test/soak/render.ts test-results/soak/report.json > report.md
import { readFileSync } from 'node:fs';
import { markdown, type SoakReport } from './report.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: render.ts REPORT.json');
  process.exit(2);
}
process.stdout.write(markdown(JSON.parse(readFileSync(file, 'utf8')) as SoakReport));
