// The timed test: the engine runs the blocks from the first unfinished one; each finished block
// goes to the upload queue while the next one runs (an offline server does not stop the test).

import { createEngine } from '../../iat/engine.js';
import { blockScreen, pauseScreen, resumeBlock } from '../flow.js';
import { el } from '../views.js';

function simulationOption(simulation) {
  if (!simulation) return null;
  return {
    timeScale: simulation.time_scale,
    lookup: (blockIndex, trialIndex) => simulation.blocks[blockIndex - 1][trialIndex - 1],
  };
}

function engineFor(ctx, planRead, modality, root) {
  const { texts } = planRead.plan;
  return createEngine({
    plan: planRead.plan,
    root,
    texts: { errorHint: texts.error_hint, or: ctx.ui.or, touchLeft: texts.left_zone, touchRight: texts.right_zone },
    modality,
    timing: ctx.timing,
    simulation: simulationOption(planRead.simulation),
    win: ctx.win,
  });
}

function markRun(app, index) {
  app.dataset.block = String(index);
  app.dataset.run = `${app.dataset.run || ''} ${index}`.trim();
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
  const engine = engineFor(ctx, planRead, modality, root);
  let focusLost = null;
  for (const block of plan.blocks.filter((b) => b.index >= start)) {
    if (focusLost !== null) await engine.runInstruction(pauseScreen(plan.texts, focusLost));
    progress.textContent = blockScreen(plan.texts, block).title;
    await engine.runInstruction(blockScreen(plan.texts, block));
    markRun(app, block.index);
    const trials = await engine.runBlock(block);
    focusLost = trials.some((trial) => trial.focus_lost);
    ctx.uploads.add(block.index, trials);
  }
  root.remove();
  progress.remove();
  app.classList.remove('p-testing');
  ctx.chrome.setTesting(false);
}
