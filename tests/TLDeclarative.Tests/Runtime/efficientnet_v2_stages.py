"""Exports the stem and first three (Fused-MBConv) stages of torchvision's EfficientNetV2-S (random weights, eval mode)
to ONNX, with an input batch and PyTorch's output for it, for GuardedOnnxImportTests.

Usage: /usr/bin/python3 efficientnet_v2_stages.py OUTPUT_FOLDER
Writes model.onnx, input.bin and output.bin (float32, little-endian) and shapes.txt.
Its 3x3 convolutions take 24 and 48 input channels: the shapes oneDNN's AVX-512 kernels get wrong.
"""
import sys

import torch
import torchvision

folder = sys.argv[1]
torch.manual_seed(0)
network = torchvision.models.efficientnet_v2_s().features[:4].eval()
# Non-trivial batch-norm statistics: the export folds them into the convolutions, and equal (zero)
# biases would be de-duplicated into shared Identity outputs instead of initializers.
with torch.no_grad():
    for norm in (m for m in network.modules() if isinstance(m, torch.nn.BatchNorm2d)):
        norm.running_mean.normal_(0, 0.1)
        norm.running_var.uniform_(0.5, 1.5)
        norm.weight.uniform_(0.5, 1.5)
        norm.bias.normal_(0, 0.1)
    for conv in (m for m in network.modules() if isinstance(m, torch.nn.Conv2d) and m.bias is not None):
        conv.bias.normal_(0, 0.1)  # the squeeze-excitation layers' biases start at zero
images = torch.randn(8, 3, 64, 64)
with torch.no_grad():
    output = network(images)
torch.onnx.export(network, images, f"{folder}/model.onnx", opset_version=17,
                  input_names=["images"], output_names=["features"])
images.numpy().astype("<f4").tofile(f"{folder}/input.bin")
output.numpy().astype("<f4").tofile(f"{folder}/output.bin")
with open(f"{folder}/shapes.txt", "w") as shapes:
    shapes.write(" ".join(map(str, images.shape)) + "\n" + " ".join(map(str, output.shape)) + "\n")
