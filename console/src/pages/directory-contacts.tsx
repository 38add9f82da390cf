// Contacts: who each escalation role reaches, with duty shifts (IST) and whether they are on
// duty now; admins add, edit and deactivate them with a form checked as they type.
import { useState } from 'preact/hooks';
import { TELECOM_OPERATORS } from '../../../contract/case.js';
import { SCOPES_OF_ROLE } from '../../../contract/directory.js';
import { Field } from '../components/field.js';
import { ErrorNotice, Notice } from '../components/notice.js';
import { RowActions } from '../components/row-actions.js';
import { type ApiError, api } from '../lib/api.js';
import { useRowEditor } from '../lib/hooks.js';
import { defineStrings, useT } from '../lib/i18n.js';
import { recipientLabels, useLabel } from '../lib/labels.js';
import { TELECOM_OPERATOR_LABELS } from '../lib/step-form-strings.js';
import type { Station } from './directory-stations.js';

export interface Contact {
  id: string;
  role: string;
  scope: string;
  districtCode: string | null;
  station: string | null;
  stateCode: string | null;
  telecomOperator?: string | null;
  name: string;
  email: string;
  phone: string | null;
  shiftStart: string | null;
  shiftEnd: string | null;
  active: boolean;
}

const SCOPES: Record<string, readonly string[]> = SCOPES_OF_ROLE;

const S = defineStrings(
  {
    role: 'Role',
    scope: 'Scope',
    hq: 'HQ (SMC)',
    district: 'District',
    station: 'Police station',
    state: 'Other state',
    stateCode: 'State code',
    name: 'Name or desk',
    email: 'E-mail',
    phone: 'Phone',
    shift: 'Duty shift (IST)',
    shiftStart: 'Shift starts (IST)',
    shiftEnd: 'Shift ends (IST)',
    shiftHint: 'Leave both empty for always on duty. 22:00 to 06:00 runs overnight.',
    always: 'Always',
    onDutyNow: 'On duty now',
    yes: 'Yes',
    no: 'No',
    status: 'Status',
    active: 'Active',
    inactive: 'Inactive',
    actions: 'Actions',
    edit: 'Edit',
    editOf: 'Edit {name}',
    deactivate: 'Deactivate',
    deactivateOf: 'Deactivate {name}',
    confirmDeactivate: 'Deactivate {name}? They stop receiving escalations; the record is kept.',
    add: 'Add a contact',
    editing: 'Edit {name}',
    save: 'Save',
    cancel: 'Cancel',
    saved: '{name} saved.',
    refused: 'Not saved:',
    none: 'No contacts here yet.',
    errRequired: 'Required.',
    errEmail: 'Enter an e-mail address like name@police.example.org.',
    errPhone: '6 to 20 digits, spaces, +, ( ) or -.',
    errTime: 'A time of day HH:MM, e.g. 08:00.',
    errBoth: 'Give both the start and the end of the shift, or neither.',
    errState: 'Two capital letters, e.g. BR.',
    telecomOperator: 'Telecom operator',
    errOperator: 'Choose the operator.',
    errStation: 'Choose the police station.',
  },
  {
    role: 'भूमिका',
    scope: 'दायरा',
    hq: 'मुख्यालय (एसएमसी)',
    district: 'जनपद',
    station: 'थाना',
    state: 'अन्य राज्य',
    stateCode: 'राज्य कोड',
    name: 'नाम या डेस्क',
    email: 'ई-मेल',
    phone: 'फ़ोन',
    shift: 'ड्यूटी पाली (IST)',
    shiftStart: 'पाली आरंभ (IST)',
    shiftEnd: 'पाली समाप्त (IST)',
    shiftHint: 'हमेशा ड्यूटी पर हों तो दोनों ख़ाली छोड़ें। 22:00 से 06:00 रात भर चलती है।',
    always: 'हमेशा',
    onDutyNow: 'अभी ड्यूटी पर',
    yes: 'हाँ',
    no: 'नहीं',
    status: 'स्थिति',
    active: 'सक्रिय',
    inactive: 'निष्क्रिय',
    actions: 'कार्य',
    edit: 'संपादित करें',
    editOf: '{name} संपादित करें',
    deactivate: 'निष्क्रिय करें',
    deactivateOf: '{name} निष्क्रिय करें',
    confirmDeactivate: '{name} को निष्क्रिय करें? उन्हें एस्केलेशन मिलना बंद हो जाएगा; रिकॉर्ड रहेगा।',
    add: 'संपर्क जोड़ें',
    editing: '{name} संपादित करें',
    save: 'सहेजें',
    cancel: 'रद्द करें',
    saved: '{name} सहेजा गया।',
    refused: 'सहेजा नहीं गया:',
    none: 'यहाँ अभी कोई संपर्क नहीं।',
    errRequired: 'आवश्यक।',
    errEmail: 'name@police.example.org जैसा ई-मेल पता लिखें।',
    errPhone: '6 से 20 अंक, स्पेस, +, ( ) या -।',
    errTime: 'दिन का समय HH:MM, जैसे 08:00।',
    errBoth: 'पाली का आरंभ और अंत दोनों दें, या कोई नहीं।',
    errState: 'दो बड़े अक्षर, जैसे BR।',
    telecomOperator: 'टेलीकॉम ऑपरेटर',
    errOperator: 'ऑपरेटर चुनें।',
    errStation: 'थाना चुनें।',
  },
);

