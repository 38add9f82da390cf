// Escalation policy: the version in force, every version (published ones never change), each
// wait's ladder, per-district overrides, drafts for supervisors, and the dry run.
import { useRef, useState } from 'preact/hooks';
import { ErrorNotice } from '../components/notice.js';
import { api } from '../lib/api.js';
import { formatDateTime } from '../lib/format.js';
import { useLoad } from '../lib/hooks.js';
import { defineStrings, useLang, useT } from '../lib/i18n.js';
import type { PageProps } from '../lib/page-props.js';
import { hasRole, useSession } from '../lib/session.js';
import { DryRun } from './policies-dry-run.js';
import { DraftEditor, NewDraft } from './policies-editor.js';
import { LadderView, type PolicyDocument, PolicySettings } from './policies-ladders.js';
import { NotAllowed } from './reports.js';
import './policies.css';

interface Summary {
  version: string;
  status: 'draft' | 'published';
  inForce: boolean;
  note: string | null;
  basedOn: string | null;
  createdBy: string;
  createdAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
}
interface Current {
  version: string;
  source: 'published' | 'built-in';
  document: PolicyDocument;
}

const S = defineStrings(
  {
    title: 'Escalation policy',
    intro: 'Who is e-mailed, and when, while a case waits. Each case keeps the version it opened with.',
    notAllowedTitle: 'Not allowed',
    notAllowed: 'Your role may not see the escalation policy. SMC supervisors, administrators and auditors can.',
    inForce: 'In force: {version}',
    builtIn: 'the built-in default (nothing published yet)',
    versions: 'Versions',
    version: 'Version',
    status: 'Status',
    draft: 'Draft',
    published: 'Published',
    inForceBadge: 'in force',
    note: 'Note',
    created: 'Created',
    publishedAt: 'Published',
    view: 'View {version}',
    viewing: 'Viewing {version}',
    noVersions: 'No version has been saved yet; the built-in default is in force.',
    immutable: 'Published: this version never changes. To change the policy, create a draft from it.',
    draftNote: 'Draft: not used by any case until it is published.',
    loading: 'Loading…',
  },
  {
    title: 'एस्केलेशन नीति',
    intro: 'मामला रुका रहे तो किसे और कब ई-मेल जाता है। हर मामला वही संस्करण रखता है जिसके साथ वह खुला।',
    notAllowedTitle: 'अनुमति नहीं',
    notAllowed: 'आपकी भूमिका एस्केलेशन नीति नहीं देख सकती। एसएमसी पर्यवेक्षक, प्रशासक और लेखा परीक्षक देख सकते हैं।',
    inForce: 'लागू: {version}',
    builtIn: 'अंतर्निहित डिफ़ॉल्ट (अभी कुछ प्रकाशित नहीं)',
    versions: 'संस्करण',
    version: 'संस्करण',
    status: 'स्थिति',
    draft: 'मसौदा',
    published: 'प्रकाशित',
    inForceBadge: 'लागू',
    note: 'टिप्पणी',
    created: 'बनाया',
    publishedAt: 'प्रकाशित',
    view: '{version} देखें',
    viewing: '{version} देखा जा रहा है',
    noVersions: 'अभी कोई संस्करण सहेजा नहीं गया; अंतर्निहित डिफ़ॉल्ट लागू है।',
    immutable: 'प्रकाशित: यह संस्करण कभी नहीं बदलता। नीति बदलने के लिए इससे एक मसौदा बनाएँ।',
    draftNote: 'मसौदा: प्रकाशित होने तक कोई मामला इसका उपयोग नहीं करता।',
    loading: 'लोड हो रहा है…',
  },
);

/** Who may read policies (api/routes/policies.ts); supervisors edit, supervisors and admins dry-run. */
const READERS = ['smc_supervisor', 'smc_operator', 'admin', 'auditor'];

export function PoliciesPage(props: PageProps) {
  const t = useT(S);
  const { me } = useSession();
  if (!hasRole(me, ...READERS)) return <NotAllowed title={t('notAllowedTitle')} message={t('notAllowed')} />;
  return <Policies {...props} />;
}

