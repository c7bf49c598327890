// Pointer input on the timeline canvas, as in Perfetto: the wheel scrolls the lanes (the browser does
// it); Ctrl/⌘ + wheel and a trackpad pinch (which browsers send as Ctrl + wheel) zoom around the pointer;
// Shift + wheel, a sideways swipe and dragging pan; two fingers pinch to zoom (pinch.ts); hovering a marker
// shows its tooltip; a click selects it.

import type { Marker, TimelineModel } from '@forkscope/protocol';
import type { TimelineInstance } from '../store/timeline-context.js';
import { panBy, zoomBy } from '../replay/playback.js';
import { markerAt } from './hit-test.js';
import { pinchStep } from './pinch.js';
import { formatSeconds } from './time-scale.js';

export interface PointerText {
  kind(marker: Marker): string;
  label(marker: Marker): string;
}

const LINE_PX = 16;

export function attachPointer(
  instance: TimelineInstance,
  canvas: HTMLCanvasElement,
  tooltip: React.RefObject<HTMLDivElement | null>,
  laneHalfHeight: () => number,
  text: React.RefObject<PointerText>,
): () => void {
  const { store, view, frame } = instance;
  let drag: { x: number; moved: boolean } | null = null;
  /** Touches on the canvas, by pointer id: two of them pinch. */
  const touches = new Map<number, { x: number; y: number }>();

  const hit = (x: number, y: number) => {
    const scale = frame.scale;
    if (!scale) return null;
    return markerAt(store.getState().model, frame.lanes, scale, x, y, { laneHalfHeight: laneHalfHeight(), upTo: view.getState().clock, index: frame.markerIndex });
  };

  const showTooltip = (model: TimelineModel, seq: number | null, x: number, y: number) => {
    const tip = tooltip.current;
    if (!tip) return;
    const marker = seq === null ? undefined : model.markers.find((m) => m.seq === seq);
    if (!marker) {
      tip.style.display = 'none';
      return;
    }
    const p = model.processes[marker.pid];
    tip.textContent = '';
    const head = document.createElement('div');
    head.className = 'tip-head';
    head.textContent = `${p?.name ?? '?'} · ${marker.pid} — ${text.current.kind(marker)}`;
    const body = document.createElement('div');
    body.className = 'tip-body';
    body.textContent = text.current.label(marker);
    const time = document.createElement('div');
    time.className = 'tip-time';
    time.textContent = `t = ${formatSeconds(marker.t)} s · seq ${marker.seq}`;
    tip.append(head, body, time);
    tip.style.display = 'block';
    // Inside the plot: flipped to the left of or above the pointer near the right or bottom edge.
    const w = tip.offsetWidth;
    const h = tip.offsetHeight;
    const left = x + 14 + w > canvas.clientWidth ? Math.max(0, x - 14 - w) : x + 14;
    const top = y - frame.viewTop + 14 + h > canvas.clientHeight ? Math.max(frame.viewTop, y - 14 - h) : y + 14;
    tip.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
  };

  /** Pointer position in plot content coordinates (the canvas itself follows the scroll). */
  const local = (e: PointerEvent | WheelEvent | MouseEvent) => {
    const r = canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top + frame.viewTop };
  };

  const onMove = (e: PointerEvent) => {
    const { x, y } = local(e);
    if (touches.has(e.pointerId) && touches.size === 2) {
      const [idA, idB] = [...touches.keys()] as [number, number];
      const next = new Map(touches).set(e.pointerId, { x, y });
      const step = pinchStep({ a: touches.get(idA)!, b: touches.get(idB)! }, { a: next.get(idA)!, b: next.get(idB)! });
      touches.set(e.pointerId, { x, y });
      if (step) {
        zoomBy(instance, step.factor, step.anchor);
        if (step.dx !== 0) panBy(instance, step.dx);
      }
      return;
    }
    if (drag) {
      const dx = x - drag.x;
      if (Math.abs(dx) > 2) drag.moved = true;
      if (drag.moved) {
        panBy(instance, dx);
        drag.x = x;
      }
      return;
    }
    const marker = hit(x, y);
    const seq = marker?.seq ?? null;
    if (seq !== view.getState().hoverSeq) view.setState({ hoverSeq: seq });
    canvas.style.cursor = marker ? 'pointer' : 'grab';
    showTooltip(store.getState().model, seq, x, y);
  };
  const onLeave = () => {
    view.setState({ hoverSeq: null, pointer: null });
    showTooltip(store.getState().model, null, 0, 0);
  };
  const onDown = (e: PointerEvent) => {
    if (e.pointerType === 'touch') {
      touches.set(e.pointerId, local(e));
      // A second finger: a pinch, not a drag.
      if (touches.size >= 2) drag = null;
      if (touches.size > 2) return;
    }
    if (touches.size >= 2) {
      canvas.setPointerCapture(e.pointerId);
      return;
    }
    drag = { x: local(e).x, moved: false };
    canvas.setPointerCapture(e.pointerId);
  };
  const onUp = (e: PointerEvent) => {
    const pinching = touches.size >= 2;
    touches.delete(e.pointerId);
    if (pinching) {
      drag = null;
      if (canvas.hasPointerCapture(e.pointerId)) canvas.releasePointerCapture(e.pointerId);
      return;
    }
    const wasDrag = drag?.moved ?? false;
    drag = null;
    if (canvas.hasPointerCapture(e.pointerId)) canvas.releasePointerCapture(e.pointerId);
    if (wasDrag) return;
    const { x, y } = local(e);
    const marker = hit(x, y);
    store.getState().select(marker?.seq ?? null);
  };
  const onWheel = (e: WheelEvent) => {
    if (!frame.scale) return;
    const unit = e.deltaMode === 1 ? LINE_PX : e.deltaMode === 2 ? canvas.clientWidth : 1;
    const dx = e.deltaX * unit;
    const dy = e.deltaY * unit;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      zoomBy(instance, Math.pow(1.0025, -dy), local(e).x);
    } else if (e.shiftKey || Math.abs(dx) > Math.abs(dy)) {
      e.preventDefault();
      panBy(instance, -(Math.abs(dx) > Math.abs(dy) ? dx : dy));
    }
    // A plain wheel scrolls: the lanes, then the page.
  };
  canvas.addEventListener('pointermove', onMove);
  canvas.addEventListener('pointerleave', onLeave);
  canvas.addEventListener('pointerdown', onDown);
  canvas.addEventListener('pointerup', onUp);
  canvas.addEventListener('pointercancel', onUp);
  canvas.addEventListener('wheel', onWheel, { passive: false });
  return () => {
    canvas.removeEventListener('pointermove', onMove);
    canvas.removeEventListener('pointerleave', onLeave);
    canvas.removeEventListener('pointerdown', onDown);
    canvas.removeEventListener('pointerup', onUp);
    canvas.removeEventListener('pointercancel', onUp);
    canvas.removeEventListener('wheel', onWheel);
  };
}
