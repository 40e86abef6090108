/**
 * The adjoints of the window operations (window.ts), the classic ones of a
 * convolutional layer: for net = conv2d(x, w) and the error map G = ∂E/∂net,
 *   ∂E/∂w = conv2d(x, G)   (the input correlated with the error map; with a
 *                           stride, the same sum as `convkernel`),
 *   ∂E/∂x = convfull(G, w) (the full convolution of G with the flipped kernel),
 * and for maxpool, G routed to the argmax of each window (`poolroute`).
 *
 * Invariant: every adjoint has the shape of the operand it is sent to.
 */

import { msg } from '../messages/format.ts';
import { mwindow, type MExpr, type MWindow } from './node.ts';
import { ShapeMismatch } from './shape.ts';
import { assertNeverWindow } from './window.ts';

/** Send G (the adjoint of `e`, of e's shape) to e's operands through `down`; `r` names definitions. */
export function backpropWindow(e: MWindow, G: MExpr, r: (e: MExpr) => MExpr, down: (x: MExpr, gx: MExpr) => void): void {
  const params = { stride: e.stride, padding: e.padding, k: e.k };
  switch (e.op) {
    case 'conv2d': {
      const w = e.b!;
      const kernel = e.stride === 1 ? mwindow('conv2d', r(e.a), G, { ...params, k: 0 }, w.shape) : mwindow('convkernel', r(e.a), G, params, w.shape);
      down(w, kernel);
      down(e.a, mwindow('convfull', G, r(w), params, e.a.shape));
      return;
    }
    case 'maxpool': down(e.a, mwindow('poolroute', r(e.a), G, params, e.a.shape)); return;
    case 'convkernel': case 'convfull': case 'poolroute':
      throw new ShapeMismatch(msg('matrix.error.window-adjoint', { op: e.op }));
    default: assertNeverWindow(e.op);
  }
}
