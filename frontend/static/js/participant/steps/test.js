// The timed test: the engine runs the blocks from the first unfinished one; each finished block
// goes to the upload queue while the next one runs (an offline server does not stop the test).

import { createEngine } from '../../iat/engine.js';
import { blockScreen, pauseScreen, resumeBlock } from '../flow.js';
import { el } from '../views.js';

async function simulationOption(simulation) {
  if (!simulation) return null;
  const { createSimulator } = await import('../../iat/on-demand/simulate.js');
  return {
    createSimulator,
    timeScale: simulation.time_scale,
    lookup: (blockIndex, trialIndex) => simulation.blocks[blockIndex - 1][trialIndex - 1],
  };
}

async function engineFor(ctx, planRead, modality, root) {
  const { texts } = planRead.plan;
  return createEngine({
    plan: planRead.plan,
    root,
    texts: { // error_prompt: "Press the other key." (older stored plans: the rule only)
      errorHint: texts.error_prompt || texts.error_hint, or: ctx.ui.or,
      touchLeft: texts.left_zone, touchRight: texts.right_zone, touchNext: ctx.ui.touch_next,
    },
    modality,
    timing: ctx.timing,
    simulation: await simulationOption(planRead.simulation),
    win: ctx.win,
  });
}

function markRun(app, index) {
  app.dataset.block = String(index);
  app.dataset.run = `${app.dataset.run || ''} ${index}`.trim();
}

// An instruction or pause screen, from its top, with the bar (withdrawal) shown.
function instruction(ctx, engine, screen) {
  ctx.chrome.setTesting(false);
  ctx.win.scrollTo(0, 0);
  return engine.runInstruction(screen);
}

// A block: nothing but the task; "Block 2 of 7" shows now (the instructions' title before).
async function block(ctx, engine, progress, planned, title) {
  ctx.chrome.setTesting(true);
  ctx.win.scrollTo(0, 0);
  progress.textContent = title;
  markRun(ctx.app, planned.index);
  const trials = await engine.runBlock(planned);
  progress.textContent = '';
  return trials;
}

export async function runTest(ctx, planRead, modality) {
  const { plan } = planRead;
  const start = resumeBlock(planRead.blocks_done, ctx.uploads.pendingIds(), plan.blocks.length);
  if (start > plan.blocks.length) return;
  const { doc, app } = ctx;
  const root = el(doc, 'div');
  const progress = el(doc, 'p', 'p-progress');
  progress.setAttribute('aria-live', 'polite');
  ctx.view.hidden = true;
  ctx.chrome.setTesting(true);
  app.classList.add('p-testing');
  app.append(progress, root);
  const engine = await engineFor(ctx, planRead, modality, root);
  let focusLost = null;
  for (const planned of plan.blocks.filter((b) => b.index >= start)) {
    if (focusLost !== null) await instruction(ctx, engine, pauseScreen(plan.texts, focusLost));
    const screen = blockScreen(plan.texts, planned);
    const pictures = ctx.win.iatPictures?.(planned);
    await instruction(ctx, engine, screen);
    await pictures;
    const trials = await block(ctx, engine, progress, planned, screen.title);
    focusLost = trials.some((trial) => trial.focus_lost);
    ctx.uploads.add(planned.index, trials);
  }
  root.remove();
  progress.remove();
  app.classList.remove('p-testing');
  ctx.chrome.setTesting(false);
}
