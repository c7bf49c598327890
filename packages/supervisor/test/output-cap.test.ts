import { describe, expect, it } from 'vitest';
import { OutputCap } from '../src/output-cap.js';

describe('OutputCap', () => {
  it('forwards until the cap, cuts on a character boundary, reports the first drop once', () => {
    const cap = new OutputCap(10);
    expect(cap.admit('12345')).toEqual({ text: '12345', dropped: 0, firstDrop: false });
    // 'é' is 2 bytes: 4 bytes of room hold "ab" + "é", not half of the second "é".
    expect(cap.admit('abéé')).toEqual({ text: 'abé', dropped: 2, firstDrop: true });
    // The last free byte still goes out; the run then forwards exactly the cap.
    expect(cap.admit('more')).toEqual({ text: 'm', dropped: 3, firstDrop: false });
    expect(cap.admit('x')).toEqual({ text: null, dropped: 1, firstDrop: false });
    expect(cap.forwardedBytes).toBe(10);
    expect(cap.droppedBytes).toBe(6);
  });

  it('fits() takes a whole text that fits and counts it; one that does not is left to admit()', () => {
    const cap = new OutputCap(10);
    expect(cap.fits('12345')).toBe(true);
    expect(cap.fits('abéé')).toBe(false);
    expect(cap.forwardedBytes).toBe(5);
    expect(cap.admit('abéé')).toEqual({ text: 'abé', dropped: 2, firstDrop: true });
    expect(cap.fits('')).toBe(true);
    expect(cap.fits('x')).toBe(true); // the last byte
    expect(cap.fits('x')).toBe(false);
    expect(cap.forwardedBytes).toBe(10);
  });

  it('never splits a 4-byte character', () => {
    const cap = new OutputCap(3);
    expect(cap.admit('😀')).toEqual({ text: null, dropped: 4, firstDrop: true });
  });

  it('with a zero cap drops everything', () => {
    const cap = new OutputCap(0);
    expect(cap.admit('x').text).toBeNull();
  });
});
