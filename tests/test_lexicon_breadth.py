"""The lexicon beyond computer vision: names across ML areas, and the sense guards of risky labels.

The sentences are our own, written in the ways people note papers; none is copied from notes.
"""

import pytest

from graph.extract.lexicon_files import load_lexicon
from graph.extract.senses import guarded_mentions, load_guards
from graph.extract.text_relations import relations_in_text


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def guarded(lex, text):
    """The mentions that keep their technical sense, as (surface, concept id) pairs."""
    return [(m.surface, m.concept_id) for m in guarded_mentions(text, lex, load_guards())]


def test_the_lexicon_covers_many_areas_with_every_kind(lex):
    counts = {kind: sum(c.kind == kind for c in lex) for kind in ("Technique", "Task", "Dataset")}
    assert len(lex) >= 1000
    assert counts["Technique"] >= 600 and counts["Task"] >= 200 and counts["Dataset"] >= 150


@pytest.mark.parametrize(
    "name, concept_id",
    [
        # ML systems
        ("ZeRO-3", "zero-redundancy-optimizer"), ("FSDP", "fsdp"), ("ring all-reduce", "all-reduce"),
        ("1F1B schedule", "pipedream"), ("expert parallelism", "expert-parallelism"), ("3D parallelism", "hybrid-parallelism"),
        ("PagedAttention", "paged-attention"), ("continuous batching", "continuous-batching"),
        ("prefill-decode disaggregation", "disaggregated-serving"), ("preemptible VMs", "spot-instances"),
        ("spot instances", "spot-instances"), ("kernel fusion", "operator-fusion"), ("TVM", "tvm"),
        ("CPU offloading", "offloading"), ("gradient compression", "gradient-compression"), ("NCCL", "nccl"),
        # efficiency and fine-tuning
        ("PTQ", "post-training-quantization"), ("GPTQ", "gptq"), ("QLoRA", "qlora"), ("LoRA", "lora"),
        ("prefix tuning", "prefix-tuning"), ("lottery tickets", "lottery-ticket-hypothesis"), ("2:4 sparsity", "n-m-sparsity"),
        # LLMs
        ("top-p sampling", "nucleus-sampling"), ("beam search", "beam-search"), ("RoPE", "rotary-position-embedding"),
        ("FlashAttention-2", "flash-attention"), ("grouped-query attention", "grouped-query-attention"),
        ("self-consistency", "self-consistency"), ("tree of thoughts", "tree-of-thoughts"), ("function calling", "function-calling"),
        ("dense passage retrieval", "dense-retrieval"), ("BM25", "bm25"), ("reranker", "reranking"),
        ("GraphRAG", "graph-rag"), ("SFT", "supervised-fine-tuning"), ("GRPO", "grpo"), ("KTO", "kto"),
        ("jailbreak attacks", "jailbreak"), ("LLM-as-a-judge", "llm-as-a-judge"), ("Llama 2", "llama"),
        ("Mixtral", "mistral"), ("GPT-4o", "gpt-4"), ("multimodal LLM", "vision-language-model"),
        ("scaling laws", "scaling-laws"), ("byte-pair encoding", "bpe"),
        # NLP
        ("coreference resolution", "coreference-resolution"), ("semantic role labeling", "semantic-role-labeling"),
        ("speech recognition", "speech-recognition"), ("fact-checking", "fact-verification"), ("BLEU", "bleu"),
        # CV
        ("NeRF", "nerf"), ("3DGS", "gaussian-splatting"), ("classifier-free guidance", "diffusion-guidance"),
        ("ControlNet", "controlnet"), ("Swin Transformer", "swin-transformer"), ("novel view synthesis", "novel-view-synthesis"),
        ("Segment Anything", "segment-anything"), ("open-vocabulary detection", "open-vocabulary-detection"),
        # learning settings
        ("decoupling representation and classifier", "decoupled-training"), ("balanced softmax", "balanced-softmax"),
        ("cRT", "classifier-retraining"), ("FixMatch", "fixmatch"), ("consistency regularization", "consistency-regularization"),
        ("BYOL", "byol"), ("masked autoencoders", "masked-image-modeling"), ("EWC", "elastic-weight-consolidation"),
        ("FedAvg", "fedavg"), ("non-IID data", "non-iid-data"), ("test-time adaptation", "test-time-adaptation"),
        ("MAML", "maml"), ("covariate shift", "distribution-shift"),
        # RL, graphs, optimisation
        ("PPO", "ppo"), ("soft actor-critic", "soft-actor-critic"), ("offline RL", "offline-rl"), ("behavior cloning", "imitation-learning"),
        ("MCTS", "monte-carlo-tree-search"), ("GraphSAGE", "graphsage"), ("node classification", "node-classification"),
        ("RMSProp", "rmsprop"), ("sharpness-aware minimization", "sharpness-aware-minimization"), ("XGBoost", "gradient-boosting"),
        # datasets
        ("SQuAD 2.0", "squad"), ("HumanEval", "humaneval"), ("SWE-bench", "swe-bench"), ("CIFAR-100-LT", "cifar-lt"),
        ("LVIS", "lvis"), ("ogbn-arxiv", "ogb"), ("MuJoCo", "mujoco"), ("LibriSpeech", "librispeech"),
        # interpretability, speech, science, recommendation
        ("SHAP", "shap"), ("induction heads", "mechanistic-interpretability"), ("PINN", "physics-informed-nn"),
        ("Fourier neural operator", "neural-operator"), ("DLRM", "dlrm"), ("CTR prediction", "ctr-prediction"),
        ("GEMM", "gemm"), ("DivideMix", "co-teaching"),
    ],
)
def test_names_across_areas_resolve(lex, name, concept_id):
    concept = lex.resolve(name)
    assert concept is not None, f"{name!r} resolves to nothing"
    assert concept.id == concept_id


