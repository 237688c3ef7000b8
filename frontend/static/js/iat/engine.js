// Wires the engine modules for one page: display, clock, input, timing hook, simulation.
// The page controller fetches the plan and texts, then calls runInstruction and runBlock.

import { captureOnset, createPaintTracker, now } from './clock.js';
import { createDisplay } from './display.js';
import { listenAttention, listenContinue, listenKeyboard, listenTouch } from './input.js';
import { runInstruction } from './instruction.js';
import { runBlock } from './block-runner.js';
import { createTimingHook, disabledTimingHook } from './timing-hook.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// options:
//   plan      the session's plan (keys, error_mode, iti_ms, blocks)
//   root      an empty element the task draws into
//   texts     {errorHint, or, touchLeft?, touchRight?, touchNext?}: participant-facing strings
//   modality  'keyboard' | 'touch'
//   timing    true to expose window.__iatTiming (demo/test mode only)
//   simulation null | {timeScale, lookup(blockIndex, trialIndex), createSimulator}
export function createEngine({ plan, root, texts, modality = 'keyboard', timing = false,
  simulation = null, win = window }) {
  const doc = root.ownerDocument;
  const touch = modality === 'touch' && !simulation;
  const display = createDisplay(root, {
    touchTexts: touch ? {
      left: texts.touchLeft || '', right: texts.touchRight || '', next: texts.touchNext || '',
    } : null,
  });
  const hook = timing ? createTimingHook(win) : disabledTimingHook();
  const paints = createPaintTracker(win.PerformanceObserver);
  const raf = (fn) => win.requestAnimationFrame(fn);
  const setTimer = (fn, ms) => win.setTimeout(fn, ms);
  const timeScale = simulation ? simulation.timeScale : 1;
  const simulator = simulation && simulation.createSimulator({
    lookup: simulation.lookup, keys: plan.keys, errorMode: plan.error_mode, timeScale,
    target: win, clock: now, setTimer,
  });
  let stimulusCount = 0;

  const ctx = {
    errorMode: plan.error_mode,
    itiMs: plan.iti_ms * timeScale,
    latencyScale: timeScale,
    texts,
    display,
    hook,
    clock: now,
    raf,
    sleep,
    nextIdentifier: () => `iat-stim-${stimulusCount++}`,
    listenResponses: (handler) => (touch
      ? listenTouch(display.zones, plan.keys, handler, now)
      : listenKeyboard(win, plan.keys, handler, now)),
    listenAttention: (handler) => listenAttention(win, doc, handler),
    listenContinue: (handler) => listenContinue(win, handler, now, display.startButton()),
    captureOnset: (identifier, stamps) => captureOnset(identifier, stamps, {
      paints, raf, clock: now, setTimer,
    }),
    onOnset: simulator ? simulator.onOnset : null,
    onInstruction: simulator ? simulator.onInstruction : null,
  };

  return {
    display,
    hook,
    paintSupported: paints.supported,
    runInstruction: (screen) => runInstruction(screen, ctx),
    runBlock(block, onTrial = null) {
      if (simulator) simulator.setBlock(block.index);
      return runBlock(block, { ...ctx, onTrial });
    },
  };
}
