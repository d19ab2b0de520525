#!/usr/bin/python3
"""Prints the rows of src/TLDeclarative.Spec/Catalog/PretrainedWeightsTable.cs from torchvision's own
Weights enums (the installed torchvision; Debian 12 has 0.14.1). Run: /usr/bin/python3 eng/torchvision-weights-table.py

The file format column is not in torchvision's source; it is decided as docs/backbones.md explains."""
import torchvision.models as models

ARCHITECTURES = ("resnet18 resnet34 resnet50 resnet101 resnet152 mobilenet_v2 mobilenet_v3_small mobilenet_v3_large "
                 "vgg11 vgg13 vgg16 vgg19 vgg11_bn vgg13_bn vgg16_bn vgg19_bn alexnet googlenet inception_v3").split()
BASE = "https://download.pytorch.org/models/"
# Files listed in torchvision releases from before PyTorch 1.6 (July 2020, the zip format's default).
LEGACY = {"vgg16-397923af.pth", "vgg19-dcbb9e9d.pth", "vgg11_bn-6002323d.pth", "vgg13_bn-abd245e5.pth",
          "vgg16_bn-6c64b313.pth", "vgg19_bn-c79401a0.pth", "googlenet-1378be20.pth", "mobilenet_v2-b0353104.pth"}
# Re-uploaded under a new hash after mid-2020 (replacing a pre-2020 file): format not established.
REUPLOADED = {"resnet18-f37072fd.pth", "resnet34-b627a593.pth", "resnet50-0676ba61.pth", "resnet101-63fe2227.pth",
              "resnet152-394f9c45.pth", "vgg11-8a719046.pth", "vgg13-19584684.pth", "alexnet-owt-7be5be79.pth",
              "inception_v3_google-0cc3c7bd.pth"}

for arch in ARCHITECTURES:
    enum = models.get_model_weights(arch)
    for weights in enum:
        top1 = weights.meta["_metrics"]["ImageNet-1K"]["acc@1"]
        if top1 != top1:  # NaN: vgg16's IMAGENET1K_FEATURES (features only, other input standardisation)
            continue
        assert weights.url.startswith(BASE), weights.url
        file = weights.url[len(BASE):]
        fmt = "Legacy" if file in LEGACY else "Unknown" if file in REUPLOADED else "Zip"
        t = weights.transforms()
        default = "true" if enum.DEFAULT == weights else "false"
        print(f'            new PretrainedWeights("{arch}", "{weights.name}", "{file}", IsDefault: {default}, '
              f'Top1: {top1}, Parameters: {weights.meta["num_params"]}, Format: WeightsFileFormat.{fmt}, '
              f'ResizeSize: {t.resize_size[0]}, CropSize: {t.crop_size[0]}),')
