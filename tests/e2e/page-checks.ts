// Checks of what the page shows, read in the browser: boxes that must stay inside the screen and apart,
// and words that are not in the reader's language.
import type { Page } from '@playwright/test';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  what: string;
}

/** Canvas labels and exit badges of the timeline, as drawn and placed in the last frame (viewport px). */
export async function timelineBoxes(page: Page): Promise<{ labels: Box[]; badges: Box[]; plot: Box }> {
  await page.evaluate(() => window.__forkscope.idle());
  return page.evaluate(() => {
    const labels = window.__forkscope.labelBoxes().filter((b) => !b.what.startsWith('badge:'));
    const badges = [...document.querySelectorAll<HTMLElement>('[data-testid=exit-badge]')]
      .filter((el) => getComputedStyle(el).visibility !== 'hidden')
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { x: r.x, y: r.y, w: r.width, h: r.height, what: `badge ${el.textContent}` };
      });
    const scroll = document.querySelector<HTMLElement>('[data-testid=timeline]')!.getBoundingClientRect();
    const canvas = document.querySelector<HTMLElement>('canvas.timeline-canvas')!.getBoundingClientRect();
    // Only what is in the visible band of the lanes counts; badges of lanes scrolled away are out of sight.
    const inBand = (b: { y: number; h: number }) => b.y + b.h > scroll.y && b.y < scroll.y + scroll.height;
    return { labels: labels.filter(inBand), badges: badges.filter(inBand), plot: { x: canvas.x, y: canvas.y, w: canvas.width, h: canvas.height, what: 'plot' } };
  });
}

/** Pairs of boxes that overlap (by more than half a pixel). */
export function overlapping(boxes: readonly Box[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.x + 0.5 < b.x + b.w && b.x + 0.5 < a.x + a.w && a.y + 0.5 < b.y + b.h && b.y + 0.5 < a.y + a.h) out.push([a.what, b.what]);
    }
  }
  return out;
}

/** Boxes not wholly inside `area` (with half a pixel of rounding). */
export function outside(boxes: readonly Box[], area: { x: number; y: number; w: number; h: number }): string[] {
  return boxes.filter((b) => b.x < area.x - 0.5 || b.y < area.y - 0.5 || b.x + b.w > area.x + area.w + 0.5 || b.y + b.h > area.y + area.h + 0.5).map((b) => b.what);
}

/**
 * Latin words on the page outside code and names: skipped are code, keys, program output, process names,
 * text marked as the other language (`lang="en"`, the deliberate translation beside the Chinese), quoted
 * text, and identifiers (a token with a digit, `_`, a bracket, `.`, `=`, `:`, `-` or `/` in it). What is left and
 * not in `allowed` is an English word a Chinese reader would meet.
 */
export async function latinWords(page: Page, allowed: readonly string[]): Promise<string[]> {
  const names = await page.evaluate(() => window.__forkscope.inspect().lanes.map((l) => l.name));
  const words = await page.evaluate(() => {
    const skip = 'code, pre, kbd, script, style, [lang="en"], .lane-name, .c-proc, [data-kind=output] .c-text, .timeline-tooltip, .brand, [hidden]';
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest(skip)) continue;
      const style = getComputedStyle(parent);
      if (style.visibility === 'hidden' || style.display === 'none' || parent.getClientRects().length === 0) continue;
      texts.push(node.textContent ?? '');
    }
    for (const el of document.querySelectorAll<HTMLElement>('[placeholder], [aria-label], [title]')) {
      if (el.closest(skip) || el.getClientRects().length === 0) continue;
      for (const attr of ['placeholder', 'aria-label', 'title']) texts.push(el.getAttribute(attr) ?? '');
    }
    return texts;
  });
  const ok = new Set([...allowed, ...names]);
  const found = new Set<string>();
  for (const text of words) {
    const unquoted = text.replace(/"[^"]*"|“[^”]*”|`[^`]*`|'[^']*'/g, ' ');
    for (const token of unquoted.split(/[\s,，。；;：、·…—–!?！？（）【】|→←↑↓↷○✓✕]+/)) {
      if (!/[A-Za-z]{2,}/.test(token) || /[0-9_=.:/\\<>()[\]-]/.test(token) || ok.has(token)) continue;
      for (const word of token.match(/[A-Za-z]{2,}/g) ?? []) if (!ok.has(word)) found.add(word);
    }
  }
  return [...found].sort();
}
