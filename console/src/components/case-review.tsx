// The learning review on the case page: "review needed" (and why) while a case that went wrong
// waits for it before sign-off, then what the review said. Nothing shows for a case that
// needs none.
import type { CaseState } from '../../../contract/case.js';
import { reviewPending, reviewReason } from '../../../domain/steps/review.js';
import { formatDateTime } from '../lib/format.js';
import { defineStrings, useLang, useT } from '../lib/i18n.js';
import { DELAY_REASON_LABELS, FOUND_BY_LABELS } from '../lib/step-form-strings.js';

const S = defineStrings(
  {
    title: 'Learning review',
    needed: 'Review needed before sign-off',
    why: 'Why: {reason}.',
    intro: 'A short, blameless review: what delayed us, what would have saved minutes, which line found the person.',
    'the person died': 'the person died',
    'the person was not found at the place': 'the person was not found at the place',
    'the person was not located': 'the person was not located',
    'an escalation reached its final level': 'an escalation reached its final level',
    delayedBy: 'What delayed us',
    savedMinutes: 'What would have saved minutes',
    foundBy: 'Found by',
    by: 'Reviewed by {who}, {at}',
  },
  {
    title: 'सीख समीक्षा',
    needed: 'अंतिम स्वीकृति से पहले समीक्षा आवश्यक',
    why: 'कारण: {reason}।',
    intro: 'एक छोटी, दोष-रहित समीक्षा: किस बात से देर हुई, किससे कुछ मिनट बचते, किस दिशा से व्यक्ति मिला।',
    'the person died': 'व्यक्ति की मृत्यु हुई',
    'the person was not found at the place': 'व्यक्ति उस स्थान पर नहीं मिला',
    'the person was not located': 'व्यक्ति का स्थान नहीं मिला',
    'an escalation reached its final level': 'एक एस्केलेशन अपने अंतिम स्तर तक पहुँचा',
    delayedBy: 'किस बात से देर हुई',
    savedMinutes: 'किससे कुछ मिनट बचते',
    foundBy: 'किससे मिला',
    by: 'समीक्षक {who}, {at}',
  },
);

type ReasonKey =
  | 'the person died'
  | 'the person was not found at the place'
  | 'the person was not located'
  | 'an escalation reached its final level';

export function CaseReview(props: { state: CaseState }) {
  const t = useT(S);
  const lang = useLang();
  const review = props.state.learningReview;
  if (review) {
    return (
      <section class="card case-review" aria-labelledby="review-title" data-review="done">
        <h2 id="review-title">{t('title')}</h2>
        <dl>
          <dt>{t('delayedBy')}</dt>
          <dd>{review.delayedBy.map((d) => DELAY_REASON_LABELS[d]?.[lang] ?? d).join(' · ')}</dd>
          <dt>{t('savedMinutes')}</dt>
          <dd>{review.savedMinutes}</dd>
          <dt>{t('foundBy')}</dt>
          <dd>{FOUND_BY_LABELS[review.foundBy]?.[lang] ?? review.foundBy}</dd>
        </dl>
        <p class="muted">{t('by', { who: review.by.name ?? review.by.id, at: formatDateTime(review.at, lang) })}</p>
      </section>
    );
  }
  if (!reviewPending(props.state)) return null;
  const reason = reviewReason(props.state) as ReasonKey;
  return (
    <section class="card case-review case-review-needed" aria-labelledby="review-title" data-review="needed">
      <h2 id="review-title">{t('title')}</h2>
      <p>
        <span class="badge badge-overdue">{t('needed')}</span> {t('why', { reason: t(reason) })}
      </p>
      <p class="muted">{t('intro')}</p>
    </section>
  );
}
