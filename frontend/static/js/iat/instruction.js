// Instruction and pause screens: shown until the participant presses space (or taps, in touch
// mode). Texts come from the server. The timing hook sees them as 'instruction' entries.

// ctx: {display, hook, clock, raf, listenContinue(handler) → stop, onInstruction?}
export function runInstruction(screen, ctx) {
  const armedAt = ctx.clock();
  ctx.display.showInstruction(screen);
  const entry = ctx.hook.pushInstruction(screen.title);
  entry.onset.dom = ctx.clock();
  ctx.raf((ts) => {
    entry.onset.rafNow = ctx.clock();
    entry.onset.raf = ts;
    entry.onset.used = 'rafNow';
    ctx.hook.markReady(entry);
  });
  return new Promise((resolve) => {
    const stop = ctx.listenContinue((response) => {
      if (response.timeStamp < armedAt) return;
      stop();
      ctx.hook.setResponse(entry, response, null);
      ctx.display.hideInstruction();
      resolve(response);
    });
    if (ctx.onInstruction) ctx.onInstruction(screen);
  });
}
