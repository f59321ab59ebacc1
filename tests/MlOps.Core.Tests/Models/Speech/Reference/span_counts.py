"""Span counts of SpecAugment's time/feature masks, re-implementing the arithmetic of transformers'
_compute_mask_indices (src/transformers/models/wav2vec2/modeling_wav2vec2.py): compute_num_masked_span
and the early return when the padded axis itself gets no span. Counts only, not random positions.
Run with Debian's /usr/bin/python3; writes span_counts.json next to this file."""
import json
import os


def compute_num_masked_span(mask_prob, input_length, mask_length, min_masks, sequence_length, epsilon):
    num_masked_span = int(mask_prob * input_length / mask_length + epsilon)
    num_masked_span = max(num_masked_span, min_masks)
    if num_masked_span * mask_length > sequence_length:
        num_masked_span = sequence_length // mask_length
    if input_length - (mask_length - 1) < num_masked_span:
        num_masked_span = max(input_length - (mask_length - 1), 0)
    return num_masked_span


def row_span_count(mask_prob, input_length, mask_length, min_masks, sequence_length, epsilon):
    if compute_num_masked_span(mask_prob, sequence_length, mask_length, min_masks, sequence_length, epsilon) == 0:
        return 0
    return compute_num_masked_span(mask_prob, input_length, mask_length, min_masks, sequence_length, epsilon)


cases = []
for prob in (0.0, 0.05, 0.065, 0.3, 0.8, 1.0):
    for mask_length in (1, 2, 10):
        for min_masks in (0, 2):
            for sequence_length in (10, 49, 199, 800):
                for input_length in sorted({1, mask_length - 1, mask_length, sequence_length // 3, sequence_length}):
                    if input_length < 1 or input_length > sequence_length or mask_length > sequence_length:
                        continue
                    for epsilon in (0.0, 0.37, 0.999):
                        cases.append([prob, input_length, mask_length, min_masks, sequence_length, epsilon,
                                      row_span_count(prob, input_length, mask_length, min_masks, sequence_length, epsilon)])
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "span_counts.json"), "w") as f:
    # One case a line: prob, input_length, mask_length, min_masks, sequence_length, epsilon, spans.
    f.write("[\n" + ",\n".join(json.dumps(c) for c in cases) + "\n]\n")
print(len(cases), "cases")
