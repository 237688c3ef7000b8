// Picture preloading: one fetch and decode per address, each picture trial gets a decoded <img>
// (with its alt text) that the display clones, and the display shows text trials as before.
import assert from 'node:assert/strict';
import test from 'node:test';

import { engineModule } from './fakes.mjs';

class FakeElement {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.attributes = {};
    this.children = [];
  }
  cloneNode() {
    const copy = Object.assign(new FakeElement(this.tagName), this);
    copy.attributes = { ...this.attributes };
    return copy;
  }
  setAttribute(name, value) { this.attributes[name] = value; }
}

function fakeWindow() {
  const created = [];
  const links = [];
  class Image extends FakeElement {
    constructor() {
      super('img');
      created.push(this);
    }
    decode() { return Promise.resolve(); }
  }
  const document = {
    head: { append: (link) => links.push(link) },
    createElement: (tag) => new FakeElement(tag),
    querySelector: () => (links.length ? links[0] : null),
  };
  return { Image, document, created, links };
}

const trial = (src, text, kind = 'target') => ({ image_src: src, text, kind });

test('each address is fetched and decoded once; every picture trial gets its own copy', async () => {
  const { preload } = await engineModule('on-demand/images.js');
  const win = fakeWindow();
  const block = { trials: [trial('/media/a.png', 'Face A'), { text: 'Budget', image_src: null },
    trial('/media/a.png', 'Face A'), trial('/media/b.png', 'Face B', 'attribute')] };
  await preload(win, block);
  await preload(win, { trials: [trial('/media/b.png', 'Face B')] }); // the next block: kept
  assert.deepEqual(win.created.map((img) => img.src), ['/media/a.png', '/media/b.png']);
  assert.equal(win.links.length, 1);
  const [first, text, again, other] = block.trials;
  assert.equal(text.picture, undefined);
  assert.equal(first.picture.alt, 'Face A');
  assert.notEqual(first.picture, again.picture);
  assert.equal(other.picture.className, 'iat-stim iat-stim--attribute');
});

test('a picture that cannot be decoded fails the preload', async () => {
  const { preload } = await engineModule('on-demand/images.js');
  const win = fakeWindow();
  win.Image.prototype.decode = () => Promise.reject(new Error('EncodingError'));
  await assert.rejects(preload(win, { trials: [trial('/media/broken.png', 'x')] }));
});
