#!/usr/bin/env python3
"""Export an official S-TLLR state_dict (mapolinario94/S-TLLR) to safetensors for the Edge runtime.

    python3 tools/export_stllr_safetensors.py model.pth --spec gesture-vgg -o gesture.safetensors

The official modules that own a `weight` (Conv2dSTLLR, LinearSTLLR, LinearRecSTLLR, nn.Linear) are
mapped, in state_dict order, onto the spec's layers that have parameters (conv2d, linear,
linear-rec, readout-linear, readout-leaky); `--map module=index` pins a module to a spec layer.
Each tensor is written as `layers.<index>.<name>` in float32, PyTorch order. See
tools/export_stllr_safetensors.md for the mapping of the official models and what is checked.
Needs only torch (and numpy, which torch brings); the safetensors package is not required.
"""

import argparse
import json
import os
import struct
import sys

PARAMETER_LAYERS = ("conv2d", "linear", "linear-rec", "readout-linear", "readout-leaky")
COPIED = ("weight", "bias", "gain", "weight_rec", "gain_rec")
CONSTANTS = ("leak", "threshold", "factors")
# Module-level tensors that carry no deployable state: DFA/sDFA feedback matrices of TrainingHook.
SKIPPED = ("fixed_fb_weights",)
NETWORKS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "runtime", "Edge.Runtime", "Networks")


class ExportError(Exception):
    """A problem with the inputs, reported as one line."""


def load_spec_layers(spec):
    """Layer list of a spec file, a built-in network name, or a golden case (config.layers)."""
    path = spec
    if not os.path.exists(path):
        path = os.path.join(NETWORKS_DIR, spec + ".json")
        if not os.path.exists(path):
            raise ExportError(f"--spec {spec}: neither a spec file nor a built-in network")
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    layers = document.get("layers") or document.get("config", {}).get("layers")
    if not isinstance(layers, list):
        raise ExportError(f"{path}: no 'layers' list (nor 'config.layers')")
    return path, layers


def load_state_dict(path):
    import torch

    loaded = torch.load(path, map_location="cpu")
    if isinstance(loaded, torch.nn.Module):
        loaded = loaded.state_dict()
    if isinstance(loaded, dict) and isinstance(loaded.get("state_dict"), dict):
        loaded = loaded["state_dict"]
    if not isinstance(loaded, dict) or not loaded:
        raise ExportError(f"{path}: no state_dict found (expected a dict of tensors or {{'state_dict': ...}})")
    state = {}
    for key, value in loaded.items():
        if not torch.is_tensor(value):
            raise ExportError(f"{path}: '{key}' is not a tensor")
        state[key[len("module."):] if key.startswith("module.") else key] = value
    return state


def group_modules(state):
    """Module prefix -> {tensor name: tensor}, in state_dict order."""
    modules = {}
    for key, value in state.items():
        module, _, name = key.rpartition(".")
        modules.setdefault(module, {})[name] = value
    return modules


def plan_mapping(modules, layers, pinned):
    """[(module, spec index)] for every module that owns a weight."""
    owners = [m for m, tensors in modules.items() if "weight" in tensors]
    targets = [i for i, layer in enumerate(layers) if layer.get("type") in PARAMETER_LAYERS]
    for module, index in pinned.items():
        if module not in owners:
            raise ExportError(f"--map {module}={index}: the state_dict has no module '{module}' with a weight")
        if index not in targets:
            raise ExportError(f"--map {module}={index}: spec layer {index} has no parameters")
    free_modules = [m for m in owners if m not in pinned]
    free_targets = [i for i in targets if i not in pinned.values()]
    if len(free_modules) != len(free_targets):
        raise ExportError(
            f"{len(owners)} official modules with weights ({', '.join(owners)}) but the spec has "
            f"{len(targets)} layers with parameters (indices {targets}); pin them with --map module=index")
    mapping = dict(zip(free_modules, free_targets))
    mapping.update(pinned)
    return sorted(mapping.items(), key=lambda item: item[1])


