// Issue 12 item 8: the local mailbox of `npm start` keeps escalation e-mails (which name
// places) for MAILBOX_KEEP_DAYS only: older .eml files go when the sink starts and every hour.
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { MAILBOX_KEEP_DAYS, pruneMailboxDir, startMailSink } from '../../dev/mail-sink.js';

const dir = mkdtempSync(join(tmpdir(), 'jeevan-mailbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY_S = 24 * 3600;
function file(name: string, ageDays: number) {
  const path = join(dir, name);
  writeFileSync(path, 'Subject: old\r\n\r\nPerson at Sikandra\r\n');
  const t = Date.now() / 1000 - ageDays * DAY_S;
  utimesSync(path, t, t);
}

describe('the local mailbox', () => {
  it('drops files older than its keep period when it starts, keeps newer ones, and stores what it receives', async () => {
    file('00001.eml', MAILBOX_KEEP_DAYS + 1);
    file('00002.eml', MAILBOX_KEEP_DAYS - 1);
    file('notes.txt', 100);
    const sink = await startMailSink({ dir });
    try {
      expect(readdirSync(dir).sort()).toEqual(['00002.eml', 'notes.txt']);
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false });
      await transport.sendMail({
        from: 'jeevan@smc.example.org',
        to: 'sp@x.example.org',
        subject: 'Case JV-2026-000001',
        text: 'hello',
      });
      transport.close();
      await sink.waitFor(() => true);
      // Numbered on from the kept file: a restart overwrites nothing.
      expect(
        readdirSync(dir)
          .filter((n) => n.endsWith('.eml'))
          .sort(),
      ).toEqual(['00002.eml', '00003.eml']);
    } finally {
      await sink.close();
    }
  });

  it('prunes by age alone', () => {
    file('00009.eml', 3);
    expect(pruneMailboxDir(dir, 2 * DAY_S * 1000)).toBeGreaterThanOrEqual(1);
    expect(readdirSync(dir)).not.toContain('00009.eml');
  });
});
