// Pure rules of the participant's way through (DESIGN §3): which step comes next, where a
// resumed test starts, the instruction and pause screens built from the plan's texts.

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

// The first block to run: after the server's stored blocks and those still queued here
// (a queued block is done; it only waits to be sent). nBlocks + 1 means all are done.
export function resumeBlock(serverDone, pendingIds, nBlocks) {
  const queued = pendingIds
    .map((id) => Number(String(id).replace(/^block-/, '')))
    .filter((n) => Number.isInteger(n) && n >= 1 && n <= nBlocks);
  return Math.min(nBlocks + 1, Math.max(serverDone, ...queued) + 1);
}

// A stable, non-secret storage key for the token (FNV-1a): the token itself stays out of storage.
export function storageKey(token) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i += 1) {
    hash ^= token.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `iat-upload:${hash.toString(16).padStart(8, '0')}`;
}

// The time scale asked by ?simulate=, when the page allows it; else null.
export function simulationScale(search, allowed) {
  if (!allowed) return null;
  const raw = new URLSearchParams(search).get('simulate');
  const scale = raw === null ? NaN : Number(raw);
  return scale > 0 && scale <= 1 ? scale : null;
}

// A coarse device class for the record (never the full user agent string).
export function userAgentClass(ua, touch) {
  const engine = /Firefox\//.test(ua) ? 'gecko' : /Chrom(e|ium)\//.test(ua) ? 'blink'
    : /AppleWebKit\//.test(ua) ? 'webkit' : 'other';
  const form = /Mobi|Android|iPhone|iPad/.test(ua) ? 'mobile' : 'desktop';
  return `${form}-${engine}${touch ? '-touch' : ''}`;
}

function blockTexts(texts, block) {
  return texts.blocks.find((b) => b.index === block.index) || texts.blocks[block.index - 1];
}

// The screen before a block: its progress line, instructions with the current labels and keys,
// the error rule; the general introduction before the very first block.
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
