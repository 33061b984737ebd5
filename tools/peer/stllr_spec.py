"""Builds an Edge network spec (docs/network-spec.md) from the official S-TLLR layer classes.

Our own code. It imports the official classes (mapolinario94/S-TLLR, commit 29c5755) from the
source tree the caller puts on sys.path and contains none of their code. Only what the official
code has is built; anything else is refused with the JSON path of the key:

  conv2d        Conv2dSTLLR (psi triangle-0.3: the official default; fast-sigmoid-100:
                STLLRConv2dGradExp; sigmoid-4: STLLRConv2dSigmoid), standardize -> normalization
  linear        LinearSTLLR (psi fast-sigmoid-100 only; always standardized)
  linear-rec    LinearRecSTLLR (psi fast-sigmoid-100 only)
  readout-linear   nn.Linear (raw weights)
  readout-leaky    LinearSTLLR(accumulate=True): u = sigmoid(leak) u + W x + b, input trace lambda_pre
  maxpool2d, avgpool2d, global-avgpool, flatten: torch.nn
Network-level defaults (factors, psi, leak/decay, threshold, reset, standardize) and layer overrides
follow docs/network-spec.md. The initialisation is the official VGG/AudioNet one: kaiming_normal_
(fan_out, relu) for convolutions, kaiming_normal_ for linear layers, biases 0, gains 1.
"""
import json
import math
import re

DEFAULT_FACTORS = [0.2, 0.75, -1.0, 1.0]
READOUT_FACTORS = [0.0, 0.99, 0.0, 1.0]
FACTOR_KEYS = ["lambda_post", "lambda_pre", "alpha_post", "alpha_pre"]


class SpecError(ValueError):
    pass


def load(path):
    """Reads a spec file; // and /* */ comments and trailing commas are allowed, as in Edge."""
    with open(path) as f:
        text = f.read()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r'("(?:\\.|[^"\\])*")|//[^\n]*', lambda m: m.group(1) or "", text)
    text = re.sub(r",\s*([}\]])", r"\1", text)
    return json.loads(text)


def factors_of(value, where):
    if value is None:
        return None
    if isinstance(value, dict):
        return [float(value[k]) for k in FACTOR_KEYS]
    if len(value) != 4:
        raise SpecError(f"{where}: four factors expected")
    return [float(v) for v in value]


def leak_of(obj):
    """The official pre-sigmoid leak of an object's decay/leak keys, or None."""
    if obj.get("decay") is not None:
        d = float(obj["decay"])
        if d <= 0.0:
            return -1e9
        if d >= 1.0:
            return 1e9
        return math.log(d / (1.0 - d))
    if obj.get("leak") is not None:
        return float(obj["leak"])
    return None


def timing(spec):
    """(T, T_l, prediction) of a spec, with Edge's defaults."""
    t = int(spec.get("time_steps") or 20)
    tl = spec.get("learn_steps")
    tl = min(5, t) if tl is None else min(int(tl), t)
    return t, tl, (spec.get("prediction") or "sum-all").lower()


def optimizer_of(spec):
    o = spec.get("optimizer") or {}
    kind = (o.get("type") or "adam").lower()
    return kind, float(o.get("lr") or 1e-3), float(o.get("weight_decay") or 0.0)


