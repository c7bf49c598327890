import { describe, expect, test } from 'vitest';
import { contrastRatio } from '../../src/theme/contrast.js';
import { CONTRAST_PAIRS, PROCESS_COLOURS } from '../../src/theme/theme.js';

describe('contrastRatio', () => {
  test.each([
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#ffffff', 1],
    ['#777777', '#ffffff', 4.48],
    ['#0072b2', '#ffffff', 5.19],
  ])('%s on %s → %d', (a, b, ratio) => {
    expect(contrastRatio(a, b)).toBeCloseTo(ratio, 2);
    expect(contrastRatio(b, a)).toBeCloseTo(ratio, 2);
  });

  test('refuses what is not #rrggbb', () => {
    expect(() => contrastRatio('red', '#ffffff')).toThrow('Expected a colour as #rrggbb, got `red`');
  });
});

describe('the theme, in the normal and the presenter view', () => {
  const rows = CONTRAST_PAIRS.flatMap(({ name, fg, bg, min }) => fg.flatMap((f) => bg.map((b) => ({ name, f, b, min }))));
  test.each(rows)('$name: $f on $b ≥ $min:1', ({ f, b, min }) => {
    expect(contrastRatio(f, b)).toBeGreaterThanOrEqual(min);
  });

  test('process colours are Okabe–Ito hues (yellow left out), and the darkened shades keep their hue', () => {
    const okabeIto = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000'];
    expect(PROCESS_COLOURS.map((c) => c.fill)).toEqual(okabeIto);
    const hue = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
      const max = Math.max(r, g, b);
      return max === 0 ? [0, 0, 0] : [r / max, g / max, b / max].map((x) => Math.round(x * 20));
    };
    for (const c of PROCESS_COLOURS) {
      expect(hue(c.edge)).toEqual(hue(c.fill));
      expect(hue(c.text)).toEqual(hue(c.fill));
    }
  });
});
