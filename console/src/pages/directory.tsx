// The directory: for a chosen district, who each escalation role reaches right now, its police
// stations and its contacts; HQ and other states' contacts too. Admins change it; HQ reads it.
import { useState } from 'preact/hooks';
import { ErrorNotice } from '../components/notice.js';
import { api, query } from '../lib/api.js';
import { useLoad } from '../lib/hooks.js';
import { defineStrings, useLang, useT } from '../lib/i18n.js';
import { recipientLabels, useLabel } from '../lib/labels.js';
import type { PageProps } from '../lib/page-props.js';
import { navigate } from '../lib/router.js';
import { hasRole, useSession } from '../lib/session.js';
import { type Contact, Contacts } from './directory-contacts.js';
import { type Station, Stations } from './directory-stations.js';
import { NotAllowed } from './reports.js';
import './directory.css';

interface District {
  code: string;
  nameEn: string;
  nameHi: string;
  policing: string;
}

const S = defineStrings(
  {
    title: 'Directory',
    intro: 'Who each escalation e-mail reaches, by role and place, with duty shifts in IST.',
    notAllowedTitle: 'Not allowed',
    notAllowed: 'Your role may not see the directory. SMC supervisors and administrators can.',
    district: 'District',
    show: 'Contacts shown',
    ofDistrict: 'This district',
    hq: 'HQ (SMC)',
    states: 'State: 112 and other states’ nodal officers',
    onDuty: 'Reaches now in {district}',
    onDutyIntro: 'Exactly as escalation e-mails resolve it at this minute.',
    role: 'Role',
    reaches: 'Reaches',
    nobody: 'Nobody on duty: the e-mail goes to the SMC supervisor',
    contactsOf: 'Contacts: {which}',
    readOnly: 'Only administrators change the directory.',
    loading: 'Loading…',
  },
  {
    title: 'निर्देशिका',
    intro: 'हर एस्केलेशन ई-मेल किस तक पहुँचता है, भूमिका और स्थान के अनुसार, IST में ड्यूटी पाली के साथ।',
    notAllowedTitle: 'अनुमति नहीं',
    notAllowed: 'आपकी भूमिका निर्देशिका नहीं देख सकती। एसएमसी पर्यवेक्षक और प्रशासक देख सकते हैं।',
    district: 'जनपद',
    show: 'दिखाए गए संपर्क',
    ofDistrict: 'यह जनपद',
    hq: 'मुख्यालय (एसएमसी)',
    states: 'राज्य: 112 और अन्य राज्यों के नोडल अधिकारी',
    onDuty: '{district} में अभी कौन',
    onDutyIntro: 'ठीक वैसे ही जैसे इस समय एस्केलेशन ई-मेल का पता तय होता है।',
    role: 'भूमिका',
    reaches: 'किस तक पहुँचता है',
    nobody: 'ड्यूटी पर कोई नहीं: ई-मेल एसएमसी पर्यवेक्षक को जाता है',
    contactsOf: 'संपर्क: {which}',
    readOnly: 'निर्देशिका केवल प्रशासक बदलते हैं।',
    loading: 'लोड हो रहा है…',
  },
);

/** Who may read the directory (api/routes/directory.ts); admins change it. */
const READERS = ['admin', 'smc_supervisor', 'smc_operator', 'auditor'];
const DISTRICT_ROLES = [
  'district_control_room',
  'police_station',
  'sp',
  'cp_or_range_ig',
  'adg_zone',
  'emergency_112',
  'smc_supervisor',
  'smc_incharge',
];

export function DirectoryPage(props: PageProps) {
  const t = useT(S);
  const { me } = useSession();
  if (!hasRole(me, ...READERS)) return <NotAllowed title={t('notAllowedTitle')} message={t('notAllowed')} />;
  return <Directory {...props} />;
}

