"""The hand-written NumPy gradient of a 784-128-10 network (softmax output,
cross-entropy loss), as every course writes backpropagation: dz2 = p - y,
dW2 = dz2 h^T, dz1 = (W2^T dz2) * h * (1 - h), dW1 = dz1 x^T.

The data are nabla's `random(m, n, seed)`: mulberry32 restated here, so the
numbers are the same without passing them through files. Reads nabla's
`run --json` on stdin; prints one JSON line: the largest relative error of
each gradient and the time of one NumPy training step (forward + backward +
update in place), the median of `repeats` runs; with `train` > 0, the loss after
that many steps of gradient descent (eta = 0.1).
"""
import json
import sys
import time

import numpy as np


def mulberry32(seed, n):
    a = seed & 0xFFFFFFFF
    out = np.empty(n)
    for k in range(n):
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = a
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t = (t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        out[k] = ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296
    return out


def random(m, n, seed):
    return mulberry32(seed, m * n).reshape(m, n)


def network(n_in, n_h, n_out, label):
    x = random(n_in, 1, 1)
    y = np.zeros((n_out, 1))
    y[label, 0] = 1.0
    W1 = 0.1 * (random(n_h, n_in, 2) - 0.5)
    b1 = 0.1 * (random(n_h, 1, 3) - 0.5)
    W2 = 0.1 * (random(n_out, n_h, 4) - 0.5)
    b2 = 0.1 * (random(n_out, 1, 5) - 0.5)
    return x, y, W1, b1, W2, b2


def gradients(x, y, W1, b1, W2, b2):
    z1 = W1 @ x + b1
    h = 1.0 / (1.0 + np.exp(-z1))
    z2 = W2 @ h + b2
    e = np.exp(z2 - z2.max())
    p = e / e.sum()
    E = -np.sum(y * np.log(p))
    dz2 = p - y
    dW2 = dz2 @ h.T
    dz1 = (W2.T @ dz2) * h * (1 - h)
    dW1 = dz1 @ x.T
    return E, {"W1": dW1, "b1": dz1, "W2": dW2, "b2": dz2}


def step(x, y, W1, b1, W2, b2, eta):
    E, g = gradients(x, y, W1, b1, W2, b2)
    return E, g, (W1 - eta * g["W1"], b1 - eta * g["b1"], W2 - eta * g["W2"], b2 - eta * g["b2"])


def step_in_place(x, y, params, eta):
    """One training step as a training loop writes it: the same gradients, then `W -= eta * dW`."""
    W1, b1, W2, b2 = params
    _, grads = gradients(x, y, W1, b1, W2, b2)
    W1 -= eta * grads["W1"]
    b1 -= eta * grads["b1"]
    W2 -= eta * grads["W2"]
    b2 -= eta * grads["b2"]


def main():
    n_in, n_h, n_out, label, repeats, train = (int(a) for a in sys.argv[1:7])
    x, y, W1, b1, W2, b2 = network(n_in, n_h, n_out, label)
    E, grads, _ = step(x, y, W1, b1, W2, b2, 0.1)
    result = {"E": E}
    text = sys.stdin.read()
    if text.strip():
        nabla = json.loads(text)
        errors = {}
        for name, g in grads.items():
            got = np.array(nabla["matrixGradients"]["E"][name]["value"], dtype=float).reshape(g.shape)
            errors[name] = float(np.max(np.abs(got - g) / np.maximum(np.abs(g), 1e-300)))
        result["relErrors"] = errors
        result["nablaE"] = nabla["values"]["E"]
    if train > 0:
        params = (W1, b1, W2, b2)
        for _ in range(train):
            _, _, params = step(x, y, *params, 0.1)
        result["trainedE"] = float(step(x, y, *params, 0.1)[0])
    # Timed in place (`W -= eta * dW`), as training loops are written: a new
    # 128x784 array per update costs more than the step itself on some machines.
    params = [p.copy() for p in (W1, b1, W2, b2)]
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        step_in_place(x, y, params, 0.1)
        times.append(time.perf_counter() - t0)
    result["stepMs"] = sorted(times)[len(times) // 2] * 1000
    print(json.dumps(result))


main()
