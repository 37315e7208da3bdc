"""Writes small NAS-Bench-201 .pth files in the documented structure (docs/benchmarks.md 2.1)
with torch.save, in the legacy format and the ZIP format, plus the expected query answers.

usage: python3 make-nb201-pth.py <legacy.pth> <zip.pth> <expected.json> <tensors.pth>
The last file holds a tensor (which benchmark files never do), to test its rejection.
All values are synthetic (a formula of index, seed, epoch and set), not benchmark data.
"""
import collections
import json
import sys

import numpy as np
import torch

ARCHS = [
    '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|',
    '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|',
    '|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|',
    '|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|',
]
EVALUATED = [0, 1, 3]
OFFSET = {'train': 1.0, 'x-valid': 0.0, 'ori-test': 0.5, 'x-test': 0.25}


def accuracy(index, seed, epoch, name):
    return 40.0 + 10 * index + 0.1 * epoch + (seed % 100) / 100 + OFFSET[name]


def results_count(index, dataset, seed, epochs, full_curves, last_only):
    evals = collections.OrderedDict()
    times = {}
    names = full_curves + last_only
    for name in full_curves:
        for epoch in range(epochs):
            evals['%s@%d' % (name, epoch)] = accuracy(index, seed, epoch, name)
            times['%s@%d' % (name, epoch)] = 2.0 + index
    for name in last_only:
        evals['%s@%d' % (name, epochs - 1)] = accuracy(index, seed, epochs - 1, name)
        times['%s@%d' % (name, epochs - 1)] = 2.0 + index
    return {
        'name': dataset,
        'train_acc1es': {epoch: accuracy(index, seed, epoch, 'train') for epoch in range(epochs)},
        'train_acc5es': None,
        'train_losses': {epoch: 1.0 / (epoch + 1) for epoch in range(epochs)},
        'train_times': collections.OrderedDict((epoch, 10.0 + index + seed / 1000) for epoch in range(epochs)),
        'arch_config': {'channel': 16, 'num_cells': 5, 'arch_str': ARCHS[index], 'class_num': 10},
        'params': np.float64(0.1 + index / 10),
        'flop': 15.0 + index,
        'seed': '%04d' % seed,
        'epochs': epochs,
        'latency': [0.01 + index / 1000, 0.02 + index / 1000],
        'eval_names': names,
        'eval_acc1es': evals,
        'eval_times': times,
        'eval_losses': {key: 0.5 for key in evals},
        'net_state_dict': None,
    }


def arch_results(index, hp):
    if hp == 'less':
        plan = {'cifar10-valid': ([111, 777], 12, ['x-valid', 'ori-test'], [])}
    else:
        plan = {
            'cifar10-valid': ([777, 888], 200, ['x-valid'], ['ori-test']),
            'cifar100': ([777], 200, ['ori-test'], ['x-valid', 'x-test']),
        }
    all_results = {}
    dataset_seed = {}
    for dataset, (seeds, epochs, curves, last) in plan.items():
        dataset_seed[dataset] = sorted(seeds)
        for seed in seeds:
            all_results[(dataset, seed)] = results_count(index, dataset, seed, epochs, curves, last)
    return {'arch_index': index, 'arch_str': ARCHS[index], 'all_results': all_results,
            'dataset_seed': dataset_seed, 'clear_net_done': True}


def main():
    legacy, zipped, expected_path, tensors = sys.argv[1:5]
    torch.save({'w': torch.zeros(2)}, tensors, _use_new_zipfile_serialization=False)
    data = {
        'meta_archs': ARCHS,
        'evaluated_indexes': set(EVALUATED),
        'arch2infos': {index: {'less': arch_results(index, 'less'), 'full': arch_results(index, 'full')} for index in EVALUATED},
    }
    torch.save(data, legacy, _use_new_zipfile_serialization=False)
    torch.save(data, zipped)
    expected = []
    for index in EVALUATED:
        for hp, key, dataset, split, seeds in [
            ('12', 'less', 'cifar10-valid', 'x-valid', [111, 777]),
            ('12', 'less', 'cifar10-valid', 'ori-test', [111, 777]),
            ('200', 'full', 'cifar10-valid', 'x-valid', [777, 888]),
            ('200', 'full', 'cifar10-valid', 'ori-test', [777, 888]),
            ('200', 'full', 'cifar100', 'x-test', [777]),
            ('200', 'full', 'cifar100', 'train', [777]),
        ]:
            epochs = 12 if hp == '12' else 200
            values = [accuracy(index, seed, epochs - 1, split) for seed in seeds]
            times = [sum(10.0 + index + seed / 1000 for _ in range(epochs)) for seed in seeds]
            expected.append({'index': index, 'hp': hp, 'dataset': dataset, 'split': split, 'seeds': seeds,
                             'accuracy': float(np.mean(values)), 'trainingTime': float(np.mean(times)),
                             'params': 0.1 + index / 10, 'flops': 15.0 + index,
                             'latency': float(np.mean([0.01 + index / 1000, 0.02 + index / 1000]))})
    with open(expected_path, 'w') as handle:
        json.dump({'torch': torch.__version__, 'queries': expected}, handle)


main()