const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** On duty at this minute of the day in India (a shift may run overnight); no shift: always. */
export function onDutyNow(c: Pick<Contact, 'shiftStart' | 'shiftEnd' | 'active'>, now = new Date()): boolean {
  if (!c.active) return false;
  if (!c.shiftStart || !c.shiftEnd) return true;
  const m = Math.floor((((now.getTime() / 60_000 + 330) % 1440) + 1440) % 1440);
  const [a, b] = [minutes(c.shiftStart), minutes(c.shiftEnd)];
  return a <= b ? m >= a && m < b : m >= a || m < b;
}

type Form = {
  role: string;
  scope: string;
  station: string;
  stateCode: string;
  telecomOperator: string;
  name: string;
  email: string;
  phone: string;
  shiftStart: string;
  shiftEnd: string;
};

function ContactForm(props: {
  district: string;
  stations: Station[];
  contact?: Contact;
  onDone: (name?: string) => void;
}) {
  const t = useT(S);
  const l = useLabel();
  const c = props.contact;
  const [f, setF] = useState<Form>({
    role: c?.role ?? 'district_control_room',
    scope: c?.scope ?? 'district',
    station: c?.station ?? '',
    stateCode: c?.stateCode ?? '',
    telecomOperator: c?.telecomOperator ?? '',
    name: c?.name ?? '',
    email: c?.email ?? '',
    phone: c?.phone ?? '',
    shiftStart: c?.shiftStart ?? '',
    shiftEnd: c?.shiftEnd ?? '',
  });
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const problems: Partial<Record<keyof Form, string>> = {
    name: f.name.trim() === '' ? t('errRequired') : undefined,
    email:
      f.email.trim() === ''
        ? t('errRequired')
        : /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.email.trim())
          ? undefined
          : t('errEmail'),
    phone: f.phone === '' || /^[0-9+ ()-]{6,20}$/.test(f.phone) ? undefined : t('errPhone'),
    shiftStart:
      f.shiftStart && !TIME.test(f.shiftStart)
        ? t('errTime')
        : !f.shiftStart !== !f.shiftEnd
          ? t('errBoth')
          : undefined,
    shiftEnd: f.shiftEnd && !TIME.test(f.shiftEnd) ? t('errTime') : undefined,
    stateCode: f.scope === 'state' && !/^[A-Z]{2}$/.test(f.stateCode) ? t('errState') : undefined,
    station: f.scope === 'station' && !f.station ? t('errStation') : undefined,
    telecomOperator: f.role === 'telecom_nodal' && !f.telecomOperator ? t('errOperator') : undefined,
  };
  // As you type: a field's problem shows once it has been edited (all of them on submit).
  const shown = (k: keyof Form) =>
    (touched[k] || touched._all ? problems[k] : undefined) ??
    error?.details.find((d) => d.field?.split('.').pop() === k)?.problem;
  const set = (k: keyof Form) => (e: Event) => {
    let v = (e.target as HTMLInputElement).value;
    if (k === 'stateCode') v = v.toUpperCase();
    const next = { ...f, [k]: v };
    if (k === 'role' && !SCOPES[v].includes(next.scope)) next.scope = SCOPES[v][0];
    setF(next);
    setTouched({ ...touched, [k]: true });
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setTouched({ ...touched, _all: true });
    if (Object.values(problems).some(Boolean)) return;
    setBusy(true);
    setError(undefined);
    const inDistrict = f.scope === 'district' || f.scope === 'station';
    const body = {
      role: f.role,
      scope: f.scope,
      districtCode: inDistrict ? props.district : null,
      station: f.scope === 'station' ? f.station : null,
      stateCode: f.scope === 'state' ? f.stateCode : null,
      telecomOperator: f.role === 'telecom_nodal' ? f.telecomOperator : null,
      name: f.name.trim(),
      email: f.email.trim(),
      phone: f.phone.trim() || null,
      shiftStart: f.shiftStart || null,
      shiftEnd: f.shiftEnd || null,
    };
    try {
      if (c) await api.patch(`/directory/contacts/${c.id}`, body);
      else
        await api.post('/directory/contacts', Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null)));
      props.onDone(body.name);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const input = (k: keyof Form, label: string, extra: Record<string, unknown> = {}, hint?: string) => (
    <Field label={label} error={shown(k)} hint={hint} required={k === 'name' || k === 'email'}>
      {(a) => <input {...a} {...extra} name={k} value={f[k]} onInput={set(k)} />}
    </Field>
  );
  const title = c ? t('editing', { name: c.name }) : t('add');
  return (
    <form class="card dir-form" onSubmit={submit} noValidate data-form="contact" aria-label={title}>
      <h3>{title}</h3>
      <div class="form-row">
        <Field label={t('role')}>
          {(a) => (
            <select {...a} name="role" value={f.role} onChange={set('role')}>
              {Object.keys(SCOPES).map((r) => (
                <option key={r} value={r}>
                  {l(recipientLabels(), r)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('scope')}>
          {(a) => (
            <select {...a} name="scope" value={f.scope} onChange={set('scope')}>
              {SCOPES[f.role].map((s) => (
                <option key={s} value={s}>
                  {t(s as 'hq' | 'district' | 'station' | 'state')}
                  {s === 'district' || s === 'station' ? ` (${props.district})` : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        {f.scope === 'station' && (
          <Field label={t('station')} error={shown('station')} required>
            {(a) => (
              <select {...a} name="station" value={f.station} onChange={set('station')}>
                <option value="">—</option>
                {props.stations
                  .filter((s) => s.active)
                  .map((s) => (
                    <option key={s.id} value={s.name}>
                      {s.name}
                    </option>
                  ))}
              </select>
            )}
          </Field>
        )}
        {f.scope === 'state' && input('stateCode', t('stateCode'), { maxLength: 2 })}
        {f.role === 'telecom_nodal' && (
          <Field label={t('telecomOperator')} error={shown('telecomOperator')} required>
            {(a) => (
              <select {...a} name="telecomOperator" value={f.telecomOperator} onChange={set('telecomOperator')}>
                <option value="">—</option>
                {TELECOM_OPERATORS.map((o) => (
                  <option key={o} value={o}>
                    {l(TELECOM_OPERATOR_LABELS, o)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      <div class="form-row">
        {input('name', t('name'))}
        {input('email', t('email'), { type: 'email', autocomplete: 'off' })}
        {input('phone', t('phone'), { type: 'tel' })}
      </div>
      <div class="form-row">
        {input('shiftStart', t('shiftStart'), { placeholder: 'HH:MM', inputMode: 'numeric' }, t('shiftHint'))}
        {input('shiftEnd', t('shiftEnd'), { placeholder: 'HH:MM', inputMode: 'numeric' })}
      </div>
      <ErrorNotice error={error} title={t('refused')} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {t('save')}
        </button>
        <button type="button" onClick={() => props.onDone()}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

export function Contacts(props: {
  district: string;
  contacts: Contact[];
  stations: Station[];
  canEdit: boolean;
  onChanged: () => void;
  heading: string;
}) {
  const t = useT(S);
  const l = useLabel();
  const { editing, setEditing, done, error, finish, deactivate } = useRowEditor({
    saved: (name) => t('saved', { name }),
    confirm: (name) => t('confirmDeactivate', { name }),
    deactivatePath: (id) => `/directory/contacts/${id}/deactivate`,
    onChanged: props.onChanged,
  });
  const current = props.contacts.find((c) => c.id === editing);
  const where = (c: Contact) =>
    c.scope === 'station'
      ? `${t('station')}: ${c.station}`
      : c.scope === 'state'
        ? c.telecomOperator
          ? `${t('stateCode')}: ${c.stateCode} · ${l(TELECOM_OPERATOR_LABELS, c.telecomOperator)}`
          : `${t('state')}: ${c.stateCode}`
        : t(c.scope as 'hq' | 'district');
  return (
    <section class="card dir-block" aria-labelledby="contacts-h">
      <h2 id="contacts-h">{props.heading}</h2>
      {done && <Notice kind="success">{done}</Notice>}
      <ErrorNotice error={error} />
      {props.contacts.length === 0 ? (
        <p class="muted">{t('none')}</p>
      ) : (
        <div class="table-wrap">
          <table data-contacts>
            <thead>
              <tr>
                <th scope="col">{t('role')}</th>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('scope')}</th>
                <th scope="col">{t('email')}</th>
                <th scope="col">{t('shift')}</th>
                <th scope="col">{t('onDutyNow')}</th>
                {props.canEdit && <th scope="col">{t('actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {props.contacts.map((c) => (
                <tr key={c.id} data-contact={c.email} class={c.active ? undefined : 'inactive'}>
                  <td>{l(recipientLabels(), c.role)}</td>
                  <th scope="row">
                    {c.name}
                    {!c.active && <span class="badge">{t('inactive')}</span>}
                    {c.phone && <div class="muted small">{c.phone}</div>}
                  </th>
                  <td>{where(c)}</td>
                  <td class="email">{c.email}</td>
                  <td>{c.shiftStart && c.shiftEnd ? `${c.shiftStart}–${c.shiftEnd}` : t('always')}</td>
                  <td>
                    {onDutyNow(c) ? (
                      <span class="badge badge-on">{t('yes')}</span>
                    ) : (
                      <span class="muted">{t('no')}</span>
                    )}
                  </td>
                  {props.canEdit && (
                    <RowActions
                      active={c.active}
                      onEdit={() => setEditing(c.id)}
                      onDeactivate={() => deactivate(c)}
                      text={{
                        edit: t('edit'),
                        editOf: t('editOf', { name: c.name }),
                        deactivate: t('deactivate'),
                        deactivateOf: t('deactivateOf', { name: c.name }),
                      }}
                    />
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.canEdit &&
        (editing === 'new' || current ? (
          <ContactForm
            key={editing}
            district={props.district}
            stations={props.stations}
            contact={current}
            onDone={finish}
          />
        ) : (
          <p>
            <button type="button" onClick={() => setEditing('new')}>
              {t('add')}
            </button>
          </p>
        ))}
    </section>
  );
}
