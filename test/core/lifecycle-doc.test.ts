import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TRANSITIONS } from '../../core/orders/index.ts';

test('docs/lifecycle.md shows every edge of the transition table and no other', () => {
  const doc = readFileSync('docs/lifecycle.md', 'utf8');
  const edges = new Set([...doc.matchAll(/^\s+(\w+) --> (\w+): ([\w /]+?)(?: \(|$)/gm)].flatMap((m) => m[3].split(' / ').map((a) => `${m[1]}>${m[2]}:${a.trim()}`)));
  const expected = new Set<string>();
  for (const [action, rule] of Object.entries(TRANSITIONS)) {
    for (const from of rule.from) expected.add(`${from}>${rule.to}:${action}`);
  }
  for (const e of expected) assert.ok(edges.has(e), `diagram lacks ${e}`);
  for (const e of edges) assert.ok(expected.has(e), `diagram has ${e}, the table does not`);
});
