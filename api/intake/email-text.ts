// Turns an e-mail body (plain text or HTML) into clean lines the field reader can scan.
// Our own small HTML flattening rather than mailparser's html-to-text: table cells must stay
// "label<TAB>value" on one line, link targets must be kept, and it must stay linear in time.

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (Object.hasOwn(ENTITIES, lower)) return ENTITIES[lower];
    const code = lower.startsWith('#x')
      ? Number.parseInt(lower.slice(2), 16)
      : lower.startsWith('#')
        ? Number.parseInt(lower.slice(1), 10)
        : Number.NaN;
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

// Removes <!-- comments --> with indexOf rather than a lazy regex, which is quadratic on a
// body full of unclosed "<!--" (mail is untrusted input; a hostile body must not stall intake).
function dropComments(html: string): string {
  let out = '';
  let at = 0;
  for (let open = html.indexOf('<!--'); open !== -1; open = html.indexOf('<!--', at)) {
    out += html.slice(at, open);
    const close = html.indexOf('-->', open + 4);
    if (close === -1) return out;
    at = close + 3;
  }
  return out + html.slice(at);
}

const BLOCK = /^<\/?(p|div|tr|li|ul|ol|table|h[1-6]|blockquote|pre|hr|br)\b/i;
const HIDDEN = /^<(head|style|script|title)\b/i;
const HREF = /\bhref\s*=\s*["']?(https?:[^"'\s>]+)/i;

/** HTML to text: block ends become line breaks, adjacent table cells a tab, links keep their target. */
export function htmlToText(html: string): string {
  // Tags never contain "<", so splitting on <[^<>]*> is linear whatever the input.
  const parts = dropComments(html)
    .replace(/\r?\n/g, ' ')
    .split(/(<[^<>]*>)/);
  let out = '';
  let hiddenUntil: string | undefined;
  let link: { href: string; from: number } | undefined;
  let cellEnded = false;
  for (const [i, part] of parts.entries()) {
    if (i % 2 === 0) {
      // even parts are text between tags, odd parts the tags split() captured
      if (!hiddenUntil) out += part;
      if (part.trim()) cellEnded = false;
      continue;
    }
    const tag = part.toLowerCase();
    if (hiddenUntil) {
      if (tag.startsWith(hiddenUntil)) hiddenUntil = undefined;
      continue;
    }
    const hidden = HIDDEN.exec(part);
    if (hidden) hiddenUntil = `</${hidden[1].toLowerCase()}`;
    else if (/^<\/t[dh]\b/.test(tag)) cellEnded = true;
    else if (/^<t[dh]\b/.test(tag)) {
      if (cellEnded) out += '\t'; // "<td>Reference</td><td>LR-1</td>" reads as "Reference<TAB>LR-1"
      cellEnded = false;
    } else if (/^<a\b/.test(tag)) {
      const href = HREF.exec(part)?.[1];
      link = href ? { href, from: out.length } : undefined;
    } else if (tag.startsWith('</a') && link) {
      if (!out.slice(link.from).includes(link.href)) out += ` <${link.href}>`;
      link = undefined;
    } else if (BLOCK.test(part)) {
      out += '\n';
      cellEnded = false;
    }
  }
  return decodeEntities(out);
}

/**
 * Normalises line endings and odd spaces, and removes reply quoting ("> ", "> > ") so that a
 * forwarded or replied-to alert reads like the original.
 */
export function cleanLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, ' ')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .split('\n')
    .map((line) => line.replace(/^[ \t]*(?:>[ \t]?)+/, '').trimEnd()); // trimEnd, not /\s+$/: that regex is quadratic on long runs of spaces
}

// "Ref LR-2024-0231-7781", "Ref: ...", "Reference No. ...", "Ref#...". The reference must hold a
// digit, so that prose such as "Ref to our call" is not taken for one.
const SUBJECT_REF =
  /\bref(?:erence)?\.?(?:\s*(?:no|number|id)\.?)?\s*(?:[:#]\s*)?([A-Za-z0-9][A-Za-z0-9._:/-]{0,119})/gi;

/** The sender's reference written in a subject line, if any. */
export function referenceInSubject(subject: string): string | undefined {
  for (const m of subject.slice(0, 2000).matchAll(SUBJECT_REF)) {
    const ref = m[1].replace(/[.:/-]+$/, '');
    if (/\d/.test(ref)) return ref;
  }
  return undefined;
}
