// A district's police stations: listed for HQ, added, renamed and deactivated by admins.
import { useState } from 'preact/hooks';
import { Field } from '../components/field.js';
import { ErrorNotice, Notice } from '../components/notice.js';
import { RowActions } from '../components/row-actions.js';
import { type ApiError, api } from '../lib/api.js';
import { useRowEditor } from '../lib/hooks.js';
import { defineStrings, useT } from '../lib/i18n.js';

export interface Station {
  id: string;
  districtCode: string;
  name: string;
  nameHi: string | null;
  active: boolean;
}

const S = defineStrings(
  {
    heading: 'Police stations in {district}',
    none: 'No police station of this district is in the directory: escalations for a station go to the district’s station desk.',
    name: 'Name',
    nameHi: 'Name in Hindi',
    status: 'Status',
    active: 'Active',
    inactive: 'Inactive',
    actions: 'Actions',
    edit: 'Edit',
    editOf: 'Edit {name}',
    deactivate: 'Deactivate',
    deactivateOf: 'Deactivate {name}',
    confirmDeactivate: 'Deactivate {name}? Its own contacts are deactivated too; they are kept for the record.',
    add: 'Add a police station',
    editing: 'Edit {name}',
    save: 'Save',
    cancel: 'Cancel',
    required: 'Enter the name.',
    tooLong: 'At most 200 characters.',
    saved: '{name} saved.',
    refused: 'Not saved:',
  },
  {
    heading: '{district} के थाने',
    none: 'इस जनपद का कोई थाना निर्देशिका में नहीं है: थाने के लिए एस्केलेशन जनपद की थाना डेस्क को जाते हैं।',
    name: 'नाम',
    nameHi: 'हिन्दी में नाम',
    status: 'स्थिति',
    active: 'सक्रिय',
    inactive: 'निष्क्रिय',
    actions: 'कार्य',
    edit: 'संपादित करें',
    editOf: '{name} संपादित करें',
    deactivate: 'निष्क्रिय करें',
    deactivateOf: '{name} निष्क्रिय करें',
    confirmDeactivate: '{name} निष्क्रिय करें? इसके अपने संपर्क भी निष्क्रिय होंगे; वे रिकॉर्ड में रहेंगे।',
    add: 'थाना जोड़ें',
    editing: '{name} संपादित करें',
    save: 'सहेजें',
    cancel: 'रद्द करें',
    required: 'नाम लिखें।',
    tooLong: 'अधिकतम 200 अक्षर।',
    saved: '{name} सहेजा गया।',
    refused: 'सहेजा नहीं गया:',
  },
);

function StationForm(props: { district: string; station?: Station; onDone: (name?: string) => void }) {
  const t = useT(S);
  const [name, setName] = useState(props.station?.name ?? '');
  const [nameHi, setNameHi] = useState(props.station?.nameHi ?? '');
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const nameError =
    name.trim() === '' ? (touched ? t('required') : undefined) : name.length > 200 ? t('tooLong') : undefined;
  const apiField = (f: string) => error?.details.find((d) => d.field?.split('.').pop() === f)?.problem;
  const submit = async (e: Event) => {
    e.preventDefault();
    setTouched(true);
    if (name.trim() === '' || name.length > 200 || nameHi.length > 200) return;
    setBusy(true);
    setError(undefined);
    try {
      const body = { name: name.trim(), ...(nameHi.trim() ? { nameHi: nameHi.trim() } : {}) };
      if (props.station) await api.patch(`/directory/stations/${props.station.id}`, body);
      else await api.post('/directory/stations', { districtCode: props.district, ...body });
      props.onDone(name.trim());
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="card dir-form"
      onSubmit={submit}
      noValidate
      data-form="station"
      aria-label={props.station ? t('editing', { name: props.station.name }) : t('add')}
    >
      <h3>{props.station ? t('editing', { name: props.station.name }) : t('add')}</h3>
      <div class="form-row">
        <Field label={t('name')} error={nameError ?? apiField('name')} required>
          {(a) => (
            <input
              {...a}
              name="name"
              value={name}
              onInput={(e) => setName((e.target as HTMLInputElement).value)}
              onBlur={() => setTouched(true)}
            />
          )}
        </Field>
        <Field label={t('nameHi')} error={nameHi.length > 200 ? t('tooLong') : apiField('nameHi')}>
          {(a) => (
            <input
              {...a}
              name="nameHi"
              lang="hi"
              value={nameHi}
              onInput={(e) => setNameHi((e.target as HTMLInputElement).value)}
            />
          )}
        </Field>
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

export function Stations(props: {
  district: string;
  districtName: string;
  stations: Station[];
  canEdit: boolean;
  onChanged: () => void;
}) {
  const t = useT(S);
  const { editing, setEditing, done, error, finish, deactivate } = useRowEditor({
    saved: (name) => t('saved', { name }),
    confirm: (name) => t('confirmDeactivate', { name }),
    deactivatePath: (id) => `/directory/stations/${id}/deactivate`,
    onChanged: props.onChanged,
  });
  const current = props.stations.find((s) => s.id === editing);
  return (
    <section class="card dir-block" aria-labelledby="stations-h">
      <h2 id="stations-h">{t('heading', { district: props.districtName })}</h2>
      {done && <Notice kind="success">{done}</Notice>}
      <ErrorNotice error={error} />
      {props.stations.length === 0 ? (
        <p class="muted">{t('none')}</p>
      ) : (
        <div class="table-wrap">
          <table data-stations={props.district}>
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('nameHi')}</th>
                <th scope="col">{t('status')}</th>
                {props.canEdit && <th scope="col">{t('actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {props.stations.map((s) => (
                <tr key={s.id} data-station={s.name} class={s.active ? undefined : 'inactive'}>
                  <th scope="row">{s.name}</th>
                  <td lang="hi">{s.nameHi ?? '—'}</td>
                  <td>{s.active ? t('active') : t('inactive')}</td>
                  {props.canEdit && (
                    <RowActions
                      active={s.active}
                      onEdit={() => setEditing(s.id)}
                      onDeactivate={() => deactivate(s)}
                      text={{
                        edit: t('edit'),
                        editOf: t('editOf', { name: s.name }),
                        deactivate: t('deactivate'),
                        deactivateOf: t('deactivateOf', { name: s.name }),
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
          <StationForm key={editing} district={props.district} station={current} onDone={finish} />
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
