import type { Point } from '../model/edits.js';

/** Viewport operations the canvas registers for commands (menu, shortcuts) to call. */
export interface CanvasControls {
  fit(): void;
  zoomIn(): void;
  zoomOut(): void;
  /** Centre of the visible canvas, in flow coordinates (where keyboard-added nodes go). */
  center(): Point;
}

let current: CanvasControls | null = null;

/** Registers the mounted canvas (null on unmount). */
export function registerCanvas(c: CanvasControls | null): void {
  current = c;
}

/** The mounted canvas, if any. */
export function canvasControls(): CanvasControls | null {
  return current;
}
