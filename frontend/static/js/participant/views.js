// DOM builders for the page chrome: text only through textContent, looks only through classes.

export function el(doc, tag, className = '', text = null) {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== null && text !== undefined) node.textContent = text;
  return node;
}

export function button(doc, text, onClick, className = 'p-btn') {
  const node = el(doc, 'button', className, text);
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
}

export function paragraphs(doc, texts, className = 'p-text') {
  return texts.map((text) => el(doc, 'p', className, text));
}

// A screen: a focusable heading (moved to, so keyboard and screen-reader users start there)
// and its content.
export function screen(doc, title, children, className = '') {
  const section = el(doc, 'section', `p-screen ${className}`.trim());
  const heading = el(doc, 'h1', 'p-title', title);
  heading.tabIndex = -1;
  section.append(heading, ...children.filter(Boolean));
  return section;
}

// Replaces the view's content with `node` and moves the focus to its heading.
export function show(view, node) {
  view.replaceChildren(node);
  view.hidden = false;
  const heading = node.querySelector('h1');
  if (heading) heading.focus({ preventScroll: true });
}

export function actions(doc, ...buttons) {
  const row = el(doc, 'div', 'p-actions');
  row.append(...buttons);
  return row;
}
