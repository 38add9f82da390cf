// The directory as data: maintained through the API (400 naming the field), imported and
// exported as CSV by the CLI (a bad row rejects the whole file and changes nothing), and
// read by the worker when it sends, so the officer on shift at that moment is the one told.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minuteOfDayIst } from '../../domain/shifts.js';
import { exportDirectoryCsv } from '../../lib/directory/csv.js';
import { runDirectoryCommand } from '../../scripts/directory.js';
import { type ApiTestEnv, createApiTestEnv, sampleAlert } from '../helpers/api.js';
import { mailsOf } from '../helpers/case-checks.js';

let env: ApiTestEnv;
const dir = mkdtempSync(join(tmpdir(), 'jeevan-directory-'));
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env?.close());

const admin = () => env.as('admin');
const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  env.app.inject({ method, url, payload, headers: admin() });
const cli = async (...args: string[]) => {
  const lines: string[] = [];
  const code = await runDirectoryCommand(env.db.url, args, (l) => lines.push(l));
  return { code, text: lines.join('\n') };
};

describe('directory API', () => {
  it('lists the 75 districts in English and Hindi with their policing type', async () => {
    const { items } = (await call('GET', '/directory/districts')).json();
    expect(items).toHaveLength(75);
    expect(items.find((d: { code: string }) => d.code === 'GZB')).toEqual({
      code: 'GZB',
      nameEn: 'Ghaziabad',
      nameHi: 'गाजियाबाद',
      policing: 'commissionerate',
    });
    expect(items.filter((d: { policing: string }) => d.policing === 'commissionerate')).toHaveLength(7);
  });

  it('creates, changes and deactivates stations and contacts, with shifts, and resolves who is on duty', async () => {
    const station = await call('POST', '/directory/stations', {
      districtCode: 'BST',
      name: 'Kotwali',
      nameHi: 'कोतवाली',
    });
    expect(station.statusCode, station.body).toBe(201);
    const contact = await call('POST', '/directory/contacts', {
      role: 'police_station',
      scope: 'station',
      districtCode: 'BST',
      station: 'kotwali',
      name: 'SHO Kotwali (night)',
      email: 'SHO-Night.Kotwali.bst@police.example.org',
      shiftStart: '20:00',
      shiftEnd: '08:00',
    });
    expect(contact.statusCode, contact.body).toBe(201);
    expect(contact.json()).toMatchObject({
      email: 'sho-night.kotwali.bst@police.example.org',
      station: 'Kotwali',
      shiftStart: '20:00',
      shiftEnd: '08:00',
      active: true,
    });
    const onDuty = async (at: string) =>
      (await call('GET', `/directory/on-duty?role=police_station&district=BST&station=Kotwali&at=${at}`))
        .json()
        .items.map((r: { email: string }) => r.email);
    expect(await onDuty('2024-06-15T18:00:00Z')).toEqual(['sho-night.kotwali.bst@police.example.org']); // 23:30 IST
    expect(await onDuty('2024-06-15T06:00:00Z')).toEqual(['sho.bst@police.example.org']); // 11:30 IST: the district desk
    const id = contact.json().id;
    const changed = await call('PATCH', `/directory/contacts/${id}`, {
      shiftStart: null,
      shiftEnd: null,
      phone: '+91 522 000 0000',
    });
    expect(changed.json()).toMatchObject({ shiftStart: null, shiftEnd: null, phone: '+91 522 000 0000' });
    expect(await onDuty('2024-06-15T06:00:00Z')).toEqual(['sho-night.kotwali.bst@police.example.org']);
    const off = await call('POST', `/directory/contacts/${id}/deactivate`);
    expect(off.json().active).toBe(false);
    expect(await onDuty('2024-06-15T18:00:00Z')).toEqual(['sho.bst@police.example.org']);
    const again = await call('POST', '/directory/contacts', { ...contact.json(), id: undefined, updatedAt: undefined });
    expect(again.statusCode).toBe(400); // unknown fields are refused, never stored
  });

  it('answers 400 naming the field for malformed or inconsistent input, and 409 for a duplicate', async () => {
    const bad = async (body: object) => {
      const res = await call('POST', '/directory/contacts', body);
      expect(res.statusCode, res.body).toBe(400);
      return res.json().error.details.map((d: { field: string }) => d.field);
    };
    const base = {
      role: 'sp',
      scope: 'district',
      districtCode: 'BST',
      name: 'SP Basti (2)',
      email: 'sp2.bst@police.example.org',
    };
    expect(await bad({ ...base, email: 'not an address' })).toEqual(['email']);
    expect(await bad({ ...base, scope: 'hq', districtCode: undefined })).toEqual(['scope']);
    expect(await bad({ ...base, districtCode: 'ZZZ' })).toEqual(['districtCode']);
    expect(await bad({ ...base, shiftStart: '25:00', shiftEnd: '08:00' })).toEqual(['shiftStart']);
    expect(await bad({ ...base, shiftStart: '08:00' })).toEqual(['shiftEnd']);
    expect(await bad({ ...base, role: 'police_station', scope: 'station', station: 'Nowhere' })).toEqual(['station']);
    const created = await call('POST', '/directory/contacts', base);
    expect(created.statusCode).toBe(201);
    expect((await call('POST', '/directory/contacts', base)).statusCode).toBe(409);
    expect(
      (await call('PATCH', '/directory/contacts/00000000-0000-4000-8000-000000000000', { name: 'x' })).statusCode,
    ).toBe(404);
  });

  it("keeps telecom operators' nodal officers per operator and state, and resolves them by operator", async () => {
    const bsnl = {
      role: 'telecom_nodal',
      scope: 'state',
      stateCode: 'UP',
      telecomOperator: 'bsnl',
      name: 'Nodal officer, BSNL, UP East',
      email: 'nodal.up-east@bsnl.telecom.example.org',
    };
    const bad = async (body: object, status = 400) => {
      const res = await call('POST', '/directory/contacts', body);
      expect(res.statusCode, res.body).toBe(status);
      return res.json().error.details?.map((d: { field: string }) => d.field);
    };
    expect(await bad({ ...bsnl, telecomOperator: undefined })).toEqual(['telecomOperator']);
    expect(await bad({ ...bsnl, telecomOperator: 'tata' })).toEqual(['telecomOperator']);
    expect(await bad({ ...bsnl, stateCode: undefined })).toEqual(['stateCode']);
    expect(await bad({ ...bsnl, role: 'nodal_officer', stateCode: 'BR' })).toEqual(['telecomOperator']);
    const onDuty = async (op: string) =>
      (await call('GET', `/directory/on-duty?role=telecom_nodal&telecomOperator=${op}`)).json().items;
    expect(await onDuty('bsnl')).toEqual([]);
    const created = await call('POST', '/directory/contacts', bsnl);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ role: 'telecom_nodal', stateCode: 'UP', telecomOperator: 'bsnl' });
    expect(await onDuty('bsnl')).toEqual([
      { role: 'telecom_nodal', name: 'Nodal officer, BSNL, UP East', email: 'nodal.up-east@bsnl.telecom.example.org' },
    ]);
    expect((await onDuty('jio')).map((r: { email: string }) => r.email)).toEqual(['nodal.up@jio.telecom.example.org']);
    // The same desk for another operator is another contact; an operator on a changed role is refused.
    const same = await call('POST', '/directory/contacts', { ...bsnl, telecomOperator: 'vi' });
    expect(same.statusCode, same.body).toBe(201);
    const moved = await call('PATCH', `/directory/contacts/${created.json().id}`, { role: 'emergency_112' });
    expect(moved.statusCode, moved.body).toBe(400);
    const cleared = await call('PATCH', `/directory/contacts/${same.json().id}`, { active: false });
    expect(cleared.statusCode, cleared.body).toBe(200);
  });
});

