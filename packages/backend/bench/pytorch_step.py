#!/usr/bin/env python3
"""PyTorch reference for bench/step.ts: the same NB201-like network and training step.

Same structure as src/testing/nb201-like-network.ts: stem conv3x3 + BN; three stages of
`cells` cells (node1 = conv3x3(n0); node2 = conv3x3(n0) + conv1x1(n1);
node3 = n0 + avgpool3x3(n1) + conv3x3(n2), conv = ReLU-conv-BN) separated by ResNet
reduction blocks; BN + ReLU; global average pooling; linear. SGD with momentum 0.9,
softmax cross-entropy, BN in training mode (batch statistics, running statistics
updated). CPU, `--threads` threads (default 2), channels-last memory format.

Prints one JSON object: {"framework", "threads", "config", "milliseconds": [...],
"cpuMilliseconds": [...]} (wall-clock and process CPU time, all threads, per step).
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class ReluConvBn(nn.Module):
    def __init__(self, c_in, c_out, kernel, stride):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, kernel, stride=stride, padding=(kernel - 1) // 2, bias=False)
        self.bn = nn.BatchNorm2d(c_out, eps=1e-5, momentum=0.1)

    def forward(self, x):
        return self.bn(self.conv(F.relu(x)))


class Cell(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.node1 = ReluConvBn(c, c, 3, 1)
        self.node2_from0 = ReluConvBn(c, c, 3, 1)
        self.node2_from1 = ReluConvBn(c, c, 1, 1)
        self.node3_from2 = ReluConvBn(c, c, 3, 1)
        self.pool = nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)

    def forward(self, x):
        node1 = self.node1(x)
        node2 = self.node2_from0(x) + self.node2_from1(node1)
        return x + self.pool(node1) + self.node3_from2(node2)


class Reduction(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.first = ReluConvBn(c_in, c_out, 3, 2)
        self.second = ReluConvBn(c_out, c_out, 3, 1)
        self.shortcut = nn.Sequential(nn.AvgPool2d(2, stride=2), nn.Conv2d(c_in, c_out, 1, bias=False))

    def forward(self, x):
        return self.second(self.first(x)) + self.shortcut(x)


class Network(nn.Module):
    def __init__(self, channels, cells, classes):
        super().__init__()
        layers = [nn.Conv2d(3, channels, 3, padding=1, bias=False), nn.BatchNorm2d(channels)]
        width = channels
        for stage in range(3):
            if stage > 0:
                layers.append(Reduction(width, width * 2))
                width *= 2
            layers.extend(Cell(width) for _ in range(cells))
        layers.extend([nn.BatchNorm2d(width), nn.ReLU()])
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Linear(width, classes)

    def forward(self, x):
        return self.classifier(self.features(x).mean(dim=(2, 3)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--channels", type=int, default=16)
    parser.add_argument("--cells", type=int, default=5)
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2)
    arguments = parser.parse_args()

    torch.manual_seed(2021)
    torch.set_num_threads(arguments.threads)
    network = Network(arguments.channels, arguments.cells, arguments.classes).to(memory_format=torch.channels_last)
    network.train()
    optimizer = torch.optim.SGD(network.parameters(), lr=0.05, momentum=0.9)
    images = torch.randn(arguments.batch, 3, arguments.size, arguments.size).to(memory_format=torch.channels_last)
    labels = torch.randint(0, arguments.classes, (arguments.batch,))

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(network(images), labels)
        loss.backward()
        optimizer.step()
        return loss.item()

    for _ in range(arguments.warmup):
        step()
    milliseconds = []
    cpu_milliseconds = []
    for _ in range(arguments.steps):
        started = time.perf_counter()
        cpu_started = time.process_time()
        step()
        milliseconds.append((time.perf_counter() - started) * 1000)
        cpu_milliseconds.append((time.process_time() - cpu_started) * 1000)
    print(
        json.dumps(
            {
                "framework": f"pytorch {torch.__version__}",
                "threads": torch.get_num_threads(),
                "config": {
                    "batch": arguments.batch,
                    "size": arguments.size,
                    "channels": arguments.channels,
                    "cells": arguments.cells,
                },
                "milliseconds": milliseconds,
                "cpuMilliseconds": cpu_milliseconds,
            }
        )
    )


if __name__ == "__main__":
    main()