def check_layer(module, tensors, index, layer):
    kind = layer["type"]
    weight = tensors["weight"]
    where = f"{module} -> spec layer {index} ({kind})"
    if kind == "conv2d":
        if weight.dim() != 4:
            raise ExportError(f"{where}: weight {list(weight.shape)} is not a conv weight [C_out, C_in, k, k]")
        want = [layer.get("out_channels"), layer.get("in_channels"), layer.get("kernel"), layer.get("kernel")]
    else:
        if weight.dim() != 2:
            raise ExportError(f"{where}: weight {list(weight.shape)} is not a linear weight [N_out, N_in]")
        want = [layer.get("out_features"), layer.get("in_features")]
    if any(w is not None and w != s for w, s in zip(want, weight.shape)):
        raise ExportError(f"{where}: weight {list(weight.shape)} does not fit the spec's {want}")
    if kind == "linear-rec" and "weight_rec" not in tensors:
        raise ExportError(f"{where}: a linear-rec layer needs weight_rec (LinearRecSTLLR)")
    if kind != "linear-rec" and "weight_rec" in tensors:
        raise ExportError(f"{where}: the module is recurrent (weight_rec) but the spec layer is {kind}")


def export(state, layers, pinned, keep_constants):
    """{safetensors name: float32 tensor}, the mapping lines and notes."""
    import torch

    modules = group_modules(state)
    mapping = plan_mapping(modules, layers, pinned)
    mapped = {module for module, _ in mapping}
    out, lines, notes = {}, [], []
    for module, index in mapping:
        tensors = modules[module]
        layer = layers[index]
        check_layer(module, tensors, index, layer)
        written = []
        for name, value in tensors.items():
            value = value.detach().to(torch.float32).contiguous()
            key = f"layers.{index}.{name}"
            if name == "gain" and layer["type"] == "readout-leaky":
                notes.append(f"{module}.gain: not used by an accumulating readout (no standardization), not exported")
                continue
            if name in ("gain", "gain_rec"):
                value = value.reshape(-1)
            elif name in CONSTANTS:
                if not keep_constants:
                    continue
            elif name not in COPIED:
                raise ExportError(f"{module}.{name}: unknown tensor of a layer module (expected {', '.join(COPIED + CONSTANTS)})")
            out[key] = value
            written.append(name)
        lines.append(f"{module} -> layers.{index} ({layer['type']}): {', '.join(written)}")
    for module, tensors in modules.items():
        if module in mapped:
            continue
        names = [n for n in tensors if n not in SKIPPED]
        if names:
            raise ExportError(f"{module}: tensors {names} belong to no spec layer (a module without a weight)")
        notes.append(f"{module}: {', '.join(tensors)} skipped (feedback matrices are not deployed)")
    return out, lines, notes


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    offset = 0
    blobs = []
    for name in sorted(tensors):
        data = tensors[name].cpu().numpy().astype("<f4", copy=False).tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    temporary = path + ".tmp"
    with open(temporary, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    os.replace(temporary, path)


def parse_pins(values):
    pins = {}
    for value in values or []:
        module, sep, index = value.partition("=")
        if not sep or not index.isdigit():
            raise ExportError(f"--map {value}: write module=index (e.g. conv1=0)")
        pins[module] = int(index)
    return pins


def main(argv=None):
    parser = argparse.ArgumentParser(description="Export an official S-TLLR state_dict to safetensors for the Edge runtime.")
    parser.add_argument("checkpoint", help="torch.save file: a state_dict, {'state_dict': ...} as main.py saves, or a module")
    parser.add_argument("--spec", required=True, help="Edge network spec: a JSON file, a built-in name (gesture-vgg, shd-rec, ...) or a golden case")
    parser.add_argument("-o", "--output", required=True, help="safetensors file to write")
    parser.add_argument("--map", action="append", metavar="MODULE=INDEX", help="pin an official module to a spec layer index")
    parser.add_argument("--no-constants", action="store_true", help="leave out leak, threshold and factors (then the runtime cannot check them)")
    args = parser.parse_args(argv)
    try:
        spec_path, layers = load_spec_layers(args.spec)
        tensors, lines, notes = export(load_state_dict(args.checkpoint), layers, parse_pins(args.map), not args.no_constants)
        metadata = {
            "format": "edge-weights/1",
            "source": os.path.basename(args.checkpoint),
            "spec": os.path.basename(spec_path),
            "mapping": "; ".join(lines),
            "exporter": "tools/export_stllr_safetensors.py",
        }
        write_safetensors(args.output, tensors, metadata)
    except ExportError as e:
        print(f"export_stllr_safetensors: {e}", file=sys.stderr)
        return 2
    except (OSError, RuntimeError, ValueError) as e:
        print(f"export_stllr_safetensors: {args.checkpoint}: {e}".replace("\n", " "), file=sys.stderr)
        return 2
    for line in lines + notes:
        print(line, file=sys.stderr)
    print(f"wrote {len(tensors)} tensors to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
