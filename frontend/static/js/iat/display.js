// The task's DOM: category labels in the top corners, the stimulus slot, the error mark and hint,
// the touch zones and instruction screens. Text only through textContent; looks only through CSS
// classes (iat.css).

const SIDES = ['left', 'right'];

function make(doc, tag, className, text) {
  const el = doc.createElement(tag);
  el.className = className;
  if (text != null) el.textContent = text;
  return el;
}

function labelClass(kind) {
  return kind === 'attribute' ? 'iat-label iat-label--attribute' : 'iat-label iat-label--target';
}

// A label breaks between its words only: each word is an unbreakable span.
function labelNode(doc, item) {
  const node = make(doc, 'span', labelClass(item.kind));
  item.label.split(' ').forEach((word, i) => {
    if (i > 0) node.append(' ');
    node.append(make(doc, 'span', 'iat-word', word));
  });
  return node;
}

function stimulusClass(kind) {
  return kind === 'attribute' ? 'iat-stim iat-stim--attribute' : 'iat-stim iat-stim--target';
}

function buildCorners(doc) {
  const labels = make(doc, 'div', 'iat-labels');
  const corners = {};
  for (const side of SIDES) {
    corners[side] = make(doc, 'div', `iat-corner iat-corner--${side}`);
    labels.append(corners[side]);
  }
  return { labels, corners };
}

// The red X is a shape, and the hint says in words what to do: the error is not colour-only.
function buildFeedback(doc) {
  const feedback = make(doc, 'div', 'iat-feedback');
  feedback.setAttribute('aria-live', 'assertive');
  const mark = make(doc, 'span', 'iat-mark', 'X');
  mark.setAttribute('aria-hidden', 'true');
  const hint = make(doc, 'span', 'iat-hint');
  feedback.append(mark, hint);
  feedback.hidden = true;
  return { feedback, hint };
}

function buildZones(doc, touchTexts) {
  const bar = make(doc, 'div', 'iat-zones');
  const zones = {};
  for (const side of SIDES) {
    zones[side] = make(doc, 'button', `iat-zone iat-zone--${side}`, touchTexts[side]);
    zones[side].type = 'button';
    bar.append(zones[side]);
  }
  return { bar, zones };
}

function startButton(doc, text) {
  const node = make(doc, 'button', 'iat-instruction-start', text);
  node.type = 'button';
  return node;
}

// root: an empty container element. touchTexts: {left, right, next} to show the zones (touch mode).
export function createDisplay(root, { touchTexts = null, doc = root.ownerDocument } = {}) {
  const { labels, corners } = buildCorners(doc);
  const slot = make(doc, 'div', 'iat-slot');
  const { feedback, hint } = buildFeedback(doc);
  const panel = make(doc, 'section', 'iat-instruction');
  panel.hidden = true;
  root.classList.add('iat-stage');
  root.append(labels, slot, feedback, panel);
  let zones = null;
  if (touchTexts) {
    const built = buildZones(doc, touchTexts);
    zones = built.zones;
    root.classList.add('iat-stage--touch');
    root.append(built.bar);
  }

  return {
    root,
    zones,
    // left/right: the plan block's [{label, kind}]; orText joins two labels of one side.
    showLabels(left, right, orText = '') {
      for (const [side, items] of [['left', left], ['right', right]]) {
        const parts = [];
        items.forEach((item, i) => {
          if (i > 0) parts.push(make(doc, 'span', 'iat-label-or', orText));
          parts.push(labelNode(doc, item));
        });
        corners[side].replaceChildren(...parts);
      }
      labels.hidden = false;
    },
    hideLabels() {
      labels.hidden = true;
    },
    // A fresh element each time: Element Timing reports an element's first paint only.
    showStimulus(trial, identifier) {
      const el = trial.picture?.cloneNode() || make(doc, 'div', stimulusClass(trial.kind), trial.text);
      el.setAttribute('elementtiming', identifier);
      slot.replaceChildren(el);
      return el;
    },
    clearStimulus() {
      slot.replaceChildren();
    },
    showError(hintText) {
      hint.textContent = hintText;
      feedback.hidden = false;
    },
    hideError() {
      feedback.hidden = true;
    },
    // screen: {title, paragraphs: [str], continueText}. Touch mode: a button ends the text.
    showInstruction(screen) {
      const parts = [make(doc, 'h2', 'iat-instruction-title', screen.title)];
      for (const text of screen.paragraphs || []) parts.push(make(doc, 'p', 'iat-instruction-text', text));
      if (touchTexts) parts.push(startButton(doc, screen.continueText || touchTexts.next));
      else if (screen.continueText) parts.push(make(doc, 'p', 'iat-instruction-continue', screen.continueText));
      panel.replaceChildren(...parts);
      slot.replaceChildren();
      panel.hidden = false;
      return panel;
    },
    startButton() {
      return panel.querySelector('.iat-instruction-start');
    },
    hideInstruction() {
      panel.hidden = true;
      panel.replaceChildren();
    },
  };
}
