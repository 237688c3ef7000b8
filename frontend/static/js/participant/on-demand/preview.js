// A study's preview (HR): the participant's task on a plan made for this page only. It has no
// API and no upload queue: the trials stay in this page and are forgotten when it closes.

import { createEngine } from '../../iat/engine.js';
import { preload } from '../../iat/on-demand/images.js';
import { blockScreen } from '../flow.js';

const doc = document;
const app = doc.getElementById('app');
const plan = JSON.parse(doc.getElementById('preview-plan').textContent);
const ui = JSON.parse(doc.getElementById('ui-texts').textContent)[app.dataset.lang];
const root = doc.createElement('div');
const progress = doc.createElement('p');
progress.className = 'p-progress';

async function run() {
  const { texts } = plan;
  const engine = createEngine({
    plan,
    root,
    texts: {
      errorHint: texts.error_prompt || texts.error_hint, or: ui.or,
      touchLeft: texts.left_zone, touchRight: texts.right_zone, touchNext: ui.touch_next,
    },
    modality: plan.input_mode,
    timing: app.dataset.timing === '1',
  });
  let count = 0;
  for (const block of plan.blocks) {
    const pictures = preload(window, block);
    const screen = blockScreen(texts, block);
    await engine.runInstruction(screen);
    await pictures;
    progress.textContent = screen.title;
    app.dataset.block = String(block.index);
    count += (await engine.runBlock(block)).length;
    progress.textContent = '';
  }
  root.remove();
  app.dataset.step = 'end';
  app.dataset.trials = String(count);
  doc.getElementById('preview-end').hidden = false;
}

app.replaceChildren(progress, root);
app.dataset.step = 'test';
run().catch((error) => {
  console.error(error);
  app.dataset.step = 'error';
  app.textContent = String(error);
});