function Policies(_props: PageProps) {
  const t = useT(S);
  const lang = useLang();
  const { me } = useSession();
  const canEdit = hasRole(me, 'smc_supervisor');
  const canDryRun = hasRole(me, 'smc_supervisor', 'admin');
  const [tick, setTick] = useState(0);
  const [selected, setSelected] = useState<string>();
  const editorText = useRef('');
  const lists = useLoad(
    async (signal) => {
      const [current, list] = await Promise.all([
        api.get<Current>('/policies/current', { signal }),
        api.get<{ items: Summary[] }>('/policies', { signal }),
      ]);
      return { current, items: list.items };
    },
    [tick],
  );
  const shown = selected ?? lists.data?.current.version;
  const isCurrent = shown === lists.data?.current.version;
  const detail = useLoad(
    async (signal) =>
      shown && !isCurrent
        ? api.get<Summary & { document: PolicyDocument }>(`/policies/${shown}`, { signal })
        : undefined,
    [shown, tick],
  );
  const refresh = () => setTick((n) => n + 1);
  if (lists.error?.status === 403) return <NotAllowed title={t('notAllowedTitle')} message={t('notAllowed')} />;
  const data = lists.data;
  const doc = isCurrent ? data?.current.document : detail.data?.document;
  const summary = data?.items.find((i) => i.version === shown);
  return (
    <section class="policies" aria-labelledby="policies-h">
      <h1 id="policies-h">{t('title')}</h1>
      <p class="muted">{t('intro')}</p>
      <ErrorNotice error={lists.error ?? detail.error} />
      {!data && lists.loading && <p role="status">{t('loading')}</p>}
      {data && (
        <>
          <p class="in-force" data-in-force={data.current.version}>
            <strong>
              {t('inForce', {
                version:
                  data.current.source === 'built-in'
                    ? `${data.current.version} · ${t('builtIn')}`
                    : data.current.version,
              })}
            </strong>
          </p>
          <section class="card policy-block" aria-labelledby="versions-h">
            <h2 id="versions-h">{t('versions')}</h2>
            {data.items.length === 0 ? (
              <p class="muted">{t('noVersions')}</p>
            ) : (
              <div class="table-wrap">
                <table data-versions>
                  <thead>
                    <tr>
                      <th scope="col">{t('version')}</th>
                      <th scope="col">{t('status')}</th>
                      <th scope="col">{t('note')}</th>
                      <th scope="col">{t('created')}</th>
                      <th scope="col">{t('publishedAt')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((v) => (
                      <tr
                        key={v.version}
                        data-version={v.version}
                        aria-current={v.version === shown ? 'true' : undefined}
                      >
                        <th scope="row">
                          <button
                            type="button"
                            class="link-button"
                            aria-pressed={v.version === shown}
                            onClick={() => setSelected(v.version)}
                          >
                            {v.version}
                          </button>
                        </th>
                        <td>
                          {v.status === 'published' ? t('published') : t('draft')}{' '}
                          {v.inForce && <span class="badge badge-in-force">{t('inForceBadge')}</span>}
                        </td>
                        <td>{v.note ?? '—'}</td>
                        <td>
                          {formatDateTime(v.createdAt, lang)} · {v.createdBy}
                        </td>
                        <td>{v.publishedAt ? `${formatDateTime(v.publishedAt, lang)} · ${v.publishedBy}` : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          {doc && shown && (
            <section class="card policy-block" aria-labelledby="viewing-h" data-viewing={shown}>
              <h2 id="viewing-h">{t('viewing', { version: shown })}</h2>
              {summary && <p class="muted">{summary.status === 'published' ? t('immutable') : t('draftNote')}</p>}
              <PolicySettings doc={doc} />
              <LadderView key={shown} doc={doc} />
            </section>
          )}
          {canEdit && summary?.status === 'draft' && doc && (
            <DraftEditor
              key={shown}
              version={summary.version}
              document={doc}
              note={summary.note}
              onChanged={refresh}
              textRef={editorText}
            />
          )}
          {canEdit && (
            <NewDraft
              versions={data.items.map((i) => i.version)}
              onCreated={(v) => {
                setSelected(v);
                refresh();
              }}
            />
          )}
          {canDryRun && (
            <DryRun
              versions={data.items.map((i) => i.version)}
              draftDocument={
                canEdit && summary?.status === 'draft' ? () => JSON.parse(editorText.current || '{}') : undefined
              }
            />
          )}
        </>
      )}
    </section>
  );
}
