// @vitest-environment happy-dom
// A frame's wait for its first text (lib/content/frame-text.ts), which decides whether the page
// script comes into the frame at all.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TEXT_CHECK_MS, whenDocumentHoldsText } from '../../../lib/content/frame-text';

afterEach(() => {
  document.body.innerHTML = '';
});

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('whenDocumentHoldsText', () => {
  it('answers a document that holds text soon, but never from within the call', async () => {
    document.body.innerHTML = '<p>正文</p>';
    const then = vi.fn();
    whenDocumentHoldsText(document, then);
    expect(then).not.toHaveBeenCalled();
    await settle(0);
    expect(then).toHaveBeenCalledTimes(1);
  });

  it('waits while the document holds only scripts, styles and whitespace, and answers once text comes', async () => {
    document.body.innerHTML = '<script>var ad = "广告";</script><style>p{}</style>\n <img alt="广告">';
    const then = vi.fn();
    whenDocumentHoldsText(document, then);
    await settle(TEXT_CHECK_MS + 50);
    // A change that brings no text: still waiting.
    document.body.append(document.createElement('div'));
    await settle(TEXT_CHECK_MS + 50);
    expect(then).not.toHaveBeenCalled();
    const p = document.createElement('p');
    p.textContent = '稍后写入的文字';
    document.body.append(p);
    await settle(TEXT_CHECK_MS + 50);
    expect(then).toHaveBeenCalledTimes(1);
    // Once: later text calls nothing.
    document.body.append(document.createTextNode('更多'));
    await settle(TEXT_CHECK_MS + 50);
    expect(then).toHaveBeenCalledTimes(1);
  });

  it('calls nothing once stopped', async () => {
    const then = vi.fn();
    const stop = whenDocumentHoldsText(document, then);
    await settle(0);
    stop();
    document.body.innerHTML = '<p>正文</p>';
    await settle(TEXT_CHECK_MS + 50);
    expect(then).not.toHaveBeenCalled();
  });
});