function Directory({ search }: PageProps) {
  const t = useT(S);
  const l = useLabel();
  const lang = useLang();
  const { me } = useSession();
  const canEdit = hasRole(me, 'admin');
  const code = /^[A-Z]{3}$/.test(search.get('district') ?? '') ? (search.get('district') as string) : 'AGR';
  const [view, setView] = useState<'district' | 'hq' | 'state'>('district');
  const [tick, setTick] = useState(0);
  const districts = useLoad((signal) => api.get<{ items: District[] }>('/directory/districts', { signal }), []);
  const data = useLoad(
    async (signal) => {
      const contactQuery = view === 'district' ? { district: code } : { scope: view };
      const [stations, contacts, duty] = await Promise.all([
        api.get<{ items: Station[] }>(`/directory/stations${query({ district: code })}`, { signal }),
        api.get<{ items: Contact[] }>(`/directory/contacts${query(contactQuery)}`, { signal }),
        Promise.all(
          DISTRICT_ROLES.map((role) =>
            api
              .get<{ items: { name: string; email: string }[] }>(
                `/directory/on-duty${query({ role, district: code })}`,
                { signal },
              )
              .then((r) => ({ role, people: r.items })),
          ),
        ),
      ]);
      return { stations: stations.items, contacts: contacts.items, duty };
    },
    [code, view, tick],
  );
  const error = districts.error ?? data.error;
  if (error?.status === 403) return <NotAllowed title={t('notAllowedTitle')} message={t('notAllowed')} />;
  const district = districts.data?.items.find((d) => d.code === code);
  const districtName = district ? `${lang === 'hi' ? district.nameHi : district.nameEn} (${code})` : code;
  const refresh = () => setTick((n) => n + 1);
  return (
    <section class="directory" aria-labelledby="directory-h">
      <h1 id="directory-h">{t('title')}</h1>
      <p class="muted">
        {t('intro')} {!canEdit && t('readOnly')}
      </p>
      <div class="card dir-filter">
        <label>
          {t('district')}{' '}
          <select
            value={code}
            onChange={(e) =>
              navigate(`/directory${query({ district: (e.target as HTMLSelectElement).value })}`, { replace: true })
            }
            name="district"
          >
            {(districts.data?.items ?? [{ code, nameEn: code, nameHi: code, policing: '' }]).map((d) => (
              <option key={d.code} value={d.code}>
                {d.code} · {lang === 'hi' ? d.nameHi : d.nameEn}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('show')}{' '}
          <select
            value={view}
            onChange={(e) => setView((e.target as HTMLSelectElement).value as typeof view)}
            name="view"
          >
            <option value="district">{t('ofDistrict')}</option>
            <option value="hq">{t('hq')}</option>
            <option value="state">{t('states')}</option>
          </select>
        </label>
      </div>
      <ErrorNotice error={error} />
      {!data.data && data.loading && <p role="status">{t('loading')}</p>}
      {data.data && (
        <>
          <section class="card dir-block" aria-labelledby="duty-h">
            <h2 id="duty-h">{t('onDuty', { district: districtName })}</h2>
            <p class="muted">{t('onDutyIntro')}</p>
            <div class="table-wrap">
              <table data-on-duty={code}>
                <thead>
                  <tr>
                    <th scope="col">{t('role')}</th>
                    <th scope="col">{t('reaches')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.data.duty.map((d) => (
                    <tr key={d.role} data-role={d.role}>
                      <th scope="row">{l(recipientLabels(), d.role)}</th>
                      <td>
                        {d.people.length === 0 ? (
                          <span class="nobody">{t('nobody')}</span>
                        ) : (
                          d.people.map((p) => (
                            <div key={p.email}>
                              {p.name} <span class="muted">&lt;{p.email}&gt;</span>
                            </div>
                          ))
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <Stations
            district={code}
            districtName={districtName}
            stations={data.data.stations}
            canEdit={canEdit}
            onChanged={refresh}
          />
          <Contacts
            heading={t('contactsOf', {
              which: view === 'district' ? districtName : view === 'hq' ? t('hq') : t('states'),
            })}
            district={code}
            contacts={data.data.contacts}
            stations={data.data.stations}
            canEdit={canEdit}
            onChanged={refresh}
          />
        </>
      )}
    </section>
  );
}
