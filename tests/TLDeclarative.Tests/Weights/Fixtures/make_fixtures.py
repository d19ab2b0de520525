#!/usr/bin/python3
"""Writes the small torch.save fixtures the legacy-reader tests read, with Debian's PyTorch 1.13:
   /usr/bin/python3 make_fixtures.py   (in this folder)
tiny-legacy.pth and tiny-zip.pth hold the same state dict (values are simple formulas the tests
recompute); views-legacy.pth holds tensors that share one storage (TorchSharp.PyBridge 1.4.4 cannot
read such a zip file, so there is no zip twin); int32-legacy.pth holds a dtype the legacy reader refuses."""
from collections import OrderedDict
import torch

base = torch.arange(12, dtype=torch.float32).reshape(3, 4) / 4
state = OrderedDict([
    ("conv.weight", torch.arange(24, dtype=torch.float32).reshape(2, 3, 2, 2) / 8),
    ("bn.num_batches_tracked", torch.tensor(7)),
    ("half", torch.arange(6, dtype=torch.float16) / 4),
    ("bfloat", torch.arange(6, dtype=torch.bfloat16) / 2),
    ("double", torch.arange(5, dtype=torch.float64) / 3),
])
views = OrderedDict([
    ("view.base", base),
    ("view.row", base[1]),       # shares base's storage at an offset
    ("view.column", base[:, 2]), # a strided view of it
])
torch.save(state, "tiny-legacy.pth", _use_new_zipfile_serialization=False)
torch.save(state, "tiny-zip.pth")
torch.save(views, "views-legacy.pth", _use_new_zipfile_serialization=False)
torch.save(OrderedDict([("count", torch.arange(3, dtype=torch.int32))]), "int32-legacy.pth", _use_new_zipfile_serialization=False)
