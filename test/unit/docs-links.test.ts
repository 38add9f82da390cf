// The README and docs/ are one house: every relative link (and its #anchor) leads to a file
// inside the repository, no link climbs out of it (a clone elsewhere would find it broken),
// and the docs index links every page. Links inside code blocks and code spans are text.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

function markdownUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownUnder(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

const PAGES = ['README.md', ...markdownUnder('docs')];

/** The text outside fenced code blocks; code spans removed, or with `spans: 'keep'` their text kept. */
function prose(text: string, spans: 'drop' | 'keep' = 'drop'): string {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker?.startsWith(fence)) fence = undefined;
      lines.push('');
    } else if (marker) {
      fence = marker;
      lines.push('');
    } else {
      lines.push(line.replace(/(`+)([^`]*?)\1/g, spans === 'keep' ? '$2' : ''));
    }
  }
  return lines.join('\n');
}

/** Link and image targets: [text](target "title"), ![alt](target), and [label]: target definitions. */
function linkTargets(text: string): string[] {
  const body = prose(text);
  const inline = [...body.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  const defined = [...body.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1]);
  return [...inline, ...defined];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of prose(text, 'keep').split('\n')) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = heading
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}_\- ]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** Every problem with the links of one page, as "page: target: why". */
function problemsOf(page: string): string[] {
  const text = readFileSync(join(ROOT, page), 'utf8');
  const problems: string[] = [];
  for (const target of linkTargets(text)) {
    if (isExternal(target)) continue;
    const [pathPart, anchor] = target.split('#', 2);
    const path = decodeURIComponent(pathPart.split('?')[0]);
    const file =
      path === '' ? join(ROOT, page) : path.startsWith('/') ? join(ROOT, path) : resolve(ROOT, dirname(page), path);
    const inside = relative(ROOT, file);
    if (inside === '..' || inside.startsWith(`..${sep}`)) {
      problems.push(`${page}: ${target}: leaves the repository`);
      continue;
    }
    if (inside.split(sep)[0] === 'node_modules' || !existsSync(file)) {
      problems.push(`${page}: ${target}: no such file in the repository`);
      continue;
    }
    if (
      anchor &&
      statSync(file).isFile() &&
      file.endsWith('.md') &&
      !headingAnchors(readFileSync(file, 'utf8')).has(anchor)
    ) {
      problems.push(`${page}: ${target}: ${inside} has no heading #${anchor}`);
    }
  }
  return problems;
}

describe('the documentation links', () => {
  it('finds the README and the docs pages', () => {
    expect(PAGES).toContain('README.md');
    expect(PAGES).toContain(join('docs', 'README.md'));
  });

  it.each(PAGES)('%s: every relative link resolves inside the repository, anchors included', (page) => {
    expect(problemsOf(page)).toEqual([]);
  });

  it('the docs index links every page of docs/', () => {
    const index = join('docs', 'README.md');
    const linked = new Set(
      linkTargets(readFileSync(join(ROOT, index), 'utf8'))
        .filter((t) => !isExternal(t))
        .map((t) => relative(ROOT, resolve(ROOT, 'docs', t.split('#')[0]))),
    );
    expect(PAGES.filter((p) => p !== index && p.startsWith(`docs${sep}`) && !linked.has(p))).toEqual([]);
  });

  it('reads links as GitHub renders them', () => {
    const sample = [
      '# Synthetic data: `npm run generate`',
      "## Temporal's payloads are encrypted",
      '## Notes',
      '## Notes',
      '```sh',
      '# not a heading [nor](a-link.md)',
      '```',
      'See [a page](other.md#x), `[code](not-a-link.md)`, ![pic](img.png "title") and [out](https://example.org).',
      '[ref]: defined.md',
    ].join('\n');
    expect([...headingAnchors(sample)]).toEqual([
      'synthetic-data-npm-run-generate',
      'temporals-payloads-are-encrypted',
      'notes',
      'notes-1',
    ]);
    expect(linkTargets(sample)).toEqual(['other.md#x', 'img.png', 'https://example.org', 'defined.md']);
  });

  it('refuses a link that climbs out of the repository', () => {
    expect(relative(ROOT, resolve(ROOT, '../shared/design/DOMAIN.md')).startsWith('..')).toBe(true);
  });
});
