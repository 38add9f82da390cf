import { parseAlertEmail } from './api/intake/email-parser.ts';
const M = 1_000_000;
const cases: Record<string, string> = {
  bigSubject: `Subject: ${'Ref '.repeat(M / 4)}\n\nPlatform: Facebook\n`,
  colons: `Subject: x\n\n${':'.repeat(M)}`,
  dashes: `Subject: x\n\n${'-'.repeat(M)}`,
  quotes: `Subject: x\n\n${'> '.repeat(M / 2)}`,
  manyLabels: `Subject: x\n\n${'Description: a\n'.repeat(M / 15)}`,
  manyCont: `Subject: x\n\nDescription: a\n${'more words here\n'.repeat(M / 16)}`,
  ats: `Subject: x\n\nEmail: ${'a@'.repeat(M / 2)}`,
  spaces: `Subject: x\n\nReference: ${' '.repeat(M)}x`,
  htmlLt: `Content-Type: text/html\n\n${'<'.repeat(M)}`,
  htmlAmp: `Content-Type: text/html\n\n${'&#'.repeat(M / 2)}`,
  htmlTd: `Content-Type: text/html\n\n${'<td></td>'.repeat(M / 9)}`,
  htmlA: `Content-Type: text/html\n\n${'<a href="http://x">'.repeat(M / 19)}`,
  htmlANested: `Content-Type: text/html\n\n${'<a href="http://x">y'.repeat(M / 40)}${'</a>'.repeat(M/40)}`,
};
for (const [name, raw] of Object.entries(cases)) {
  const t = Date.now();
  const r = await parseAlertEmail(raw);
  console.log(name, Date.now() - t, 'ms', r.ok ? 'ok' : r.reason.slice(0, 100));
}
