"""Exports a torchvision classifier (as initialised, seeded) or a tiny text encoder with torch.onnx.export
(default settings; opset 17, or 13 for the text encoder as in all-MiniLM-L6-v2's file, where LayerNorm is
written out with ReduceMean, Pow and Sqrt) and writes what PyTorch computes for the parity tests:

  model.onnx     the exported graph
  input.bin      the input (float32 images, or int64 token ids), little-endian, C order
  features.bin   PyTorch's features at the importer's automatic cut (float32)
  meta.json      shapes of input and features

Usage: export_torch_models.py MODEL SIZE OUT_DIR   (MODEL: a torchvision name, tiny_convnext, tiny_vit,
tiny_swin or tiny_text_encoder). Run with Debian's /usr/bin/python3 (python3-torch, python3-torchvision).
"""
import json
import os
import sys

import torch
import torchvision
from torch import nn
from torchvision.models import convnext, swin_transformer, vision_transformer


def tiny(name):
    """torchvision's own classes at a CI-sized configuration: the same graph structure, a fraction of the work."""
    if name == "tiny_convnext":
        blocks = [convnext.CNBlockConfig(16, 32, 2), convnext.CNBlockConfig(32, None, 2)]
        return convnext.ConvNeXt(blocks, stochastic_depth_prob=0.1, num_classes=10)
    if name == "tiny_vit":
        return vision_transformer.VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=2,
                                                    hidden_dim=32, mlp_dim=64, num_classes=10)
    if name == "tiny_swin":
        return swin_transformer.SwinTransformer(patch_size=[4, 4], embed_dim=16, depths=[2, 2], num_heads=[2, 4],
                                                window_size=[4, 4], stochastic_depth_prob=0.1, num_classes=10)
    return None


class TinyTextEncoder(nn.Module):
    """A MiniLM-shaped block: token and position embeddings, LayerNorm, one GELU transformer encoder layer."""

    def __init__(self, vocabulary=50, width=16, length=7):
        super().__init__()
        self.tokens = nn.Embedding(vocabulary, width)
        self.positions = nn.Parameter(torch.randn(1, length, width) * 0.1)
        self.norm = nn.LayerNorm(width)
        self.layer = nn.TransformerEncoderLayer(width, 2, 32, dropout=0.1, activation="gelu", batch_first=True)

    def forward(self, ids):
        return self.layer(self.norm(self.tokens(ids) + self.positions))


def features_hook(model, name):
    """Registers a hook that records the value the automatic cut returns; returns the list it fills."""
    seen = []
    family = name.split("_")[0].rstrip("0123456789")
    if family in ("densenet",):
        model.features.register_forward_hook(lambda m, i, o: seen.append(torch.relu(o)))
    elif family == "shufflenet":
        model.conv5.register_forward_hook(lambda m, i, o: seen.append(o))
    elif family == "mnasnet":
        model.layers.register_forward_hook(lambda m, i, o: seen.append(o))
    elif family == "squeezenet":
        model.classifier[2].register_forward_hook(lambda m, i, o: seen.append(o))
    elif family in ("vit", "tiny") and hasattr(model, "encoder"):
        # A token sequence: the cut is the class token after the final LayerNorm, what the heads read.
        model.encoder.register_forward_hook(lambda m, i, o: seen.append(o[:, 0]))
    elif hasattr(model, "avgpool"):
        model.avgpool.register_forward_hook(lambda m, i, o: seen.append(i[0]))
    else:  # mobilenet_v2 pools with a function call after its features
        model.features.register_forward_hook(lambda m, i, o: seen.append(o))
    return seen


def main():
    name, size, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    torch.set_num_threads(2)
    if name == "tiny_text_encoder":
        model = TinyTextEncoder().eval()
        example = torch.randint(0, 50, (2, 7))
        seen = []
        model.register_forward_hook(lambda m, i, o: seen.append(o))
        names = {"input_names": ["input_ids"], "output_names": ["last_hidden_state"], "opset_version": 13}
    else:
        model = tiny(name) or torchvision.models.__dict__[name](weights=None)
        model = model.eval()
        example = torch.randn(2, 3, size, size)
        seen = features_hook(model, name)
        names = {"input_names": ["input"], "output_names": ["logits"], "opset_version": 17}

    # Exported with gradients on, as users do: under no_grad PyTorch's fused attention path has no ONNX form.
    torch.onnx.export(model, (example,), os.path.join(out, "model.onnx"), **names)
    seen.clear()
    with torch.no_grad():
        model(example)
    features = seen[-1].contiguous()
    example.contiguous().numpy().tofile(os.path.join(out, "input.bin"))
    features.float().numpy().tofile(os.path.join(out, "features.bin"))
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump({"input_shape": list(example.shape), "input_type": str(example.dtype).replace("torch.", ""),
                   "features_shape": list(features.shape)}, f)


if __name__ == "__main__":
    main()