def test_new_concepts_sit_under_the_right_broader_concepts(lex):
    assert {"peft", "fine-tuning"} <= set(lex.ancestors("qlora"))
    assert "kv-cache" in lex.ancestors("paged-attention")
    assert "model-parallelism" in lex.ancestors("expert-parallelism")
    assert "retrieval-augmented-generation" in lex.ancestors("graph-rag")
    assert "logit-adjustment" in lex.ancestors("balanced-softmax")
    assert "semi-supervised-learning" in lex.ancestors("fixmatch")
    assert lex.concepts["spot-instances"].kind == "Technique"
    assert lex.concepts["stragglers"].kind == "Task"
    assert lex.concepts["swe-bench"].kind == "Dataset"


@pytest.mark.parametrize(
    "word",
    # everyday words and abbreviations with other common meanings: never a label on their own
    ["memory", "agent", "agents", "transfer", "planning", "uncertainty", "calibration", "boosting", "sharpness",
     "hashing", "zero", "mixer", "tool", "copy-paste", "search", "safety", "cache", "cloud", "exploration",
     "circuits", "probing", "message passing", "expected improvement", "structured outputs", "toxicity", "C4", "GQA", "ANN", "SAM", "MAE", "DP", "UCB", "IRL", "BO"],
)
def test_everyday_words_are_no_labels(lex, word):
    assert lex.resolve(word) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        # abbreviations that are words or names match only as written
        ("we clip the gradients, then compare with CLIP features", [("CLIP", "clip-model")]),
        ("a rope, a ray of light; RoPE scaling on a Ray cluster",
         [("RoPE", "rotary-position-embedding"), ("Ray", "ray-framework")]),
        ("a Bloom filter over the keys; BLOOM as the base model", [("BLOOM", "bloom-model")]),
        ("LoRa radios on the farm; LoRA on the attention weights", [("LoRA", "lora"), ("attention", "attention")]),
        ("agents react to the reward; ReAct agents", [("ReAct", "react-prompting")]),
        ("we opt for a smaller model; OPT and PaLM as baselines", [("OPT", "opt-model"), ("PaLM", "palm-model")]),
        ("the glue code and a fever chart; scores on GLUE and FEVER",
         [("GLUE", "glue-benchmark"), ("FEVER", "fever-dataset")]),
        ("a whisper of a lime scent; Whisper transcripts explained with LIME",
         [("Whisper", "whisper"), ("LIME", "lime")]),
        ("hmm, is an HMM tagger enough?", [("HMM", "hidden-markov-model")]),
        # a longer label keeps its own sense
        ("a long short-term memory cell", [("long short-term memory", "lstm")]),
        ("a ResNet-50-C4 backbone", [("ResNet-50", "resnet")]),
    ],
)
def test_risky_labels_keep_their_technical_sense_only(lex, text, expected):
    assert guarded(lex, text) == expected


def test_a_text_style_transfer_is_a_style_transfer(lex):
    found = {(f.predicate, f.concept.removeprefix("concept/"))
             for f in relations_in_text("artistic text style transfer with a GAN", lex)}
    assert {("addresses", "text-style-transfer"), ("addresses", "style-transfer")} <= found
