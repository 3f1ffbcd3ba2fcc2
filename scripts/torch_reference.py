#!/usr/bin/python3
"""Reference trajectories from PyTorch (float64), in the CSV of `downhill trace`.

Runs torch.optim on a 2D surface written in closed form and prints the header step,x,y,f,gx,gy and one
row per state (step 0 = the start) with 17 significant digits; a run that diverges (x, y or f not
finite, or |x| or |y| > 1e6) ends with that row and says so on stderr, as `downhill trace` does.
Flags follow `downhill trace` (torch.optim's names; unset hyperparameters keep torch's defaults).

  scripts/torch_reference.py --surface six_hump_camel --optimizer adam --lr 0.05 --start 1,1 --steps 50
  scripts/torch_reference.py ... --check ours.csv     # compare a CSV (e.g. from `downhill trace`) with torch

--check prints the largest relative error |a − b| / max(|a|, |b|) over all numbers whose reference
magnitude is at least --floor (default 1e-12; below it the absolute error is reported instead) and
exits 1 when it exceeds --tol (default 1e-9) or when the row counts differ.

Needs Debian's /usr/bin/python3 with python3-torch. Everything runs in float64 (the default dtype too, so
that torch's scalar state such as NAdam's mu_product is float64). Two kinds are not in torch.optim and are
written here in torch ops: adagrad_norm, x ← x − lr·g / sqrt(eps + Σ‖g‖²), and newton (damped Newton with
a gradient step where the Hessian is not positive definite).

NAdam: torch before 2.0 computed the last term with Π_t·μ_t·μ_{t+1} instead of the documented
Π_t·μ_{t+1} (fixed in torch 2.0). With torch < 2.0 this script applies the documented formula (as
torch 2.x does) unless --torch-as-is is given.
"""

import argparse
import math
import sys

import torch

torch.set_default_dtype(torch.float64)

BOUND = 1e6


def camel(x, y):
    return (4 - 2.1 * x**2 + x**4 / 3) * x**2 + x * y + (-4 + 4 * y**2) * y**2


