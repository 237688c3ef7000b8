// Runs one block of the plan: labels in the top corners, its trials in order, their records.

import { runTrial } from './trial.js';

// ctx: the trial context (see trial.js) plus texts.or and an optional onTrial(record, block).
// A blank inter-trial interval also precedes the first trial.
export async function runBlock(block, ctx) {
  ctx.display.showLabels(block.left, block.right, ctx.texts.or);
  await ctx.sleep(ctx.itiMs);
  const records = [];
  for (const trial of block.trials) {
    const record = await runTrial(trial, ctx);
    records.push(record);
    if (ctx.onTrial) ctx.onTrial(record, block);
  }
  ctx.display.hideLabels();
  return records;
}