describe('directory CSV (npm run directory)', () => {
  it('exports and re-imports without a change', async () => {
    const file = join(dir, 'contacts.csv');
    expect((await cli('export', 'contacts', file)).code).toBe(0);
    const csv = readFileSync(file, 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'role,scope,district,station,state,telecom_operator,name,email,phone,shift_start,shift_end,active',
    );
    expect(csv).toContain('telecom_nodal,state,,,UP,jio,');
    const again = await cli('import', file);
    expect(again.code, again.text).toBe(0);
    expect(again.text).toMatch(/0 created, 0 updated, \d+ unchanged/);
  });

  it('reports every bad row with its line and reason, and imports nothing', async () => {
    const before = await exportDirectoryCsv(env.db.db, 'contacts');
    const file = join(dir, 'bad.csv');
    writeFileSync(
      file,
      [
        'role,scope,district,station,state,name,email,phone,shift_start,shift_end,active',
        'sp,district,BST,,,"SP, Basti (new)",sp-new.bst@police.example.org,,,,yes', // good: must not land
        'sp,district,XXX,,,Someone,someone@police.example.org,,,,yes',
        'chief,hq,,,,Someone,someone@police.example.org,,,,yes',
        'nodal_officer,state,,,MH,"Nodal, MH",not-an-email,,,,yes',
        'adg_zone,district,BST,,,"ADG zone, Basti",adg.bst@police.example.org,,09:00,,yes',
        'sp,district,BST,,,"SP, Basti (new)",sp-new.bst@police.example.org,,,,yes',
        'too,few,fields',
      ].join('\n'),
    );
    const result = await cli('import', file);
    expect(result.code).toBe(1);
    expect(result.text).toContain('nothing changed: 6 bad row(s)');
    expect(result.text).toContain('line 3: district unknown district code XXX');
    expect(result.text).toMatch(/line 4: role must be one of/);
    expect(result.text).toContain('line 5: email is not an e-mail address');
    expect(result.text).toContain('line 6: shift_end a shift needs both a start and an end');
    expect(result.text).toContain('line 7: email same role, scope and e-mail as line 2');
    expect(result.text).toContain('line 8: has 3 fields, expected 11');
    expect(await exportDirectoryCsv(env.db.db, 'contacts')).toBe(before);
  });

  it('imports stations, then contacts that name them; --replace deactivates what the file leaves out', async () => {
    writeFileSync(join(dir, 'stations.csv'), 'district,station,name_hi,active\nBLR,Kotwali Dehat,,yes\n');
    expect((await cli('import', join(dir, 'stations.csv'))).text).toContain('1 created');
    writeFileSync(
      join(dir, 'few.csv'),
      'role,scope,district,station,state,name,email,phone,shift_start,shift_end,active\npolice_station,station,BLR,kotwali dehat,,SHO,sho.kd.blr@police.example.org,,,,yes\n',
    );
    const replaced = await cli('import', join(dir, 'few.csv'), '--replace');
    expect(replaced.text).toMatch(/1 created, 0 updated, 0 unchanged, \d+ deactivated/);
    const { items } = (await call('GET', '/directory/contacts?active=true')).json();
    expect(items.map((c: { email: string }) => c.email)).toEqual(['sho.kd.blr@police.example.org']);
    // Put the example directory back for the worker test below.
    writeFileSync(
      join(dir, 'seed.csv'),
      readFileSync(new URL('../../domain/profiles/UP/directory/contacts.csv', import.meta.url), 'utf8'),
    );
    expect((await cli('import', join(dir, 'seed.csv'))).code).toBe(0);
  });
});

describe('the worker reads the directory when it sends', () => {
  it('notifies the Hari Parvat SHO on shift now, and the control room', async () => {
    const caseId = (await env.app.inject({ method: 'POST', url: '/alerts', payload: sampleAlert() })).json().caseId;
    const step = (path: string, body: object) =>
      env.app.inject({
        method: 'POST',
        url: `/cases/${caseId}${path}`,
        payload: body,
        headers: env.as('smc_operator'),
      });
    await step('/locating/start', {});
    await step('/located', { districtCode: 'AGR', policeStation: 'Hari Parvat' });
    expect((await step('/notify', {})).statusCode).toBe(200);
    const minute = minuteOfDayIst(new Date());
    const sho = minute >= 8 * 60 && minute < 20 * 60 ? 'sho-day' : 'sho-night';
    await env.mail.waitFor((m) => m.headers['x-jeevan-case'] === caseId, 3);
    expect(
      mailsOf(env, caseId)
        .map((m) => m.envelopeTo[0])
        .sort(),
    ).toEqual([
      'control-room.agr@police.example.org',
      'control-room.up112@police.example.org',
      `${sho}.hari-parvat.agr@police.example.org`,
    ]);
  });
});
