import assert from 'node:assert/strict';
import test from 'node:test';

import {
  choicesFrom, mergeAnswers, pageBody, pageIndex, resumePage, simulatedChoices,
} from '../../frontend/static/js/questionnaire/state.js';

const page = {
  index: 2,
  items: [{ id: 'LEAD1' }, { id: 'CONN1' }, { id: 'AUTO1' }],
  context_questions: [{ id: 'role', options: [{ code: 'front' }, { code: 'support' }] }],
};

test('resume after the last page saved on the server or waiting to be sent', () => {
  assert.equal(resumePage(0, [], 5), 1);
  assert.equal(resumePage(2, [], 5), 3);
  assert.equal(resumePage(1, [3, 2], 5), 4);
  assert.equal(resumePage(5, [], 5), 5);
});

test('a page body leaves blanks out and sends "don\'t know" as null', () => {
  const body = pageBody(page, { LEAD1: '4', CONN1: 'dk', 'context:role': 'support' }, 1234.5);
  assert.deepEqual(body, {
    answers: [{ item_id: 'LEAD1', value: 4 }, { item_id: 'CONN1', value: null }],
    context: { role: 'support' },
    duration_ms: 1234.5,
  });
});

test('pending pages overlay the server answers, and round-trip to radio values', () => {
  const server = { answers: { LEAD1: 2, CONN1: 3 }, context: {} };
  const pending = [{ answers: [{ item_id: 'CONN1', value: null }], context: { role: 'front' } }];
  const merged = mergeAnswers(server, pending);
  assert.deepEqual(merged, { answers: { LEAD1: 2, CONN1: null }, context: { role: 'front' } });
  assert.deepEqual(choicesFrom(merged.answers, merged.context), {
    LEAD1: '2', CONN1: 'dk', 'context:role': 'front',
  });
});

test('simulated answers stay on the scale and are the same on every call', () => {
  const first = simulatedChoices(page, 5);
  assert.deepEqual(first, simulatedChoices(page, 5));
  for (const item of page.items) assert.ok(['2', '3', '4', '5'].includes(first[item.id]));
  assert.equal(first['context:role'], 'front');
  assert.equal(pageIndex('qpage-12'), 12);
});
