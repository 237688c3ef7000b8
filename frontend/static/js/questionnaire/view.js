// One questionnaire page as a form: one radio group per item with every label visible,
// native radios (keyboard operable), text through textContent only.

import { el } from '../participant/views.js';

function radio(doc, name, value, label, checked) {
  const wrap = el(doc, 'label', 'q-option');
  const input = doc.createElement('input');
  input.type = 'radio';
  input.name = name;
  input.value = value;
  input.checked = checked;
  wrap.append(input, el(doc, 'span', 'q-option-label', label));
  return wrap;
}

function group(doc, name, legend, options, selected, className) {
  const fieldset = el(doc, 'fieldset', `q-item ${className}`);
  fieldset.append(el(doc, 'legend', 'q-legend', legend));
  const row = el(doc, 'div', 'q-options');
  for (const [value, label] of options) row.append(radio(doc, name, value, label, selected === value));
  fieldset.append(row);
  return fieldset;
}

export function pageForm(doc, page, scale, choices) {
  const form = el(doc, 'form', 'q-form');
  form.noValidate = true;
  const scaleOptions = scale.labels.map((label, k) => [String(k + 1), `${k + 1} — ${label}`]);
  scaleOptions.push(['dk', scale.dont_know]);
  for (const item of page.items) {
    form.append(group(doc, item.id, item.text, scaleOptions, choices[item.id], 'q-item--scale'));
  }
  for (const question of page.context_questions) {
    const name = `context:${question.id}`;
    const options = question.options.map((o) => [o.code, o.label]);
    form.append(group(doc, name, question.text, options, choices[name], 'q-item--context'));
  }
  return form;
}

// The radio values currently chosen in `form`, by item (or context) id.
export function readChoices(form) {
  const choices = {};
  for (const input of form.querySelectorAll('input[type=radio]:checked')) {
    choices[input.name] = input.value;
  }
  return choices;
}
