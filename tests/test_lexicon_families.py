"""Whole families of concepts a researcher's notes name, and the ways notes write them.

Each family is grown as a whole (the parallelism kinds, the chain-of-thought variants, the
re-balancing methods of long-tailed learning, ...), not name by name. The sentences are our
own, written in the ways people note papers; none is copied from notes.
"""

import pytest

from graph.extract.lexicon_files import load_lexicon
from graph.extract.senses import guarded_mentions, load_guards
from graph.extract.text_relations import relations_in_text


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def found(lex, text):
    """The (surface, concept id) pairs the matcher finds in ``text``."""
    return [(m.surface, m.concept_id) for m in lex.find_mentions(text)]


@pytest.mark.parametrize(
    "name, concept_id",
    [
        # ML systems: how work is split and run
        ("inter-op parallelism", "inter-operator-parallelism"), ("intra-operator parallelism", "intra-operator-parallelism"),
        ("task-parallel", "task-parallelism"), ("actor-based programming", "actor-model"), ("stateful actors", "actor-model"),
        ("asynchronous dataflow", "dataflow-execution"), ("dataflow graphs", "dataflow-execution"),
        ("map-reduce", "mapreduce"), ("computation graph", "computational-graph"), ("compilation passes", "compiler-pass"),
        ("graph rewriting", "compiler-pass"), ("tensor programs", "tensor-program-optimization"),
        ("auto-parallelization", "auto-parallelization"), ("dynamic control flow", "dynamic-model-execution"),
        ("statistical multiplexing", "statistical-multiplexing"), ("model placement", "device-placement"),
        ("gang-schedules", "gang-scheduling"), ("sequence-level parallelism", "sequence-parallelism"),
        ("distributed computation", "distributed-computing"), ("Hyperband", "successive-halving"),
        ("population-based training", "population-based-training"), ("hyper-parameter search", "hyperparameter-optimization"),
        ("surrogate-based", "surrogate-model"),
        # serving, caching and low precision
        ("paged memory", "paged-attention"), ("KV cache sharing", "prefix-caching"), ("semantic caching", "approximate-caching"),
        ("inference on CPUs", "cpu-inference"), ("edge inference", "efficient-inference"), ("INT4", "int4-quantization"),
        ("W8A8", "activation-quantization"), ("MXFP4", "fp4-quantization"), ("ternary weights", "ternary-quantization"),
        ("BitNet", "bitnet"), ("1-bit LLMs", "bitnet"), ("integer-only arithmetic", "integer-arithmetic"),
        ("floating-point multiplications", "floating-point-multiplication"),
        ("self-speculation", "self-speculative-decoding"), ("draft model", "speculative-decoding"),
        ("mixture-of-depths", "layer-skipping"),
        # LLM prompting, truthfulness, knowledge and agents
        ("zero-shot CoT", "zero-shot-cot"), ("few-shot chain-of-thought prompting", "few-shot-cot"), ("Auto-CoT", "auto-cot"),
        ("instance-adaptive prompting", "instance-adaptive-prompting"), ("LLM truthfulness", "truthfulness"),
        ("hallucination detection", "hallucination-detection"), ("error detection", "error-detection"),
        ("self-verification", "self-verification"), ("knowledge conflicts", "knowledge-conflict"),
        ("context-memory conflict", "knowledge-conflict"), ("parametric knowledge", "parametric-knowledge"),
        ("agentic framework", "agent-framework"), ("agent-computer interfaces", "agent-computer-interface"),
        ("web agents", "web-agent"), ("hierarchical planning", "hierarchical-planning"),
        ("long-context LLMs", "long-context-llm"), ("prompt compression", "context-compression"),
        ("context pruning", "context-compression"), ("multi-hop retrieval", "iterative-retrieval"),
        ("adaptive RAG", "self-rag"), ("LLM evaluation", "llm-evaluation"),
        ("Llama3", "llama"), ("Gemini 1.5 Pro", "gemini"), ("Claude 3.5 Sonnet", "claude"),
        # long-tailed learning
        ("class re-balancing", "class-rebalancing"), ("square-root sampling", "square-root-sampling"),
        ("progressively-balanced sampling", "progressively-balanced-sampling"), ("feature-level augmentation", "feature-augmentation"),
        ("multiple experts", "multi-expert-learning"), ("L2RW", "learning-to-reweight"), ("Meta-Weight-Net", "meta-weight-net"),
        ("reweight", "loss-reweighting"), ("classifier normalization", "tau-normalization"), ("long-tail learning", "imbalanced-learning"),
        ("ImageNet-100", "imagenet-100"), ("ImageNet-100-LT", "imagenet-100-lt"), ("memory queue", "memory-module"),
        # NLP
        ("document-level sentiment", "document-level-sentiment"), ("doc-level sentiment", "document-level-sentiment"),
        ("aspect-based sentiment analysis", "aspect-based-sentiment"), ("learning from label proportions", "learning-from-label-proportions"),
        ("KB retriever", "kb-retriever"), ("constituent attention", "constituent-attention"), ("tree structures", "tree-structure"),
        ("parse trees", "syntax-tree"), ("Tree-LSTMs", "tree-lstm"), ("recursive neural networks", "recursive-neural-network"),
        ("unsupervised constituency parsing", "grammar-induction"), ("low-resource settings", "low-resource-learning"),
        ("masked LM", "masked-language-modeling"),
        # graphs, recommendation, RL, robotics, speech
        ("hypergraph convolution", "hypergraph-neural-network"), ("METIS", "graph-partitioning"), ("heterophilic graphs", "heterophily"),
        ("graph structure learning", "graph-structure-learning"), ("LightGCN", "graph-recommendation"), ("cold start", "cold-start"),
        ("implicit feedback", "implicit-feedback"), ("POI recommendation", "poi-recommendation"),
        ("conversational recommender", "conversational-recommendation"), ("news recommendation", "news-recommendation"),
        ("goal-conditioned RL", "goal-conditioned-rl"), ("hindsight experience replay", "goal-conditioned-rl"),
        ("model predictive control", "model-predictive-control"), ("domain randomization", "domain-randomization"),
        ("trajectory planning", "motion-planning"), ("in-hand manipulation", "dexterous-manipulation"),
        ("visuomotor policies", "visuomotor-policy"), ("diffusion policies", "diffusion-policy"), ("teleoperation", "teleoperation"),
        ("voice cloning", "voice-conversion"), ("speech denoising", "speech-enhancement"), ("wake word detection", "keyword-spotting"),
        ("sound event detection", "audio-classification"), ("CTC loss", "ctc"),
        # routing, cascades, verifiers, steering, data
        ("micro-batches", "micro-batching"), ("top-k routing", "moe-routing"), ("LLM routers", "model-routing"),
        ("cascaded inference", "model-cascade"), ("majority vote", "majority-voting"), ("verifier", "verifier"),
        ("Bradley-Terry", "bradley-terry-model"), ("long CoT", "long-cot"), ("code interpreter", "code-interpreter"),
        ("mixture-of-agents", "mixture-of-agents"), ("citation generation", "attributed-generation"),
        ("verbatim memorization", "memorization"), ("weak-to-strong generalization", "weak-to-strong-generalization"),
        ("scalable oversight", "scalable-oversight"), ("steering vectors", "activation-steering"),
        ("counterfactual explanations", "counterfactual-explanation"), ("deduplication", "data-curation"),
        ("on-device training", "tinyml"), ("once-for-all", "once-for-all"), ("outcome supervision", "process-reward-model"),
        # fine-tuning variants, graphs, uncertainty, RL settings, speech, and their datasets
        ("DoRA", "lora-variants"), ("mixture of LoRA experts", "lora-variants"), ("(IA)3", "ia3"),
        ("temporal knowledge graphs", "temporal-knowledge-graph"), ("complex query answering", "knowledge-graph-reasoning"),
        ("graph prompting", "graph-prompt-learning"), ("graph foundation models", "graph-foundation-model"),
        ("graph anomaly detection", "graph-anomaly-detection"), ("credit card fraud detection", "fraud-detection"),
        ("split conformal prediction", "conformal-prediction"), ("denoising score matching", "score-matching"),
        ("self-play", "self-play"), ("constrained RL", "safe-rl"), ("emergent language", "emergent-communication"),
        ("audio language models", "speech-language-model"), ("residual vector quantization", "neural-audio-codec"),
        ("streaming ASR", "streaming-asr"), ("spoken dialogue systems", "spoken-dialogue"),
        ("ALFWorld", "alfworld"), ("KILT", "kilt"), ("Meta-World", "meta-world"), ("RLBench", "rlbench"),
        ("LIBERO", "libero"), ("Common Voice", "common-voice"), ("AudioCaps", "audiocaps"), ("ESC-50", "esc-50"),
        ("TyDi QA", "tydi-qa"), ("FLORES-200", "flores"), ("CLEVR", "clevr"), ("DocVQA", "docvqa"), ("ChartQA", "chartqa"),
    ],
)
def test_names_of_whole_families_resolve(lex, name, concept_id):
    concept = lex.resolve(name)
    assert concept is not None, f"{name!r} resolves to nothing"
    assert concept.id == concept_id


