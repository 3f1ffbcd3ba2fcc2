#!/usr/bin/python3
"""PyTorch (float64) reference for `downhill train --spec`: prints the same CSV.

Usage: scripts/torch_train_reference.py SPEC.json [--dump-grad FILE]

Covers the specs a float64 reference can reproduce exactly: explicit weights ("init": {"params": ...}),
inline data ("data": {"X": ..., "y": ..., optional "X_test"/"y_test"}), full-batch training
(batch_size 0 or >= the number of samples). The objective is the one Downhill trains:
    loss(MLP(X), y) + l1 * sum|W| + l2 * sum W^2     (weight matrices only, biases not penalized)
with mse = F.mse_loss (mean, no 1/2), cross_entropy = F.cross_entropy (class indices),
hinge = F.multi_margin_loss * C (the CS231n multiclass SVM loss: torch divides by C, Downhill does not),
bce = F.binary_cross_entropy_with_logits. Row k holds the objective at the weights after k updates.
Run with Debian's /usr/bin/python3 (torch 1.13). Not used by the tests: for cross-checks by hand.
"""
import argparse
import json
import math
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def fail(msg):
    sys.exit("torch_train_reference: " + msg)


def fmt(v):
    return "%.17g" % v


def make_optimizer(spec, params):
    o = spec["optimizer"]
    if isinstance(o, str):
        o = {"name": o}
    o = {k.replace("-", "_"): v for k, v in o.items()}
    name = o.pop("name")
    if "beta1" in o or "beta2" in o:
        o["betas"] = (o.pop("beta1", 0.9), o.pop("beta2", 0.999))
    if "learning_rate" in o:
        o["lr"] = o.pop("learning_rate")
    classes = {
        "sgd": torch.optim.SGD,
        "adam": torch.optim.Adam,
        "adamw": torch.optim.AdamW,
        "rmsprop": torch.optim.RMSprop,
        "adagrad": torch.optim.Adagrad,
        "adadelta": torch.optim.Adadelta,
        "nadam": torch.optim.NAdam,
    }
    if name not in classes:
        fail("optimizer %s has no torch.optim counterpart" % name)
    if name == "sgd":
        o.setdefault("lr", 1e-3)  # torch 1.13 has no default lr for SGD; Downhill uses torch 2.x's
    return classes[name](params, **o)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("spec")
    ap.add_argument("--dump-grad")
    args = ap.parse_args()
    spec = json.load(open(args.spec))

    layers = spec["layers"]
    act = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu, "linear": lambda z: z}[
        spec.get("activation", "tanh")]
    loss_name = spec.get("loss", "mse")
    init = spec.get("init", {})
    if "params" not in init:
        fail("needs explicit init.params")
    raw = init["params"]
    params = []
    if raw and not isinstance(raw[0], list):  # flat
        it = iter(raw)
        for l in range(len(layers) - 1):
            i, o = layers[l], layers[l + 1]
            params.append(torch.tensor([[next(it) for _ in range(i)] for _ in range(o)]))
            params.append(torch.tensor([next(it) for _ in range(o)]))
    else:
        params = [torch.tensor(p) for p in raw]
    for p in params:
        p.requires_grad_(True)
    weights = params[0::2]

    data = spec["data"]
    if "X" not in data:
        fail("needs inline data {X, y}")
    X = torch.tensor(data["X"])
    yraw = data["y"]
    Xt = torch.tensor(data["X_test"]) if "X_test" in data else None
    yt_raw = data.get("y_test")

    def targets(y):
        if loss_name in ("cross_entropy", "hinge"):
            return torch.tensor(y, dtype=torch.long)
        t = torch.tensor(y, dtype=torch.float64)
        return t.reshape(-1, 1) if t.dim() == 1 else t

    y = targets(yraw)
    yt = targets(yt_raw) if yt_raw is not None else None
    n = X.shape[0]
    bs = spec.get("batch_size", 0)
    if bs and bs < n:
        fail("only full-batch runs (batch_size 0 or >= n) are reproducible in torch")
    reg = spec.get("regularization", {})
    l1, l2 = reg.get("l1", 0.0), reg.get("l2", 0.0)

    def forward(inp):
        a = inp
        L = len(weights)
        for l in range(L):
            z = a @ params[2 * l].T + params[2 * l + 1]
            a = act(z) if l + 1 < L else z
        return a

    def data_loss(out, t):
        if loss_name == "mse":
            return F.mse_loss(out, t)
        if loss_name == "cross_entropy":
            return F.cross_entropy(out, t)
        if loss_name == "hinge":
            return F.multi_margin_loss(out, t) * out.shape[1]
        if loss_name in ("bce", "binary_cross_entropy"):
            return F.binary_cross_entropy_with_logits(out, t)
        fail("unknown loss " + loss_name)

    def objective():
        v = data_loss(forward(X), y)
        if l1:
            v = v + l1 * sum(w.abs().sum() for w in weights)
        if l2:
            v = v + l2 * sum((w * w).sum() for w in weights)
        return v

    def accuracy():
        if Xt is None or loss_name == "mse":
            return ""
        with torch.no_grad():
            out = forward(Xt)
            if loss_name in ("cross_entropy", "hinge"):
                return fmt((out.argmax(1) == yt).double().mean().item())
            return fmt(((out > 0) == (yt > 0.5)).double().mean().item())

    opt = make_optimizer(spec, params)
    steps = spec.get("steps")
    if steps is None:
        steps = spec["epochs"]  # one step per epoch with full batches
    every = spec.get("eval_every", 1)

    print("step,loss,test_accuracy")
    for k in range(steps + 1):
        opt.zero_grad()
        v = objective()
        if k == 0 and args.dump_grad:
            v.backward(retain_graph=True)
            out = [p.grad.tolist() for p in params]
            with open(args.dump_grad, "w") as f:
                json.dump(out, f)
            opt.zero_grad()
        if k % every == 0 or k == steps:
            print("%d,%s,%s" % (k, fmt(v.item()), accuracy()))
        if not math.isfinite(v.item()):
            print("diverged at step %d" % k, file=sys.stderr)
            break
        if k == steps:
            break
        v.backward()
        opt.step()


if __name__ == "__main__":
    main()
