import { readFileSync } from 'node:fs';
import { parseAlertEmail } from './api/intake/email-parser.ts';
for (const f of ['full', 'minimal']) console.log(JSON.stringify(await parseAlertEmail(readFileSync(`test/fixtures/alert-emails/${f}.eml`)), null, 1));
