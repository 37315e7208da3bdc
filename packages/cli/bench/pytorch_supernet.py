#!/usr/bin/env python3
"""PyTorch reference for the speed bench: the NAS-Bench-201 supernet of @fewshot/supernet.

Same network as packages/supernet (NHWC there, channels-last here): stem conv3x3 + BN;
three stages of N cells (C, 2C, 4C channels) separated by ResNet reduction blocks
(ReLU-conv3x3/2-BN, ReLU-conv3x3-BN, shortcut avgpool 2x2 + conv1x1); BN + ReLU; global
average pooling; linear. A cell has 4 nodes and 6 edges; every edge holds none, skip,
ReLU-conv1x1-BN, ReLU-conv3x3-BN and avgpool3x3 (count_include_pad=False); the cells' BN has
no affine parameters and uses batch statistics (no running statistics).

Input (JSON on stdin):
  {"mode": "train" | "evaluate", "batch", "size", "inputChannels", "channels", "cellsPerStage",
   "classes", "threads", "warmup", "paths": [[arch per cell] per step]}
Training: one step = forward with the step's per-cell architectures, softmax cross-entropy,
backward, SGD (Nesterov momentum 0.9, weight decay 1e-4) on the parameters that got a
gradient. Evaluation: forward only (no_grad), BN with batch statistics (cells) and running
statistics (stem, reductions, head), one architecture in every cell ("paths" = one per step).

Prints one JSON object: {"framework", "threads", "milliseconds": [...], "cpuMilliseconds": [...]}.
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class ReluConvBn(nn.Module):
    def __init__(self, c_in, c_out, kernel, stride, affine):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, kernel, stride=stride, padding=(kernel - 1) // 2, bias=False)
        self.bn = nn.BatchNorm2d(c_out, eps=1e-5, momentum=0.1, affine=affine, track_running_stats=affine)

    def forward(self, x):
        return self.bn(self.conv(F.relu(x)))


EDGES = [(0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3)]  # (from, to) in architecture order


class Cell(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.ModuleList([ReluConvBn(c, c, 1, 1, False) for _ in EDGES])
        self.conv3 = nn.ModuleList([ReluConvBn(c, c, 3, 1, False) for _ in EDGES])

    def forward(self, x, architecture):
        nodes = [x]
        for to in (1, 2, 3):
            terms = []
            for index, (source, target) in enumerate(EDGES):
                if target != to:
                    continue
                op = architecture[index]
                node = nodes[source]
                if op == 0:
                    continue
                if op == 1:
                    terms.append(node)
                elif op == 2:
                    terms.append(self.conv1[index](node))
                elif op == 3:
                    terms.append(self.conv3[index](node))
                else:
                    terms.append(F.avg_pool2d(node, 3, stride=1, padding=1, count_include_pad=False))
            if not terms:
                nodes.append(torch.zeros_like(x))
            else:
                total = terms[0]
                for term in terms[1:]:
                    total = total + term
                nodes.append(total)
        return nodes[3]


class Reduction(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.a = ReluConvBn(c_in, c_out, 3, 2, True)
        self.b = ReluConvBn(c_out, c_out, 3, 1, True)
        self.shortcut = nn.Sequential(nn.AvgPool2d(2, stride=2), nn.Conv2d(c_in, c_out, 1, bias=False))

    def forward(self, x):
        return self.b(self.a(x)) + self.shortcut(x)


class Supernet(nn.Module):
    def __init__(self, input_channels, channels, cells_per_stage, classes):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(input_channels, channels, 3, padding=1, bias=False), nn.BatchNorm2d(channels))
        self.cells_per_stage = cells_per_stage
        self.layers = nn.ModuleList()
        width = channels
        for stage in range(3):
            if stage > 0:
                self.layers.append(Reduction(width, width * 2))
                width *= 2
            for _ in range(cells_per_stage):
                self.layers.append(Cell(width))
        self.head_bn = nn.BatchNorm2d(width)
        self.classifier = nn.Linear(width, classes)

    def forward(self, x, architectures):
        x = self.stem(x)
        cell = 0
        for layer in self.layers:
            if isinstance(layer, Cell):
                x = layer(x, architectures[cell])
                cell += 1
            else:
                x = layer(x)
        x = F.relu(self.head_bn(x))
        return self.classifier(x.mean(dim=(2, 3)))


def main():
    options = json.load(sys.stdin)
    torch.manual_seed(2021)
    torch.set_num_threads(options["threads"])
    network = Supernet(options["inputChannels"], options["channels"], options["cellsPerStage"], options["classes"])
    network = network.to(memory_format=torch.channels_last)
    batch, size = options["batch"], options["size"]
    images = torch.randn(batch, options["inputChannels"], size, size).to(memory_format=torch.channels_last)
    labels = torch.randint(0, options["classes"], (batch,))
    paths = options["paths"]
    cells = 3 * options["cellsPerStage"]
    training = options["mode"] == "train"
    optimizer = torch.optim.SGD(network.parameters(), lr=0.01, momentum=0.9, nesterov=True, weight_decay=1e-4)

    def run(path):
        architectures = path if isinstance(path[0], list) else [path] * cells
        if training:
            network.train()
            optimizer.zero_grad(set_to_none=True)
            loss = F.cross_entropy(network(images, architectures), labels)
            loss.backward()
            optimizer.step()
            return loss.item()
        network.eval()
        for module in network.modules():  # cell BN keeps batch statistics, like the supernet
            if isinstance(module, nn.BatchNorm2d) and not module.track_running_stats:
                module.train()
        with torch.no_grad():
            logits = network(images, architectures)
            return (logits.argmax(1) == labels).float().sum().item()

    for index in range(options["warmup"]):
        run(paths[index % len(paths)])
    milliseconds, cpu_milliseconds = [], []
    for path in paths:
        started = time.perf_counter()
        cpu_started = time.process_time()
        run(path)
        milliseconds.append((time.perf_counter() - started) * 1000)
        cpu_milliseconds.append((time.process_time() - cpu_started) * 1000)
    print(json.dumps({"framework": f"PyTorch {torch.__version__}", "threads": torch.get_num_threads(),
                      "milliseconds": milliseconds, "cpuMilliseconds": cpu_milliseconds}))


if __name__ == "__main__":
    main()