def test_families_sit_under_their_parents_with_the_right_kind(lex):
    assert {"model-parallelism", "parallelism"} <= set(lex.ancestors("intra-operator-parallelism"))
    assert "programming-model" in lex.ancestors("actor-model")
    assert "programming-model" in lex.concepts["mapreduce"].broader
    assert "ml-compiler" in lex.ancestors("compiler-pass")
    assert {"speculative-decoding", "adaptive-inference"} <= set(lex.ancestors("self-speculative-decoding"))
    assert {"quantization", "large-language-model"} <= set(lex.ancestors("bitnet"))
    assert {"chain-of-thought", "prompting"} <= set(lex.ancestors("zero-shot-cot"))
    assert "llm-agent" in lex.ancestors("agent-computer-interface")
    assert {"loss-reweighting", "meta-learning"} <= set(lex.ancestors("meta-weight-net"))
    assert "imagenet-lt" in lex.ancestors("imagenet-100-lt")
    assert {"lstm", "tree-structure"} <= set(lex.ancestors("tree-lstm"))
    assert "sentiment-analysis" in lex.ancestors("document-level-sentiment")
    assert "robot-learning" in lex.ancestors("motion-planning")
    kinds = {c: lex.concepts[c].kind for c in ("distributed-computing", "knowledge-conflict", "cold-start",
                                               "actor-model", "int4-quantization", "imagenet-100")}
    assert kinds == {"distributed-computing": "Task", "knowledge-conflict": "Task", "cold-start": "Task",
                     "actor-model": "Technique", "int4-quantization": "Technique", "imagenet-100": "Dataset"}


