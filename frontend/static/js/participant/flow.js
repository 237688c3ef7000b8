// Pure rules of the participant's way (DESIGN §3): next step, resume point, screens' texts.

const FIRST_STEP = {
  consent: 'language', device: 'device', iat: 'iat', questionnaire: 'questionnaire',
  end: 'end', declined: 'declined', withdrawn: 'withdrawn',
};

// The page's first step for the server's next_step.
export function firstStep(session) {
  return FIRST_STEP[session.next_step] || 'end';
}

export function stepAfterTest(session) {
  return session.has_questionnaire ? 'questionnaire' : 'finish';
}

export function blockId(index) {
  return `block-${index}`;
}

// First block to run: after those stored and those queued here (done, waiting to be sent).
export function resumeBlock(serverDone, pendingIds, nBlocks) {
  const queued = pendingIds
    .map((id) => Number(String(id).replace(/^block-/, '')))
    .filter((n) => Number.isInteger(n) && n >= 1 && n <= nBlocks);
  return Math.min(nBlocks + 1, Math.max(serverDone, ...queued) + 1);
}

// A stable storage key per token (FNV-1a hash): the token itself stays out of storage.
export function storageKey(token, prefix = 'iat-upload') {
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i += 1) {
    hash ^= token.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${prefix}:${hash.toString(16).padStart(8, '0')}`;
}

// The time scale asked by ?simulate=, when the page allows it; else null.
export function simulationScale(search, allowed) {
  if (!allowed) return null;
  const raw = new URLSearchParams(search).get('simulate');
  const scale = raw === null ? NaN : Number(raw);
  return scale > 0 && scale <= 1 ? scale : null;
}

// A coarse device class for the record, never the user agent itself.
const ENGINES = [['gecko', 'Firefox/'], ['blink', 'Chrom'], ['webkit', 'AppleWebKit/']];
export function userAgentClass(ua, touch) {
  const engine = (ENGINES.find(([, mark]) => ua.includes(mark)) || ['other'])[0];
  const form = /Mobi|Android|iP(hone|ad)/.test(ua) ? 'mobile' : 'desktop';
  return `${form}-${engine}${touch ? '-touch' : ''}`;
}

function blockTexts(texts, block) {
  return texts.blocks.find((b) => b.index === block.index) || texts.blocks[block.index - 1];
}

// Before a block: progress, instructions with its labels and keys, the error rule (and the
// general introduction before block 1).
export function blockScreen(texts, block) {
  const own = blockTexts(texts, block);
  const intro = block.index === 1 ? texts.intro : [];
  return {
    title: own.progress,
    paragraphs: [...intro, ...own.instructions, own.reminder, texts.error_hint],
    continueText: own.start,
  };
}

export function pauseScreen(texts, focusLost) {
  return {
    title: texts.pause_title,
    paragraphs: focusLost ? [texts.focus_lost, texts.pause] : [texts.pause],
  };
}