SURFACES = {
    "six_hump_camel": camel,
    "camel": camel,
    "rosenbrock": lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
    "quadratic": lambda x, y: 0.5 * (x**2 + 10 * y**2),
    "saddle": lambda x, y: x**2 - y**2,
    "himmelblau": lambda x, y: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
    "booth": lambda x, y: (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2,
    "matyas": lambda x, y: 0.26 * (x**2 + y**2) - 0.48 * x * y,
    "double_well": lambda x, y: (x**2 - 1) ** 2 + y**2,
    "monkey_saddle": lambda x, y: x**3 - 3 * x * y**2,
}

# flag → torch keyword, per optimizer
TORCH_ARGS = {
    "sgd": ["lr", "momentum", "dampening", "nesterov", "weight_decay"],
    "adagrad": ["lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"],
    "rmsprop": ["lr", "alpha", "eps", "weight_decay", "momentum", "centered"],
    "adam": ["lr", "betas", "eps", "weight_decay", "amsgrad"],
    "adamw": ["lr", "betas", "eps", "weight_decay", "amsgrad"],
    "nadam": ["lr", "betas", "eps", "weight_decay", "momentum_decay"],
    "adadelta": ["lr", "rho", "eps", "weight_decay"],
}
TORCH_CLASSES = {
    "sgd": torch.optim.SGD,
    "adagrad": torch.optim.Adagrad,
    "rmsprop": torch.optim.RMSprop,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "nadam": torch.optim.NAdam,
    "adadelta": torch.optim.Adadelta,
}


class DocumentedNAdam(torch.optim.Optimizer):
    """torch 2.x's single-tensor NAdam (the documented formula), for torch < 2.0."""

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      momentum_decay=momentum_decay))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            lr, eps, wd, psi = group["lr"], group["eps"], group["weight_decay"], group["momentum_decay"]
            for p in group["params"]:
                st = self.state[p]
                if not st:
                    st["step"], st["mu_product"] = 0.0, 1.0
                    st["exp_avg"], st["exp_avg_sq"] = torch.zeros_like(p), torch.zeros_like(p)
                grad = p.grad
                st["step"] += 1
                step = st["step"]
                bias_correction2 = 1 - beta2**step
                if wd != 0:
                    grad = grad.add(p, alpha=wd)
                mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * psi)))
                mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * psi)))
                st["mu_product"] *= mu
                st["exp_avg"].mul_(beta1).add_(grad, alpha=1 - beta1)
                st["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = st["exp_avg_sq"].div(bias_correction2).sqrt().add_(eps)
                mu_product_next = st["mu_product"] * mu_next
                p.addcdiv_(grad, denom, value=(-lr * (1.0 - mu) / (1.0 - st["mu_product"])))
                p.addcdiv_(st["exp_avg"], denom, value=(-lr * mu_next) / (1.0 - mu_product_next))


class AdagradNorm(torch.optim.Optimizer):
    """x ← x − lr·g / sqrt(eps + Σ_{s≤t} ‖g_s‖²), one scalar accumulator (defaults lr 1e-2, eps 1e-10)."""

    def __init__(self, params, lr=1e-2, eps=1e-10, weight_decay=0):
        super().__init__(params, dict(lr=lr, eps=eps, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            for p in group["params"]:
                st = self.state[p]
                grad = p.grad
                if group["weight_decay"] != 0:
                    grad = grad.add(p, alpha=group["weight_decay"])
                st["sum"] = st.get("sum", 0.0) + float(grad.dot(grad))
                p.sub_(grad * (group["lr"] / math.sqrt(group["eps"] + st["sum"])))


def parse_pair(text):
    a, b = text.split(",")
    return float(a), float(b)


def build_optimizer(args, param):
    name = args.optimizer
    if name in ("adagrad_norm", "newton"):
        return None
    kwargs = {}
    for key in TORCH_ARGS[name]:
        if key == "betas":
            if args.beta1 is not None or args.beta2 is not None:
                kwargs["betas"] = (0.9 if args.beta1 is None else args.beta1, 0.999 if args.beta2 is None else args.beta2)
        elif getattr(args, key) is not None:
            kwargs[key] = getattr(args, key)
    if name == "sgd" and "lr" not in kwargs:
        kwargs["lr"] = 1e-3  # torch 2.x default; 1.13 requires it
    cls = TORCH_CLASSES[name]
    if name == "nadam" and int(torch.__version__.split(".")[0]) < 2 and not args.torch_as_is:
        cls = DocumentedNAdam
    return cls([param], **kwargs)


def value_grad(f, p):
    q = p.detach().clone().requires_grad_(True)
    v = f(q[0], q[1])
    (g,) = torch.autograd.grad(v, q)
    return v.item(), g.detach()


def diverged(p, fv):
    x, y = p[0].item(), p[1].item()
    return not (math.isfinite(x) and math.isfinite(y) and math.isfinite(fv)) or abs(x) > BOUND or abs(y) > BOUND


def run(args):
    f = SURFACES[args.surface]
    x0, y0 = parse_pair(args.start)
    p = torch.tensor([x0, y0], dtype=torch.float64, requires_grad=True)
    opt = build_optimizer(args, p)
    adagrad_norm = AdagradNorm([p], **{k: getattr(args, k) for k in ("lr", "eps", "weight_decay")
                                        if getattr(args, k) is not None}) if args.optimizer == "adagrad_norm" else None
    rows = []
    fv, g = value_grad(f, p)
    rows.append((p.detach().clone(), fv, g))
    for _ in range(args.steps if not diverged(p, fv) else 0):
        if args.optimizer == "newton":
            lr = 1.0 if args.lr is None else args.lr
            with torch.no_grad():
                h = torch.autograd.functional.hessian(lambda q: f(q[0], q[1]), p.detach())
                a, b, d = h[0, 0].item(), 0.5 * (h[0, 1].item() + h[1, 0].item()), h[1, 1].item()
                det = a * d - b * b
                if a > 0 and det > 0 and math.isfinite(det):
                    step = torch.tensor([(d * g[0].item() - b * g[1].item()) / det,
                                         (a * g[1].item() - b * g[0].item()) / det])
                else:
                    step = g
                p.sub_(lr * step)
        else:
            o = adagrad_norm if adagrad_norm is not None else opt
            o.zero_grad()
            p.grad = g.clone()
            o.step()
        fv, g = value_grad(f, p)
        rows.append((p.detach().clone(), fv, g))
        if diverged(p, fv):
            break
    return rows


def fmt(v):
    return "%.17g" % v


def to_csv(rows):
    lines = ["step,x,y,f,gx,gy"]
    for k, (p, fv, g) in enumerate(rows):
        lines.append(",".join([str(k)] + [fmt(v) for v in (p[0].item(), p[1].item(), fv, g[0].item(), g[1].item())]))
    return "\n".join(lines) + "\n"


def check(reference_csv, path, tol, floor):
    ref = [line.split(",") for line in reference_csv.strip().split("\n")]
    with open(path) as fh:
        ours = [line.split(",") for line in fh.read().strip().split("\n")]
    if ref[0] != ours[0]:
        print("header differs: %s vs %s" % (ours[0], ref[0]))
        return 1
    if len(ref) != len(ours):
        print("rows: ours %d, torch %d" % (len(ours) - 1, len(ref) - 1))
    max_rel, max_rel_xy, max_abs, worst = 0.0, 0.0, 0.0, ""
    for r, o in zip(ref[1:], ours[1:]):
        for col, (a, b) in enumerate(zip(o[1:], r[1:]), start=1):
            a, b = float(a), float(b)
            if math.isnan(a) and math.isnan(b) or a == b:
                continue
            scale = max(abs(a), abs(b))
            if scale >= floor:
                rel = abs(a - b) / scale
                if col <= 2:
                    max_rel_xy = max(max_rel_xy, rel)
                if rel > max_rel:
                    max_rel, worst = rel, "step %s %s" % (r[0], ref[0][col])
            else:
                max_abs = max(max_abs, abs(a - b))
    print("max relative error %.3g (%s), of x and y %.3g; max absolute error below %g: %.3g; rows ours %d torch %d"
          % (max_rel, worst or "-", max_rel_xy, floor, max_abs, len(ours) - 1, len(ref) - 1))
    return 0 if max_rel <= tol and max_abs <= floor and len(ref) == len(ours) else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--surface", required=True, choices=sorted(SURFACES))
    ap.add_argument("--optimizer", required=True, choices=sorted(list(TORCH_CLASSES) + ["adagrad_norm", "newton"]))
    for name in ("lr", "momentum", "dampening", "weight-decay", "alpha", "eps", "beta1", "beta2", "rho",
                 "momentum-decay", "lr-decay", "initial-accumulator-value"):
        ap.add_argument("--" + name, type=float, default=None)
    for name in ("nesterov", "centered", "amsgrad"):
        ap.add_argument("--" + name, action="store_const", const=True, default=None)
    ap.add_argument("--start", default="0,0")
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--torch-as-is", action="store_true", help="NAdam: use the installed torch's code as is")
    ap.add_argument("--check", metavar="CSV", help="compare this CSV with the reference instead of printing it")
    ap.add_argument("--tol", type=float, default=1e-9)
    ap.add_argument("--floor", type=float, default=1e-12)
    args = ap.parse_args()

    rows = run(args)
    csv = to_csv(rows)
    p, fv = rows[-1][0], rows[-1][1]
    if args.check:
        sys.exit(check(csv, args.check, args.tol, args.floor))
    sys.stdout.write(csv)
    if diverged(p, fv):
        print("diverged at step %d" % (len(rows) - 1), file=sys.stderr)


if __name__ == "__main__":
    main()
