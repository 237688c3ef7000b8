import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineModule } from './fakes.mjs';

const { createDisplay } = await engineModule('display.js');

// Just enough DOM for display.js; it has no innerHTML, so any use of it would show up as a miss.
class FakeElement {
  constructor(tag) {
    Object.assign(this, { tag, className: '', textContent: '', hidden: false, children: [], attrs: {} });
    this.classList = { add: (c) => { this.className = `${this.className} ${c}`.trim(); } };
  }
  append(...nodes) { this.children.push(...nodes); }
  replaceChildren(...nodes) { this.children = nodes; }
  setAttribute(name, value) { this.attrs[name] = value; }
  querySelector(selector) { // '.class' among the children only
    return this.children.find((n) => n.className?.split(' ').includes(selector.slice(1))) || null;
  }
}
const fakeDoc = { createElement: (tag) => new FakeElement(tag) };

function setupDisplay(options = {}) {
  const root = new FakeElement('div');
  return { root, display: createDisplay(root, { doc: fakeDoc, ...options }) };
}

test('each stimulus is a fresh element carrying its elementtiming identifier', () => {
  const { display } = setupDisplay();
  const a = display.showStimulus({ text: '<b>Joie</b>', kind: 'attribute' }, 'iat-stim-0');
  const b = display.showStimulus({ text: 'Budget', kind: 'target' }, 'iat-stim-1');
  assert.notEqual(a, b);
  assert.deepEqual([a.textContent, a.attrs.elementtiming, a.className],
    ['<b>Joie</b>', 'iat-stim-0', 'iat-stim iat-stim--attribute']);
  assert.deepEqual([b.attrs.elementtiming, b.className], ['iat-stim-1', 'iat-stim iat-stim--target']);
});

// The text a node shows: its own, or that of its children (elements and strings).
const textOf = (n) => (typeof n === 'string' ? n : n.children.length ? n.children.map(textOf).join('') : n.textContent);

test('labels sit in their corner with a colour class per kind, joined by the given word', () => {
  const { root, display } = setupDisplay();
  display.showLabels([{ label: 'Client', kind: 'target' }, { label: 'Agréable', kind: 'attribute' }],
    [{ label: 'Interne', kind: 'target' }], 'ou');
  const [left, right] = root.children[0].children;
  assert.deepEqual(left.children.map((n) => [n.className, textOf(n)]), [
    ['iat-label iat-label--target', 'Client'], ['iat-label-or', 'ou'], ['iat-label iat-label--attribute', 'Agréable'],
  ]);
  assert.deepEqual(right.children.map(textOf), ['Interne']);
});

test('a label is made of unbreakable words, its spaces kept as text', () => {
  const { root, display } = setupDisplay();
  display.showLabels([{ label: 'Orienté procédure', kind: 'attribute' }], [{ label: 'Customer-focused', kind: 'attribute' }]);
  const [left, right] = root.children[0].children.map((corner) => corner.children[0]);
  assert.deepEqual(left.children.map((n) => (typeof n === 'string' ? n : [n.className, n.textContent])),
    [['iat-word', 'Orienté'], ' ', ['iat-word', 'procédure']]);
  assert.deepEqual(right.children.map((n) => n.textContent), ['Customer-focused']);
});

test('the error shows a mark and the hint text it is given', () => {
  const { root, display } = setupDisplay();
  const feedback = root.children[2];
  assert.equal(feedback.hidden, true);
  display.showError('Press the other key.');
  assert.equal(feedback.hidden, false);
  assert.deepEqual(feedback.children.map((n) => n.textContent), ['X', 'Press the other key.']);
  display.hideError();
  assert.equal(feedback.hidden, true);
});

test('touch mode adds two zones labelled with the given texts', () => {
  const { root, display } = setupDisplay({ touchTexts: { left: 'Left', right: 'Right' } });
  assert.deepEqual([display.zones.left.textContent, display.zones.right.textContent], ['Left', 'Right']);
  assert.match(root.className, /iat-stage--touch/);
  assert.equal(setupDisplay().display.zones, null);
});

test('in touch mode an instruction screen ends with a button, in keyboard mode with a line', () => {
  const screen = { title: 'Bloc 1 sur 7', paragraphs: ['Lisez.'], continueText: 'Commencer' };
  const touch = setupDisplay({ touchTexts: { left: 'L', right: 'R', next: 'Continuer' } }).display;
  const panel = touch.showInstruction(screen);
  assert.deepEqual(panel.children.map((n) => [n.tag, n.textContent]),
    [['h2', 'Bloc 1 sur 7'], ['p', 'Lisez.'], ['button', 'Commencer']]);
  assert.equal(touch.startButton(), panel.children[2]);
  assert.equal(touch.startButton().type, 'button');
  touch.showInstruction({ title: 'Pause', paragraphs: ['Respirez.'] });
  assert.equal(touch.startButton().textContent, 'Continuer');
  const keyboard = setupDisplay().display;
  const line = keyboard.showInstruction(screen).children[2];
  assert.deepEqual([line.tag, line.className, keyboard.startButton()], ['p', 'iat-instruction-continue', null]);
});
