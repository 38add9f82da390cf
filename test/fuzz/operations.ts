// The operations of the served OpenAPI document, each with what the contract says about its
// path, query, headers and body: the fuzz generates requests from this and nothing else.
import type { Schema } from './schema-valid.js';

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  /** "POST /cases/{id}/notes", as in the document. */
  key: string;
  method: string;
  path: string;
  params: Param[];
  body?: Schema;
  responses: string[];
}

interface Doc {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Param[]; requestBody?: { content: Record<string, { schema: Schema }> }; responses?: object }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

/** Replaces every $ref with the schema it points at (the document's refs are #/components/schemas/…). */
function deref(node: unknown, doc: Doc, depth = 0): unknown {
  if (Array.isArray(node)) return node.map((n) => deref(n, doc, depth));
  if (!node || typeof node !== 'object') return node;
  const ref = (node as { $ref?: string }).$ref;
  if (ref && depth < 10) {
    const name = ref.replace(/^#\/components\/schemas\//, '');
    return deref(doc.components?.schemas?.[name] ?? {}, doc, depth + 1);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(v, doc, depth)]));
}

export function operationsOf(raw: unknown): Operation[] {
  const doc = raw as Doc;
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (path.startsWith('/docs')) continue;
    for (const [method, op] of Object.entries(ops)) {
      const body = op.requestBody?.content['application/json']?.schema;
      out.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).map((p) => deref(p, doc) as Param),
        body: body ? (deref(body, doc) as Schema) : undefined,
        responses: Object.keys(op.responses ?? {}),
      });
    }
  }
  return out;
}

/** The Fastify route of a documented path ("/cases/{id}" → "/cases/:id"). */
export const routeOf = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');
