import { html, raw } from 'hono/html';

type Schema = Record<string, any>;

const STYLE = `
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2329;background:#fafbfc}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{margin-top:0}h2{border-bottom:1px solid #dde1e6;padding-bottom:.3rem;margin-top:2.5rem}
.op{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:1rem 1.25rem;margin:1rem 0}
.m{display:inline-block;min-width:3.5rem;text-align:center;font-weight:700;border-radius:4px;padding:.1rem .4rem;color:#fff;margin-right:.5rem}
.get{background:#1f883d}.post{background:#1f6feb}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.88em}
pre{background:#f1f3f5;padding:.75rem;border-radius:6px;overflow:auto;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border:1px solid #e3e6ea;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f5f6f8}.req{color:#cf222e}nav a{margin-right:1rem}
`;

const refName = (s: Schema) => (typeof s?.$ref === 'string' ? s.$ref.split('/').pop() : null);

function typeOf(s: Schema): unknown {
  const r = refName(s);
  if (r) return html`<a href="#schema-${r}">${r}</a>`;
  if (s.oneOf) return html`${s.oneOf.map((x: Schema, i: number) => html`${i ? ' | ' : ''}${typeOf(x)}`)}`;
  let t = s.type ?? 'any';
  if (s.enum) t = `${t}: ${s.enum.join(' | ')}`;
  if (s.format) t = `${t} (${s.format})`;
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') t = `object of ${s.additionalProperties.type ?? 'any'}`;
  return `${t}${s.nullable ? ', nullable' : ''}`;
}

function props(s: Schema) {
  const r = refName(s);
  if (r) return html`<p>Schema: <a href="#schema-${r}">${r}</a></p>`;
  if (!s.properties) return html`<p><code>${typeOf(s)}</code></p>`;
  const required = new Set<string>(s.required ?? []);
  return html`<table><tr><th>field</th><th>type</th><th>notes</th></tr>${Object.entries<Schema>(s.properties).map(([k, v]) => html`
    <tr><td><code>${k}</code>${required.has(k) ? html` <span class="req">*</span>` : ''}</td><td>${typeOf(v)}</td>
    <td>${v.description ?? ''}${v.pattern ? html` <code>${v.pattern}</code>` : ''}${v.maxLength ? ` (max ${v.maxLength})` : ''}</td></tr>`)}</table>`;
}

/** A self-contained page (no script, no CDN) rendering the OpenAPI description. */
export function renderDocs(spec: Schema) {
  const ops = Object.entries<Schema>(spec.paths).flatMap(([path, item]) => Object.entries<Schema>(item).map(([method, op]) => ({ path, method, op })));
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${spec.info.title}</title><style>${raw(STYLE)}</style></head><body><main>
<h1>${spec.info.title} <small>v${spec.info.version}</small></h1>
<nav><a href="/openapi.json">openapi.json</a><a href="#endpoints">Endpoints</a><a href="#schemas">Schemas</a></nav>
${spec.info.description.split('\n\n').map((p: string) => html`<p>${p}</p>`)}
<p>Server: <code>${spec.servers[0].url}</code></p>
<h2 id="endpoints">Endpoints</h2>
${ops.map(({ path, method, op }) => html`<section class="op" id="${op.operationId}">
  <h3><span class="m ${method}">${method.toUpperCase()}</span><code>${path}</code> — ${op.summary}</h3>
  ${op.description ? html`<p>${op.description}</p>` : ''}
  ${op.parameters?.length ? html`<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th>notes</th></tr>${op.parameters.map((p: Schema) => html`
    <tr><td><code>${p.name}</code>${p.required ? html` <span class="req">*</span>` : ''}</td><td>${p.in}</td><td>${typeOf(p.schema)}</td><td>${p.description ?? ''}</td></tr>`)}</table>` : ''}
  ${op.requestBody ? html`<h4>Body</h4>${props(op.requestBody.content['application/json'].schema)}` : ''}
  <h4>Responses</h4><table>${Object.entries<Schema>(op.responses).map(([code, r]) => html`
    <tr><td><code>${code}</code></td><td>${r.description}${r.content ? html` — ${typeOf(r.content['application/json'].schema)}` : ''}</td></tr>`)}</table>
</section>`)}
<h2 id="schemas">Schemas</h2>
${Object.entries<Schema>(spec.components.schemas).map(([name, s]) => html`<section class="op" id="schema-${name}"><h3>${name}</h3>
  ${s.description ? html`<p>${s.description}</p>` : ''}${props(s)}</section>`)}
</main></body></html>`;
}
