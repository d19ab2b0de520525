"""The PyTorch side of bench/TLDeclarative.PipelineBench: the same two-phase job on the same images.

torchvision resnet18 (random weights), head = pool, flatten, dropout 0.2, linear 512->1; BCE with logits;
Adam (1e-3 for phase 1 with the whole backbone frozen, 1e-4 for phase 2 with layer4 and the head training);
frozen BatchNorm in eval; ImageNet normalisation; uint8 images converted per batch, as the .NET side does.
Prints one JSON line: {"torch": version, "phase1": {"wall": [seconds per epoch], "cpu": [process CPU seconds]}, "phase2": ...}.
Setup (Debian 12): apt-get install -y python3-torch python3-torchvision
"""
import argparse
import json
import time

import numpy as np
import torch
import torchvision

parser = argparse.ArgumentParser()
parser.add_argument("--images", required=True, help="raw uint8 (N,3,H,W)")
parser.add_argument("--labels", required=True, help="raw int64 (N)")
parser.add_argument("--count", type=int, required=True)
parser.add_argument("--size", type=int, required=True)
parser.add_argument("--batch", type=int, required=True)
parser.add_argument("--reps", type=int, required=True)
parser.add_argument("--threads", type=int, required=True)
args = parser.parse_args()

torch.set_num_threads(args.threads)
torch.manual_seed(3)
images = torch.from_numpy(np.fromfile(args.images, dtype=np.uint8).reshape(args.count, 3, args.size, args.size).copy())
labels = torch.from_numpy(np.fromfile(args.labels, dtype=np.int64).copy())

net = torchvision.models.resnet18()
stages = [torch.nn.Sequential(net.conv1, net.bn1, net.relu, net.maxpool), net.layer1, net.layer2, net.layer3, net.layer4]
head = torch.nn.Sequential(torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Dropout(0.2), torch.nn.Linear(512, 1))
mean = torch.tensor([0.485, 0.456, 0.406]).reshape(1, 3, 1, 1)
std = torch.tensor([0.229, 0.224, 0.225]).reshape(1, 3, 1, 1)


def train_epoch(first_trainable, lr, epoch):
    start, start_cpu = time.perf_counter(), time.process_time()
    for s, stage in enumerate(stages):
        for p in stage.parameters():
            p.requires_grad = s >= first_trainable
        stage.train(s >= first_trainable)  # frozen BatchNorm keeps its running statistics
    head.train()
    trainable = [p for stage in stages[first_trainable:] for p in stage.parameters()] + list(head.parameters())
    optimizer = torch.optim.Adam(trainable, lr=lr)
    generator = torch.Generator().manual_seed(epoch)
    order = torch.randperm(args.count, generator=generator)
    loss_sum, correct = 0.0, 0
    for start_index in range(0, args.count, args.batch):
        index = order[start_index:start_index + args.batch]
        x = images.index_select(0, index).float().div_(255)
        y = labels.index_select(0, index)
        optimizer.zero_grad()
        x = (x - mean).div_(std)
        for stage in stages:
            x = stage(x)
        logits = head(x).squeeze(1)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y.float())
        loss_sum += loss.item()
        loss.backward()
        optimizer.step()
        correct += int((logits.detach() > 0).long().eq(y).sum().item())
    return time.perf_counter() - start, time.process_time() - start_cpu


result = {"torch": torch.__version__}
for phase, first_trainable, lr in ((1, 5, 1e-3), (2, 4, 1e-4)):
    train_epoch(first_trainable, lr, 1)  # warm-up, as the .NET side
    costs = [train_epoch(first_trainable, lr, r + 2) for r in range(args.reps)]
    result[f"phase{phase}"] = {"wall": [c[0] for c in costs], "cpu": [c[1] for c in costs]}
print(json.dumps(result))
