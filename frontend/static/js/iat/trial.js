// One IAT trial: stimulus, onset, first response, forced correction, record, inter-trial interval.
// The state functions are pure; runTrial wires them to injected display, input and clock.

export function createTrialState(trial) {
  return { trial, first: null, final: null, done: false, focusLost: false };
}

// Feeds one response to the trial. Returns what it meant:
// 'correct' | 'error' (wrong first key, now waiting for the correct one) |
// 'error-final' (wrong first key and no correction asked) | 'corrected' | 'ignored'.
export function applyResponse(state, response, errorMode) {
  if (state.done) return 'ignored';
  const isCorrect = response.side === state.trial.correct_side;
  if (!state.first) {
    state.first = response;
    if (isCorrect || errorMode !== 'forced_correction') {
      state.final = response;
      state.done = true;
      return isCorrect ? 'correct' : 'error-final';
    }
    return 'error';
  }
  if (!isCorrect) return 'ignored';
  state.final = response;
  state.done = true;
  return 'corrected';
}

// The trial as sent to the server. Latencies are unrounded: response event.timeStamp − onset.
// latencyScale (simulation mode only) maps scaled-down times back to the simulated ones.
// Without forced correction the first response ends the trial, so latency_ms = first_latency_ms.
export function trialRecord(state, onset, latencyScale = 1) {
  const { trial, first, final } = state;
  const latency = (response) => (response.timeStamp - onset.time) / latencyScale;
  return {
    trial_index: trial.index,
    stimulus_id: trial.stimulus_id,
    category: trial.category,
    correct_side: trial.correct_side,
    first_key: first.key,
    first_latency_ms: latency(first),
    error: first.side !== trial.correct_side,
    latency_ms: latency(final),
    onset_method: onset.method,
    input_modality: first.modality,
    focus_lost: state.focusLost,
  };
}

// Inserts the stimulus, pushes its timing-hook entry in the same task, starts onset capture.
function present(trial, ctx) {
  const identifier = ctx.nextIdentifier();
  ctx.display.showStimulus(trial, identifier);
  const shown = { entry: ctx.hook.pushStimulus(trial.text, trial.correct_key), onset: null };
  shown.onsetFinal = ctx.captureOnset(identifier, shown.entry.onset).then((onset) => {
    shown.onset = onset;
    ctx.hook.markReady(shown.entry);
    if (ctx.onOnset) ctx.onOnset(trial, onset);
    return onset;
  });
  return shown;
}

// The hook's response: written in the key handler itself once the onset is final (always, under
// the timing harness); a response that beats the onset is written when the onset is known.
function reportFirst(shown, response, ctx) {
  const report = (onset) => ctx.hook.setResponse(shown.entry, response, response.timeStamp - onset.time);
  if (shown.onset) report(shown.onset);
  else shown.onsetFinal.then(report);
}

// Blank screen for the inter-trial interval; in flash mode the error mark shows during it.
async function interTrial(record, ctx) {
  ctx.display.clearStimulus();
  if (record.error && ctx.errorMode !== 'forced_correction') ctx.display.showError(ctx.texts.errorHint);
  else ctx.display.hideError();
  await ctx.sleep(ctx.itiMs);
  ctx.display.hideError();
}

// ctx: {errorMode, itiMs, texts: {errorHint}, display, hook, clock, sleep, nextIdentifier,
//       listenResponses(handler) → stop, listenAttention(handler) → stop,
//       captureOnset(identifier, stamps) → Promise<{time, method}>, onOnset?, latencyScale?}
export async function runTrial(trial, ctx) {
  const state = createTrialState(trial);
  const armedAt = ctx.clock();
  let finish;
  const finished = new Promise((resolve) => { finish = resolve; });
  const stopAttention = ctx.listenAttention(() => { state.focusLost = true; });
  const stopInput = ctx.listenResponses((response) => {
    if (response.timeStamp < armedAt) return; // pressed before this stimulus existed
    const outcome = applyResponse(state, response, ctx.errorMode);
    if (outcome === 'ignored') return;
    if (state.first === response) reportFirst(shown, response, ctx);
    if (outcome === 'error') ctx.display.showError(ctx.texts.errorHint);
    if (state.done) {
      stopInput();
      finish();
    }
  });
  const shown = present(trial, ctx);
  await finished;
  stopAttention();
  const record = trialRecord(state, await shown.onsetFinal, ctx.latencyScale || 1);
  await interTrial(record, ctx);
  return record;
}