def build(spec, torch, nn, layers, gradients):
    """The spec's layers as one torch module: forward(x, target=None) runs one time step and returns
    the logits; reset_states() zeroes every membrane and trace (the official models' interface)."""
    net_factors = factors_of(spec.get("factors"), "$.factors") or DEFAULT_FACTORS
    net_psi = (spec.get("psi") or "").lower() or None
    net_leak = leak_of(spec)
    net_threshold = float(spec.get("threshold") if spec.get("threshold") is not None else 0.6)
    net_reset = (spec.get("reset") or "soft").lower()
    net_standardize = spec.get("standardize", True) is not False
    if float(spec.get("dropout") or 0) > 0:
        raise SpecError("$.dropout: not built by this harness")
    if (spec.get("feedback") or "BP").upper() != "BP":
        raise SpecError("$.feedback: only BP is built by this harness")
    if (spec.get("mode") or "stllr").lower() != "stllr":
        raise SpecError("$.mode: only stllr (one optimizer step per sample) is run by this harness")
    modules = []
    for i, layer in enumerate(spec["layers"]):
        where = f"$.layers[{i}]"
        kind = layer["type"].lower()
        factors = factors_of(layer.get("factors"), where + ".factors")
        leak = leak_of(layer)
        if leak is None:
            leak = net_leak if net_leak is not None else 2.0
        threshold = float(layer["threshold"]) if layer.get("threshold") is not None else net_threshold
        reset = (layer.get("reset") or net_reset).lower()
        psi = (layer.get("psi") or net_psi or ("triangle-0.3" if kind == "conv2d" else "fast-sigmoid-100")).lower()
        bias = layer.get("bias", True) is not False
        if layer.get("neuron") not in (None, "lif") or spec.get("neuron") not in (None, "lif"):
            raise SpecError(where + ".neuron: only LIF neurons")
        if kind == "conv2d":
            standardize = layer.get("standardize", net_standardize) is not False
            activation = {"triangle-0.3": None, "fast-sigmoid-100": gradients.STLLRConv2dGradExp,
                          "sigmoid-4": gradients.STLLRConv2dSigmoid}.get(psi, "missing")
            if activation == "missing":
                raise SpecError(f"{where}.psi: the official convolution has no '{psi}'")
            m = layers.Conv2dSTLLR(layer["in_channels"], layer["out_channels"], layer["kernel"], layer.get("stride", 1),
                                   layer.get("padding", 0), bias=bias, activation=activation,
                                   factors=factors or net_factors, leak=leak, threshold=threshold,
                                   reset_mechanism=reset, normalization=standardize)
        elif kind in ("linear", "linear-rec"):
            if psi != "fast-sigmoid-100":
                raise SpecError(f"{where}.psi: the official linear layers have fast-sigmoid-100 only")
            if layer.get("standardize", net_standardize) is False:
                raise SpecError(f"{where}.standardize: the official linear layers always standardize")
            cls = layers.LinearSTLLR if kind == "linear" else layers.LinearRecSTLLR
            m = cls(layer["in_features"], layer["out_features"], bias=bias, factors=factors or net_factors,
                    leak=leak, threshold=threshold, reset_mechanism=reset)
        elif kind == "readout-linear":
            m = nn.Linear(layer["in_features"], layer["out_features"], bias=bias)
        elif kind == "readout-leaky":
            m = layers.LinearSTLLR(layer["in_features"], layer["out_features"], bias=bias, accumulate=True,
                                   leak=leak, factors=factors or READOUT_FACTORS)
        elif kind == "maxpool2d":
            m = nn.MaxPool2d(layer["kernel"], layer.get("stride", layer["kernel"]))
        elif kind == "avgpool2d":
            m = nn.AvgPool2d(layer["kernel"], layer.get("stride", layer["kernel"]))
        elif kind == "global-avgpool":
            m = nn.Sequential(nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten())
        elif kind == "flatten":
            m = nn.Flatten()
        else:
            raise SpecError(f"{where}.type: '{kind}' is not built by this harness")
        modules.append(m)

    class SpecModel(nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = nn.Sequential(*modules)
            self.stateful = [m for m in modules if hasattr(m, "reset_state")]

        def reset_states(self):
            for m in self.stateful:
                m.reset_state()

        def forward(self, x, target=None):
            return self.layers(x)

    model = SpecModel()
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            if m.bias is not None:
                nn.init.constant_(m.bias, 0)
        elif isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight)
            if m.bias is not None:
                nn.init.constant_(m.bias, 0)
    return model
