// Escalation policy and directory pages in Chromium: a supervisor reads the ladder and runs
// a dry run; the directory lists a district's stations; an admin's bad edit is refused with
// the API's reason in plain words (and a bad value is flagged as it is typed); publishing a
// policy with a level that reaches nobody shows the API's refusal; a district officer sees
// no link to these pages and is told plainly on direct navigation.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleTestEnv, type ConsoleUser, createConsoleTestEnv, launchBrowser } from '../helpers/browser.js';

let env: ConsoleTestEnv;
let browser: Browser;

beforeAll(async () => {
  [env, browser] = await Promise.all([createConsoleTestEnv(), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

async function signedIn(user: ConsoleUser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await context.addCookies((await env.signIn(user)).cookies);
  return context;
}

describe('escalation policy page', () => {
  it('shows a supervisor the ladder in force and a dry run: who is told what, and when', async () => {
    const context = await signedIn(await env.createUser('smc_supervisor'));
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/console/policies`);
    const arrive = page.locator('table.ladder-table tbody[data-wait="arrive"]');
    await arrive.waitFor();
    // The ladder of the arrival wait: a row per level with its delay and roles, then the repeats.
    const current = (await (await page.request.get(`${env.baseUrl}/policies/current`)).json()) as {
      document: { ladders: { district: Record<string, { rungs: { afterMs: number; notify: string[] }[] }> } };
    };
    const rungs = current.document.ladders.district.arrive.rungs;
    await expect(arrive.locator('tr[data-level]').count()).resolves.toBe(rungs.length);
    await expect(arrive.locator('tr.repeat-row').count()).resolves.toBe(1);

    const form = page.locator('form[data-form="dry-run"]');
    await form.locator('input[name="district"]').fill('AGR');
    await form.locator('select[name="severity"]').selectOption('critical');
    await form.locator('button[type="submit"]').click();
    const result = page.locator('[data-dry-run]');
    await result.waitFor();
    await expect(result.textContent()).resolves.toContain('AGR Agra');
    const notified = result.locator('[data-stage="district_notified"]');
    await expect(notified.locator('tr[data-escalation="arrive:1"]').count()).resolves.toBe(1);
    // Agra's district desks are in the example directory: the people on shift are named.
    await expect(notified.textContent()).resolves.toContain('@police.example.org');
    await context.close();
  });

  it('shows the API’s refusal when publishing a draft whose level reaches nobody', async () => {
    // Meerut loses its SP: every level that tells the SP reaches nobody there.
    const admin = await env.createUser('admin');
    const adminSession = await env.signIn(admin);
    const headers = {
      cookie: adminSession.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      'x-csrf-token': adminSession.csrfToken,
    };
    const sps = (await (await fetch(`${env.baseUrl}/directory/contacts?role=sp&district=MRT`, { headers })).json()) as {
      items: { id: string }[];
    };
    for (const sp of sps.items)
      expect(
        (await fetch(`${env.baseUrl}/directory/contacts/${sp.id}/deactivate`, { method: 'POST', headers })).status,
      ).toBe(200);

    const context = await signedIn(await env.createUser('smc_supervisor'));
    const page = await context.newPage();
    page.on('dialog', (d) => d.accept());
    await page.goto(`${env.baseUrl}/console/policies`);
    await page.locator('input[name="version"]').fill('Bad Name');
    await expect(page.locator('input[name="version"]').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.locator('input[name="version"]').fill('up-test-1');
    await page.getByRole('button', { name: 'Create draft' }).click();
    const editor = page.locator('[data-editor="up-test-1"]');
    await editor.waitFor();
    // A broken document is flagged as it is typed, and cannot be saved.
    const textarea = editor.locator('textarea[name="document"]');
    const good = await textarea.inputValue();
    await textarea.fill(good.replace('"requireBothAcks"', '"requireBothAcks_"'));
    await expect(editor.locator('.field .error').textContent()).resolves.toContain('requireBothAcks: missing');
    await expect(editor.getByRole('button', { name: 'Publish' }).isDisabled()).resolves.toBe(true);
    await textarea.fill(good);
    await editor.getByRole('button', { name: 'Publish' }).click();
    const refusal = editor.locator('[role="alert"]');
    await refusal.waitFor();
    const text = await refusal.textContent();
    expect(text).toMatch(/reaches nobody in district MRT/);
    expect(text).toContain('(sp)');
    await expect(page.locator('[data-in-force]').textContent()).resolves.toContain('built-in');
    await context.close();
  });
});

describe('directory page', () => {
  it('lists the stations of a district; a supervisor reads it without edit controls', async () => {
    const context = await signedIn(await env.createUser('smc_supervisor'));
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/console/directory?district=AGR`);
    await page.locator('table[data-stations="AGR"] tr[data-station="Hari Parvat"]').waitFor();
    await expect(page.locator('table[data-stations="AGR"] tbody tr').count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: /^Edit/ }).count()).resolves.toBe(0);
    // Who is reached now, as escalation e-mails resolve it.
    await expect(
      page.locator('table[data-on-duty="AGR"] tr[data-role="district_control_room"]').textContent(),
    ).resolves.toContain('control-room.agr@police.example.org');
    // Another district through the picker.
    await page.locator('select[name="district"]').selectOption('MRT');
    await page.locator('table[data-stations="MRT"] tr[data-station="Civil Lines"]').waitFor();
    await context.close();
  });

  it('an admin’s edit with a bad value is refused in plain words, and a bad phone is flagged as it is typed', async () => {
    const context = await signedIn(await env.createUser('admin'));
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/console/directory?district=AGR`);
    await page.locator('tr[data-station="Hari Parvat"]').waitFor();
    // Add a station, then try to rename it to the name of the one already there.
    await page.getByRole('button', { name: 'Add a police station' }).click();
    const add = page.locator('form[data-form="station"]');
    await add.locator('input[name="name"]').fill('Lohamandi');
    await add.getByRole('button', { name: 'Save' }).click();
    await page.locator('tr[data-station="Lohamandi"]').waitFor();
    await page.getByRole('button', { name: 'Edit Lohamandi' }).click();
    const edit = page.locator('form[data-form="station"]');
    await edit.locator('input[name="name"]').fill('Hari Parvat');
    await edit.getByRole('button', { name: 'Save' }).click();
    const refusal = edit.locator('[role="alert"]');
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toContain('already has a police station named Hari Parvat');
    await expect(page.locator('tr[data-station="Lohamandi"]').count()).resolves.toBe(1);
    await edit.getByRole('button', { name: 'Cancel' }).click();

    // A contact's phone is checked as it is typed.
    await page.getByRole('button', { name: 'Add a contact' }).click();
    const contact = page.locator('form[data-form="contact"]');
    await contact.locator('input[name="phone"]').fill('call me');
    await expect(contact.locator('input[name="phone"]').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(contact.textContent()).resolves.toContain('6 to 20 digits');
    await context.close();
  });
});

describe('a district officer', () => {
  it('sees no Reports, Directory or Policy link, and is told plainly on direct navigation', async () => {
    const context = await signedIn(await env.createUser('district_officer', ['AGR']));
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/console/`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.waitFor();
    const links = await nav.getByRole('link').allTextContents();
    expect(links).not.toContain('Reports');
    expect(links).not.toContain('Directory');
    expect(links).not.toContain('Escalation policy');
    for (const path of ['reports', 'directory', 'policies']) {
      await page.goto(`${env.baseUrl}/console/${path}`);
      const notice = page.locator('[data-not-allowed]');
      await notice.waitFor();
      await expect(page.locator('h1').textContent()).resolves.toBe('Not allowed');
      await expect(notice.textContent()).resolves.toMatch(/Your role may not/);
    }
    await context.close();
  });
});
