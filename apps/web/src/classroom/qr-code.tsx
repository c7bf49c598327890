// The join link as a QR code, made in the page (uqr: a port of Nayuki's QR code generator) and drawn as
// one SVG path: crisp at any size on a projector, nothing fetched, nothing injected as markup.
import { useMemo } from 'react';
import { encode } from 'uqr';

/** The SVG path of a module matrix: a unit square per dark module (`true`). */
export function qrPath(modules: readonly (readonly boolean[])[]): string {
  let d = '';
  modules.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) d += `M${x} ${y}h1v1h-1z`;
    });
  });
  return d;
}

export function QrCode({ text, size, label }: { text: string; size: number; label: string }) {
  const { path, modules } = useMemo(() => {
    // Medium error correction and a quiet zone of 2 modules: read from across a classroom.
    const qr = encode(text, { ecc: 'M', border: 2 });
    return { path: qrPath(qr.data), modules: qr.size };
  }, [text]);
  return (
    <svg className="qr" viewBox={`0 0 ${modules} ${modules}`} width={size} height={size} role="img" aria-label={label} data-testid="class-qr" data-text={text} shapeRendering="crispEdges">
      <rect width={modules} height={modules} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