def test_a_name_with_a_concept_of_its_own_leaves_its_parent(lex):
    # "zero-shot CoT" was a name of chain-of-thought, "truthfulness" of hallucination: now each
    # is its own concept under (or beside) the old one, and the old one keeps its other names
    assert lex.resolve("zero-shot CoT").id == "zero-shot-cot" and lex.resolve("CoT").id == "chain-of-thought"
    assert lex.resolve("truthfulness").id == "truthfulness" and lex.resolve("factuality").id == "hallucination"


@pytest.mark.parametrize(
    "word",
    # everyday words, or abbreviations with several common senses: never labels on their own
    ["rebalancing", "tiling", "honesty", "MPC", "ASHA", "FLARE", "static graph", "long-tailed", "KB", "experts",
     "distributed systems", "navigation", "throughput"],
)
def test_common_words_of_these_fields_are_no_labels(lex, word):
    assert lex.resolve(word) is None


def test_a_prefix_hanging_on_a_hyphen_shares_the_rest_of_the_label(lex):
    assert found(lex, "we combine inter- and intra-operator parallelism") == [
        ("inter-", "inter-operator-parallelism"), ("intra-operator parallelism", "intra-operator-parallelism")]
    assert found(lex, "compared zero- and few-shot CoT") == [("zero-", "zero-shot-cot"), ("few-shot CoT", "few-shot-cot")]
    # a hyphenated word that is not a prefix is left alone
    assert found(lex, "a well-known and self-attention") == [("self-attention", "self-attention")]


def test_a_version_number_is_part_of_a_models_name(lex):
    assert found(lex, "Claude 3.5 Sonnet and Gemini 1.5 Pro vs BitNet b1.58") == [
        ("Claude 3.5 Sonnet", "claude"), ("Gemini 1.5 Pro", "gemini"), ("BitNet b1.58", "bitnet")]
    # a full stop then a space ends the sentence, not the version
    assert found(lex, "we fine-tune Llama 3. 5 seeds each") == [("fine-tune", "fine-tuning"), ("Llama 3", "llama")]


def test_an_abbreviation_and_its_expansion_stand_for_each_other_inside_labels(lex):
    # "code LLM", "differentiable NAS", "CNN backbone" are labels; their expansions are not
    assert found(lex, "code large language models for repair") == [("code large language models", "code-llm")]
    assert found(lex, "differentiable neural architecture search") == [
        ("differentiable neural architecture search", "differentiable-nas")]
    assert lex.resolve("convolutional neural network backbone").id == "cnn-architecture"
    assert found(lex, "Serving Large Language Models on phones") == [("Serving Large Language Models", "llm-serving")]
    # an expansion alone is what it was; a half of one is not folded
    assert found(lex, "a large language model") == [("large language model", "large-language-model")]
    assert found(lex, "large language skills") == []


def test_an_abbreviation_that_is_also_a_word_matches_only_as_written(lex):
    mentions = [(m.surface, m.concept_id) for m in guarded_mentions(
        "the cam follower moves; CAM shows where the class evidence lies", lex, load_guards())]
    assert mentions == [("CAM", "saliency-map")]


def test_a_note_on_a_systems_paper_names_the_family_members(lex):
    text = ("Runs each stage as asynchronous dataflow, gang-schedules the workers, and places "
            "operators by intra-operator parallelism on spot instances")
    concepts = {f.concept.removeprefix("concept/") for f in relations_in_text(text, lex)}
    assert {"dataflow-execution", "gang-scheduling", "intra-operator-parallelism", "spot-instances"} <= concepts
