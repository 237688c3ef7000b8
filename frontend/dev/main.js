// Dev controller: runs the engine on plan.json with fixed French texts and an in-memory
// "server", so the timing harness and a person can drive it. Not shipped.

import { createEngine } from '../static/js/iat/engine.js';
import { createSimulator } from '../static/js/iat/on-demand/simulate.js';
import { createUploadQueue } from '../static/js/iat/queue.js';

const params = new URLSearchParams(location.search);
const TEXTS = {
  errorHint: 'Appuyez sur l’autre touche.',
  or: 'ou',
  touchLeft: 'Gauche',
  touchRight: 'Droite',
  touchNext: 'Continuer',
};

function devLatency(blockIndex, trialIndex) {
  return { latency_ms: 450 + ((blockIndex * 37 + trialIndex * 53) % 500), error: trialIndex % 9 === 4 };
}

function instructionFor(block, touch) {
  const keyText = touch ? 'la zone de gauche ou de droite' : 'la touche E (gauche) ou I (droite)';
  return {
    title: `Bloc ${block.index} sur 7`,
    paragraphs: [`Classez chaque mot avec ${keyText}, aussi vite que possible.`],
    continueText: touch ? 'Commencer' : 'Appuyez sur Espace pour commencer.',
  };
}

function timerResolution() {
  let last = performance.now();
  const t0 = last;
  let min = Infinity;
  while (performance.now() - t0 < 50) {
    const x = performance.now();
    if (x !== last) { min = Math.min(min, x - last); last = x; }
  }
  return { minStepMs: min, crossOriginIsolated: self.crossOriginIsolated };
}

async function run() {
  const plan = await (await fetch('./plan.json')).json();
  if (params.get('flash') === '1') plan.error_mode = 'flash';
  const only = params.get('blocks') ? params.get('blocks').split(',').map(Number) : null;
  const touch = params.get('touch') === '1';
  const sim = params.get('sim') === '1'
    ? { timeScale: Number(params.get('scale') || 0.05), lookup: devLatency, createSimulator } : null;
  const engine = createEngine({
    plan, root: document.getElementById('iat'), texts: TEXTS, timing: true,
    modality: touch ? 'touch' : 'keyboard', simulation: sim,
  });
  const server = window.__devServer = { blocks: {} };
  const queue = createUploadQueue({
    storage: localStorage, key: 'iat-upload:dev',
    send: async (item) => { server.blocks[item.id] = item.body; return { status: 200 }; },
    onError: (e) => console.error('upload', e),
  });
  queue.listenOnline(window);
  queue.flush();
  for (const block of plan.blocks) {
    if (only && !only.includes(block.index)) continue;
    await engine.runInstruction(instructionFor(block, touch));
    const trials = await engine.runBlock(block);
    await queue.enqueue(`block-${block.index}`, { block_index: block.index, trials });
  }
  engine.display.showInstruction({ title: 'Terminé', paragraphs: ['Merci.'] });
  window.__devDone = true;
}

let started = false;
window.__iatHarnessStart = () => {
  if (!started) {
    started = true;
    run().catch((error) => { window.__devError = String(error); console.error(error); });
  }
  return true;
};
window.__refHarness = { timerResolution };
if (params.get('autostart') === '1') window.__iatHarnessStart();
