"""Typed relations: the cues at work on notes in another style, and `notekg show` cards."""

from pathlib import Path

import pytest
from conftest import DEFAULT_NOTES, FIXTURES

from rdflib import RDF

import graph
from graph.cli import cli
from graph.domain import CONFIDENCE_LEVELS
from graph.vocab import NK
from graph.extract.lexicon_files import load_lexicon
from graph.extract import relation_cues
from graph.extract.quality_claims import quality_claims
from graph.extract.relations import find_relations, load_relation_cues, relations_in_text


@pytest.fixture(scope="module")
def edges():
    kg = graph.build([FIXTURES / "style_relations.md"])
    titles = {key: paper.title for key, paper in kg.facts.papers.items()}
    return {
        (titles.get(r.subject, r.subject), r.predicate, r.object.removeprefix("concept/")): r
        for r in kg.facts.relations
    }


def test_heading_and_text_cues_in_another_style(edges):
    involution = "Involution: a drop-in replacement for convolution, faster than depthwise convolution"
    assert (involution, "replaces", "convolution") in edges
    assert (involution, "outperforms", "depthwise-convolution") in edges
    assert (involution, "uses", "convolution") not in edges
    motion = "Motion segmentation via optical flow, without anchors or NMS"
    assert (motion, "uses", "optical-flow") in edges
    assert (motion, "addresses", "motion-segmentation") in edges
    assert (motion, "uses", "nms") not in edges and (motion, "uses", "anchor-box") not in edges
    assert ("Group norm paper", "improves", "batch-normalization") in edges
    assert edges[("Group norm paper", "improves", "batch-normalization")].rule == "heading: X improvements"
    assert ("Group norm paper", "outperforms", "batch-normalization") in edges
    assert ("A strong detector", "evaluatedOn", "coco") in edges
    assert ("A strong detector", "outperforms", "mask-r-cnn") in edges
    assert ("Another detector", "replaces", "nms") in edges
    assert ("Another detector", "uses", "nms") not in edges


def test_every_edge_says_how_firmly_the_notes_say_it(edges):
    involution = "Involution: a drop-in replacement for convolution, faster than depthwise convolution"
    assert edges[(involution, "replaces", "convolution")].confidence == "explicit"
    assert edges[("Group norm paper", "improves", "batch-normalization")].confidence == "heading"
    assert edges[("A strong detector", "outperforms", "mask-r-cnn")].confidence == "explicit"
    motion = "Motion segmentation via optical flow, without anchors or NMS"
    assert edges[(motion, "addresses", "motion-segmentation")].confidence == "mention"
    assert {r.confidence for r in edges.values()} <= set(CONFIDENCE_LEVELS)


def test_every_edge_of_the_default_notes_has_a_confidence_in_rdf_and_networkx(default_kg):
    assert {r.confidence for r in default_kg.facts.relations} == set(CONFIDENCE_LEVELS)
    evidence = set(default_kg.rdf.subjects(RDF.type, NK.Evidence))
    assert evidence and all(len(set(default_kg.rdf.objects(e, NK.confidence))) == 1 for e in evidence)
    typed = [d for *_, d in default_kg.nx.edges(data=True) if "rule" in d]
    assert typed and all(d["confidence"] in CONFIDENCE_LEVELS for d in typed)


@pytest.fixture(scope="module")
def sense_edges():
    kg = graph.build([FIXTURES / "style_relations_senses.md"])
    titles = {key: paper.title for key, paper in kg.facts.papers.items()}
    return {(titles.get(r.subject, r.subject), r.predicate, r.object.removeprefix("concept/")): r
            for r in kg.facts.relations}


def test_authors_are_no_concepts(sense_edges):
    assert not [e for e in sense_edges if e[0] == "Pillow Networks for Sentence Pairs" and e[2] == "mixup"]


def test_a_bucket_heading_gives_related_unless_the_entry_names_it(sense_edges):
    pillow, hammock = "Pillow Networks for Sentence Pairs", "Hammock Nets for natural language processing of bedtime stories"
    assert sense_edges[(pillow, "relatedTo", "nlp")].confidence == "heading"
    assert (pillow, "addresses", "nlp") not in sense_edges
    assert sense_edges[(hammock, "addresses", "nlp")].confidence == "mention"
    assert (hammock, "relatedTo", "nlp") not in sense_edges


def test_studies_propose_nothing_and_are_about_what_they_name(sense_edges):
    assert {e[1:] for e in sense_edges if e[0] == "Mixup: A Critical Look"} == {("relatedTo", "mixup")}
    assert {e[1:] for e in sense_edges if e[0] == "Does Cutout Help Sleepy Networks?"} == {("relatedTo", "cutout")}


def test_a_paper_proposes_its_own_named_method_only(sense_edges):
    slowfast = sense_edges[("SlowFast Networks for Pillow Fights", "proposes", "slowfast")]
    assert (slowfast.rule, slowfast.confidence) == ("title: names its method", "explicit")
    assert ("SlowFast Networks for Pillow Fights", "uses", "slowfast") not in sense_edges
    blanket = "Blanket-Net: Layered Duvets for Sleepy Networks"
    assert (blanket, "proposes", "context-aggregation") not in sense_edges
    assert (blanket, "uses", "context-aggregation") in sense_edges


def test_cornernet_is_its_own_concept():
    lexicon = load_lexicon()
    assert lexicon.resolve("CornerNet").id == "cornernet"
    assert "CornerNet" not in lexicon.concepts["centernet"].alt_labels


def test_every_edge_has_its_words_rule_and_line(edges):
    rel = edges[("A strong detector", "outperforms", "mask-r-cnn")]
    assert (rel.quote, rule_words(rel.rule), rel.field, rel.line) == ("better than Mask R-CNN", "better than X", "comment", 17)


def rule_words(rule):
    return rule.removeprefix("text: ")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("drop-in replacement for vanilla conv", {("replaces", "convolution")}),
        ("replace X with depthwise convs", {("uses", "depthwise-convolution")}),
        ("no need for anchors", set()),
        ("without self-attention", set()),
        ("Spec-regularization >> spec-norm", {("uses", "spectral-regularization"), ("outperforms", "spectral-normalization")}),
        ("SOTA on Cityscapes", {("evaluatedOn", "cityscapes")}),
        ("better than OHEM, focal loss and others", {("outperforms", "ohem"), ("outperforms", "focal-loss")}),
        # A comparison cue carries over the list that names what it compares with.
        ("beats earlier regularisers, such as dropout and weight decay",
         {("outperforms", "dropout"), ("outperforms", "weight-decay")}),
        # A comparison with no winner is related, never used; a stated gain is a win.
        ("on par with focal loss", {("relatedTo", "focal-loss")}),
        ("compared with Mask R-CNN", {("relatedTo", "mask-r-cnn")}),
        ("+3% AP compared to RetinaNet", {("outperforms", "retinanet")}),
        ("not really better than mixup", set()),
        # Findings about a concept are no use of it.
        ("dropout does not help here", set()),
        ("batch norm emerges in the trained nets", set()),
        ("focal loss is not needed", set()),
        # The everyday sense of a technical word.
        ("you must pay attention to the borders", set()),
        ("an attention module on the borders", {("uses", "attention")}),
        # "X works better": X is the paper's; it improves on the broader kind.
        ("max pooling works a bit better", {("uses", "max-pooling"), ("improves", "pooling")}),
        # Words between "we propose" and a concept make the proposal narrower than the concept.
        ("we propose a hierarchical context aggregation", {("uses", "context-aggregation")}),
        ("we propose CARAFE", {("proposes", "carafe")}),
        # A proposal stated in a Chinese comment, with no space around the name.
        ("本文提出CutMix，用于训练分类器", {("proposes", "cutmix")}),
        # A hedge and a finding against X in one sentence: no use of X.
        ("label smoothing may speed up training but does not lead to better accuracy", set()),
        # The head of a compound label names its broader concept; a one-word head says too little.
        ("local self-attention in every block", {("uses", "local-attention"), ("uses", "self-attention")}),
        ("conditional image generation from sketches",
         {("addresses", "conditional-image-generation"), ("addresses", "image-generation")}),
        ("semantic segmentation of roads", {("addresses", "semantic-segmentation")}),
        # A task after "guided by", "with", "using" is the means; a learning setting there is not.
        ("depth estimation guided by semantic segmentation",
         {("addresses", "depth-estimation"), ("uses", "semantic-segmentation")}),
        ("image classification with noisy labels",
         {("addresses", "image-classification"), ("addresses", "learning-with-noisy-labels")}),
        # A problem fought in X improves X; a problem avoided is addressed, a technique avoided unused.
        ("reducing over-smoothing in graph neural networks",
         {("improves", "graph-neural-network"), ("uses", "graph-neural-network"), ("addresses", "over-smoothing")}),
        ("avoids mode collapse", {("addresses", "mode-collapse")}),
        ("avoids anchors", set()),
        ("makes object detection more robust", {("improves", "object-detection")}),
        ("object detection is more robust than segmentation",
         {("addresses", "object-detection"), ("addresses", "image-segmentation")}),
        # What a method is applied to, carried over the list.
        ("applications such as denoising and super resolution",
         {("addresses", "denoising"), ("addresses", "super-resolution")}),
        ("applied to image deblurring", {("addresses", "deblurring")}),
        # A cue reaches the first concept after it: the baseline's training regime is no rival.
        ("outperforms the ResNet-50 supervised baseline", {("outperforms", "resnet")}),
        ("beats the supervised counterpart", set()),
        ("we keep robustness to common corruptions", {("addresses", "corruption-robustness")}),
        ("trained with soft labels from several raters", {("uses", "label-distribution-learning")}),
    ],
)
def test_text_cues(text, expected):
    assert _text_edges(text) == expected


def test_default_notes_examples_from_the_design(default_kg):
    rels = {(default_kg.facts.papers[r.subject].title.split(":")[0], r.predicate, r.object)
            for r in default_kg.facts.relations if r.subject.startswith("paper/")}
    assert ("Gated-SCNN", "uses", "concept/boundary") in rels
    assert ("Drop an Octave", "replaces", "concept/convolution") in rels
    assert ("Wassershtein GAN with quadratic transport cost", "improves", "concept/gan-training-stability") in rels
    assert ("CARAFE", "proposes", "concept/carafe") in rels


def test_show_a_paper_card(runner):
    result = runner.invoke(cli, ["show", "gated-scnn", "-g", str(DEFAULT_NOTES)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Gated-SCNN: Gated Shape CNN for Semantic Segmentation"
    assert "rating   8/10" in lines
    assert '  uses Boundaries — heading "Make use of boundaries" (line 80, heading)' in lines


def test_show_a_technique_card_lists_papers_across_topics(runner):
    result = runner.invoke(cli, ["show", "convolution", "-g", str(DEFAULT_NOTES)])
    assert result.exit_code == 0
    assert result.output.startswith("Convolution\n")
    replaced = [line for line in result.output.splitlines() if line.startswith("  replaced by ")]
    assert len(replaced) >= 3


def test_show_a_topic_card(runner):
    result = runner.invoke(cli, ["show", "Make use of boundaries", "-g", str(DEFAULT_NOTES)])
    assert result.exit_code == 0
    assert "  Gated-SCNN (8/10)" in result.output.splitlines()


def test_show_suggests_close_names(runner):
    result = runner.invoke(cli, ["show", "singn", "-g", str(DEFAULT_NOTES)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no node named 'singn'; did you mean: SinGAN")


def test_a_user_vocab_adds_a_concept(write_notes, tmp_path):
    vocab = tmp_path / "mine.ttl"
    vocab.write_text(
        "@prefix c: <https://w3id.org/notekg/id/concept/> .\n"
        "@prefix nk: <https://w3id.org/notekg/vocab#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        'c:involution a nk:Technique, skos:Concept ; skos:prefLabel "Involution"@en ;\n'
        '    skos:broader c:convolution .\n'
    )
    notes = write_notes("n.md", "## Ops\n- [7/10][based on involution] Some paper title here\n")
    kg = graph.build([notes], vocab=[vocab])
    assert any(r.object == "concept/involution" and r.predicate == "uses" for r in kg.facts.relations)


# The confidence of an edge is data on the cue that made it, in relation_cues.yaml.

CUES = Path(graph.__file__).parent / "data" / "relation_cues.yaml"


def test_a_cue_groups_confidence_is_read_from_the_cue_file(tmp_path, write_notes):
    text = CUES.read_text("utf-8").replace("  replaces:\n    confidence: explicit\n",
                                           "  replaces:\n    confidence: mention\n")
    (tmp_path / "cues.yaml").write_text(text, "utf-8")
    notes = write_notes("n.md", "## Ops\n- [7/10][instead of max pooling] A pooling paper of mine\n")
    kg = graph.build([notes])
    facts = kg.facts
    shipped = [r for r in facts.relations if (r.predicate, r.object) == ("replaces", "concept/max-pooling")]
    assert [r.confidence for r in shipped] == ["explicit"]
    edited = [r for r in find_relations(facts, load_lexicon(), load_relation_cues(tmp_path / "cues.yaml"))
              if (r.predicate, r.object) == ("replaces", "concept/max-pooling")]
    assert [(r.rule, r.confidence) for r in edited] == [("text: instead of X", "mention")]


def test_a_single_cue_may_differ_from_its_group(write_notes):
    notes = write_notes("n.md", "## Detectors\n- [7/10][results on COCO; tried on Pascal VOC too] A detector of mine\n")
    edges = {(r.object, r.rule): r.confidence for r in graph.build([notes]).facts.relations
             if r.predicate == "evaluatedOn"}
    assert edges == {("concept/coco", "text: results on X"): "explicit",
                     ("concept/pascal-voc", "text: on X"): "mention"}


@pytest.mark.parametrize("old, new, message", [
    ("  uses:\n    confidence: explicit\n", "  uses:\n    confidence: certain\n",
     "unknown confidence 'certain' for text cues 'uses'"),
    ("    relation: replaces\n    confidence: heading\n", "    relation: replaces\n",
     "no confidence for heading cue 'X replacements'"),
    ("  named_after: mention ", "  named_after: strong ", "unknown confidence 'strong' for rule 'named_after' under rule_confidence"),
])
def test_an_unknown_confidence_in_the_cue_file_is_one_error_line(runner, tmp_path, write_notes, monkeypatch,
                                                                 old, new, message):
    cues = tmp_path / "relation_cues.yaml"
    assert old in CUES.read_text("utf-8")
    cues.write_text(CUES.read_text("utf-8").replace(old, new, 1), "utf-8")
    monkeypatch.setattr(relation_cues, "_CUES_PATH", cues)
    notes = write_notes("n.md", "## Ops\n- [7/10][instead of max pooling] A pooling paper of mine\n")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(notes), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"Error: {cues}: {message} (use one of: explicit, mention, heading)"]
    assert not out.exists()


def test_titles_propose_a_coined_means_and_findings_make_a_title_about_its_concept(write_notes):
    notes = write_notes("n.md", (
        "## Things I read\n"
        "- [6/10][pillows are sorted by fluffiness] Faster pillow sorting via OctConv\n"
        "- [5/10][dropout does not help tiny networks at all] Dropout for Tiny Networks\n"
        "- [7/10][comic colouring with segmentation masks] Comic colourisation with semantic segmentation\n"))
    kg = graph.build([notes])
    titles = {key: paper.title for key, paper in kg.facts.papers.items()}
    edges = {(titles[r.subject], r.predicate, r.object.removeprefix("concept/")): r
             for r in kg.facts.relations if r.subject in titles}
    octconv = edges[("Faster pillow sorting via OctConv", "proposes", "octave-convolution")]
    assert (octconv.rule, octconv.confidence) == ("title: names its method", "explicit")
    assert ("Faster pillow sorting via OctConv", "uses", "octave-convolution") not in edges
    dropout = edges[("Dropout for Tiny Networks", "relatedTo", "dropout")]
    assert (dropout.rule, dropout.confidence) == ("title: a finding about X", "mention")
    assert ("Dropout for Tiny Networks", "uses", "dropout") not in edges
    comic = "Comic colourisation with semantic segmentation"
    assert (comic, "uses", "semantic-segmentation") in edges
    assert (comic, "addresses", "semantic-segmentation") not in edges


def test_an_unknown_second_relation_of_a_cue_is_one_error_line(runner, tmp_path, write_notes, monkeypatch):
    cues = tmp_path / "relation_cues.yaml"
    cues.write_text(CUES.read_text("utf-8").replace("also: uses", "also: admires", 1), "utf-8")
    monkeypatch.setattr(relation_cues, "_CUES_PATH", cues)
    notes = write_notes("n.md", "## Ops\n- [7/10][instead of max pooling] A pooling paper of mine\n")
    result = runner.invoke(cli, ["build", str(notes), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"Error: {cues}: unknown relation 'admires' in 'also' of cue ")
    assert len(result.stderr.splitlines()) == 1


def _text_edges(text):
    """The (predicate, concept) pairs the words of one field give."""
    return {(f.predicate, f.concept.removeprefix("concept/")) for f in relations_in_text(text, load_lexicon())}


def _edges_of(notes):
    """Each paper edge of a notes file, keyed by (paper title, predicate, concept)."""
    kg = graph.build([notes])
    titles = {key: paper.title for key, paper in kg.facts.papers.items()}
    return {(titles[r.subject], r.predicate, r.object.removeprefix("concept/")): r
            for r in kg.facts.relations if r.subject in titles}


def test_a_quality_is_improved_when_a_cue_says_so_and_never_addressed(write_notes):
    notes = write_notes("n.md", (
        "## Serving\n"
        "- [7/10][cuts tail latency of chat models by batching requests cleverly] Batching for LLM serving\n"
        "- [6/10][a real-time pipeline for counting ducks] Duck counting on a budget\n"))
    edges = _edges_of(notes)
    assert ("Batching for LLM serving", "improves", "efficient-inference") in edges
    assert ("Batching for LLM serving", "addresses", "llm-serving") in edges
    assert not [e for e in edges if e[0] == "Duck counting on a budget" and e[2] == "real-time-inference"]


@pytest.mark.parametrize("text, expected", [
    ("we tune an LLM with DPO instead of RLHF", {("uses", "large-language-model"), ("uses", "dpo"),
                                                     ("replaces", "rlhf")}),
    ("pipeline parallelism plus tensor parallelism for LLM training",
     {("uses", "pipeline-parallelism"), ("uses", "tensor-parallelism"), ("addresses", "llm-training")}),
    ("better commonsense reasoning on HellaSwag with chain-of-thought prompting",
     {("addresses", "commonsense-reasoning"), ("evaluatedOn", "hellaswag"), ("uses", "chain-of-thought")}),
    # Abbreviations that are also words match only as written.
    ("a cot for the baby, a rag for the floor", set()),
])
def test_widely_used_llm_and_systems_concepts(text, expected):
    assert _text_edges(text) == expected


def test_a_title_coining_a_method_the_lexicon_lacks_proposes_a_new_concept(runner, write_notes, tmp_path):
    notes = write_notes("n.md", (
        "## Counting\n"
        "- [7/10][counts sheep at night] FleeceNet: Counting Sheep in the Dark\n"
        "- [5/10] Sheepish: counting more sheep\n"
        "- [6/10] FLOCKS: A STUDY OF MANY SHEEP\n"
        "- [4/10] Wool4All: A Critical Look at Sheep Counters\n"))
    kg = graph.build([notes])
    titles = {key: paper.title for key, paper in kg.facts.papers.items()}
    proposed = {(titles[r.subject], r.object, r.object_label, r.confidence)
                for r in kg.facts.relations if r.predicate == "proposes"}
    assert proposed == {("FleeceNet: Counting Sheep in the Dark", "concept/fleecenet", "FleeceNet", "explicit")}
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(notes), "-o", str(out)]).exit_code == 0
    assert runner.invoke(cli, ["validate", "-g", str(out / "graph.nq")]).exit_code == 0
    card = runner.invoke(cli, ["show", "FleeceNet", "-g", str(notes)])
    assert '  proposes FleeceNet — title "FleeceNet: Counting Sheep in the Dark" (line 2, explicit)' in card.output.splitlines()


def test_a_hyphenated_coined_name_proposes_and_a_book_proposes_nothing(write_notes):
    notes = write_notes("n.md", (
        "## Video\n"
        "- [7/10] Slow-Fast Networks for Watching Paint Dry\n"
        "- [5/10] Dropout: An Introduction for Practitioners\n"))
    edges = _edges_of(notes)
    assert ("Slow-Fast Networks for Watching Paint Dry", "proposes", "slowfast") in edges
    assert ("Slow-Fast Networks for Watching Paint Dry", "uses", "slowfast") not in edges
    book = {e[1:] for e in edges if e[0].startswith("Dropout:")}
    assert book == {("relatedTo", "dropout")}


def test_a_summary_naming_the_papers_new_method_proposes_it(write_notes):
    notes = write_notes("n.md", (
        "## Birds\n"
        "- [7/10][we propose a tiny counter called HerdNet2 that runs on a drone] Counting herds from above\n"
        "- [6/10][QuackFormer - a new way to read duck calls] Listening to ducks at dawn\n"
        "- [6/10][GooseMix introduces a mixing step for bird songs] Mixing songs for robust birding\n"
        "- [5/10][slower than a baseline called OwlNet] Owls at night\n"
        "- [5/10][we propose small variants of LSTMs for songs] Songs with few weights\n"))
    proposed = {(t, r.object_label, r.confidence, r.rule) for (t, p, _), r in _edges_of(notes).items()
                if p == "proposes"}
    assert proposed == {
        ("Counting herds from above", "HerdNet2", "explicit", "text: names a new method of its own"),
        ("Listening to ducks at dawn", "QuackFormer", "explicit", "text: names a new method of its own"),
        ("Mixing songs for robust birding", "GooseMix", "explicit", "text: names a new method of its own"),
    }


def test_a_plain_name_proposes_when_the_title_names_a_system_or_the_summary_opens_with_it(write_notes):
    notes = write_notes("n.md", (
        "## Systems\n"
        "- [7/10] Quokka: A Serving System for Tiny Models\n"
        "- [6/10][Wombat plans burrows with a greedy search] Wombat: fast burrow maps\n"
        "- [5/10] Sheepish: counting more sheep\n"))
    proposed = {(t, r.object_label) for (t, p, _), r in _edges_of(notes).items() if p == "proposes"}
    assert proposed == {("Quokka: A Serving System for Tiny Models", "Quokka"),
                        ("Wombat: fast burrow maps", "Wombat")}


def test_a_model_family_named_with_no_cue_is_what_the_paper_is_about(write_notes):
    notes = write_notes("n.md", (
        "## Models\n"
        "- [7/10] Running Large Language Models on Spare Phones\n"
        "- [6/10] Badger Transformer: listening to badgers\n"
        "- [6/10][a tagger based on a transformer] Tagging otter sounds\n"))
    edges = _edges_of(notes)
    phones = "Running Large Language Models on Spare Phones"
    assert edges[(phones, "relatedTo", "large-language-model")].rule == "text: a model family the paper is about"
    assert (phones, "uses", "large-language-model") not in edges
    assert not [e for e in edges if e[0] == phones and e[2] == "language-model"]
    assert ("Badger Transformer: listening to badgers", "uses", "transformer") in edges
    assert ("Tagging otter sounds", "uses", "transformer") in edges


@pytest.mark.parametrize("text, absent", [
    ("cutting-edge models for counting fish", "edge"),
    ("runs on edge devices in the field", "edge"),
    ("token pruning for faster readers", "pruning"),
    ("transfer from labelled to unsupervised data", "unsupervised-learning"),
    ("removes the need for costly hyperparameter tuning", "hyperparameter-optimization"),
    # "classification loss", "a classification head": a part of a detector, not the task
    ("a classification loss that weighs rare classes up", "image-classification"),
    ("the detector shares its classification head across scales", "image-classification"),
])
def test_everyday_senses_and_needs_removed_give_no_edge(text, absent):
    found = {f.concept.removeprefix("concept/") for f in relations_in_text(text, load_lexicon())}
    assert absent not in found


def test_a_point_of_view_relates_the_paper_to_it():
    found = _text_edges("Class imbalance from a transfer learning perspective")
    assert ("relatedTo", "transfer-learning") in found and ("uses", "transfer-learning") not in found


def test_a_coined_name_in_brackets_ending_the_title_is_its_method(write_notes):
    notes = write_notes("n.md", "## Stores\n- [7/10] Fast sheep counting at scale (FlockDB)\n"
                                "- [5/10] Counting sheep in the rain (revisited)\n")
    proposed = {(t, r.object_label) for (t, p, _), r in _edges_of(notes).items() if p == "proposes"}
    assert proposed == {("Fast sheep counting at scale (FlockDB)", "FlockDB")}


@pytest.mark.parametrize("text, concept, other", [
    ("semantic parsing of recipes into programs", "semantic-parsing", "syntactic-parsing"),
    ("an answer generator fed by a retriever", None, "generator"),
    ("the GAN generator paints zebras", "generator", None),
])
def test_word_senses_of_parsing_and_generators(text, concept, other):
    found = {f.concept.removeprefix("concept/") for f in relations_in_text(text, load_lexicon())}
    assert (concept is None or concept in found) and other not in found


def test_names_a_paper_gives_its_model_and_summaries_give_versions_lists_and_long_names(write_notes):
    notes = write_notes("n.md", (
        "## Models\n"
        "- [6/10] Pebble Transformer\n"
        "- [6/10] Lichen Transformer: growing slowly on rocks\n"
        "- [5/10] Vision Transformer: images as words\n"
        "- [6/10][we propose two tiny cells, tinyLSTM and tinyGRU, for watches] Recurrent nets on a wrist\n"
        "- [6/10][the authors introduce a \"Council of Owls\" (CoO) step for voting] Voting with owls\n"
        "- [6/10][this work proposes HootNet v2 for night audio] Night audio tagging\n"))
    # A name the lexicon knows ("Vision Transformer") is no new concept.
    proposed = {(t, r.object_label) for (t, p, _), r in _edges_of(notes).items() if p == "proposes" and r.object_label}
    assert proposed == {
        ("Pebble Transformer", "Pebble Transformer"),
        ("Lichen Transformer: growing slowly on rocks", "Lichen Transformer"),
        ("Recurrent nets on a wrist", "tinyLSTM"), ("Recurrent nets on a wrist", "tinyGRU"),
        ("Voting with owls", "Council of Owls"),
        ("Night audio tagging", "HootNet v2"),
    }


def test_a_quality_the_paper_claims_is_improved_and_a_bare_one_links_nothing(write_notes):
    notes = write_notes("n.md", (
        "## Systems\n"
        "- [7/10][a trainer that guarantees quick failure recovery on cheap machines] Training on spare machines\n"
        "- [6/10][a real-time pipeline for counting ducks] Duck counting on a budget\n"))
    edges = _edges_of(notes)
    claim = edges[("Training on spare machines", "improves", "fault-tolerance")]
    assert (claim.rule, claim.confidence) == ("text: a quality the paper claims", "mention")
    assert ("Training on spare machines", "addresses", "fault-tolerance") not in edges
    assert not [e for e in edges if e[0] == "Duck counting on a budget" and e[2] == "real-time-inference"]


def test_a_cue_does_not_reach_across_a_likeness():
    found = _text_edges("they swap the last words for blanks like BERT")
    found |= _text_edges("they replaced the last words with masks like BERT")
    assert ("relatedTo", "bert") in found and ("uses", "bert") not in found


@pytest.mark.parametrize("text, expected", [
    ("该思路可理解成Dropout的变体", ("relatedTo", "dropout")),   # can be read as a kind of dropout
    ("作者受到MoCo的启发", ("relatedTo", "moco")),                      # inspired by MoCo
    ("本质上和Label Smoothing一致", ("relatedTo", "label-smoothing")),  # the same as label smoothing
    ("在小数据上要优于Batch Normalization", ("outperforms", "batch-normalization")),  # better than BN
])
def test_chinese_notes_state_likeness_and_comparison(text, expected):
    found = _text_edges(text)
    assert expected in found and ("uses", expected[1]) not in found


def test_a_title_opening_with_a_specific_method_built_on_something_proposes_it(write_notes):
    notes = write_notes("n.md", "## Losses\n- [6/10] Focal loss based on counting flocks\n"
                                "- [6/10] One-shot NAS via a Pebble Template Network\n")
    edges = _edges_of(notes)
    assert ("Focal loss based on counting flocks", "proposes", "focal-loss") in edges
    assert ("Focal loss based on counting flocks", "uses", "focal-loss") not in edges
    assert ("One-shot NAS via a Pebble Template Network", "proposes", "one-shot-nas") not in edges


def test_a_coordination_sharing_a_head_names_each_concept():
    found = _text_edges("we mix data, tensor and pipeline parallelism on many boards")
    assert {("uses", "tensor-parallelism"), ("uses", "pipeline-parallelism"), ("uses", "data-parallelism")} <= found
    assert not {f.concept for f in relations_in_text("salt and pepper noise", load_lexicon())} & {"concept/salt"}


@pytest.mark.parametrize("text, expected", [
    # What a method is put together from is used: "combines", "by leveraging", "X-based".
    ("combines knowledge distillation with contrastive learning",
     {("uses", "knowledge-distillation"), ("uses", "contrastive-learning")}),
    ("an LLM-based planner that writes its own tools", {("uses", "large-language-model")}),
    ("by leveraging graph neural networks over the scene", {("uses", "graph-neural-network")}),
    # "Improves on X" is a win over X; "enhances X" makes X better.
    ("improves on earlier graph neural networks by 4 points", {("outperforms", "graph-neural-network")}),
    ("enhances contrastive learning with harder negatives", {("improves", "contrastive-learning")}),
    ("Sharpening-enhanced ResNet for Blurry Photos", {("improves", "resnet"), ("uses", "resnet")}),
    ("improves on earlier question answering systems by 6 points", {("addresses", "question-answering")}),
    # A problem of X stated as small: the paper improves X and works with it.
    ("leaves little fragmentation in the KV cache", {("improves", "kv-cache"), ("uses", "kv-cache")}),
    # Benchmarks given as examples are where it is evaluated, not a likeness.
    ("tested on public suites such as HellaSwag and MMLU", {("evaluatedOn", "hellaswag"), ("evaluatedOn", "mmlu")}),
    ("masks like BERT", {("relatedTo", "bert")}),
    # A task where a speed-up or a gain is measured is no goal of the paper.
    ("a 3x speedup for question answering", set()),
    ("reports a 40% higher question answering score", set()),
    ("benchmarked on three tasks such as question answering and semantic parsing", set()),
    ("a new decoder for semantic parsing", {("addresses", "semantic-parsing")}),
    # A weak cue yields to the note-taker's hedge.
    ("maybe handy for semantic parsing some day", set()),
    ("I think it would suit an LLM serving system", set()),
    # A technique a system provides is what the paper is about, not what it is built with.
    ("a hyperparameter tuning library for shared clusters", {("relatedTo", "hyperparameter-optimization")}),
    # A variant of a benchmark named by a suffix is another benchmark; ImageNet-1k is ImageNet.
    ("results on ImageNet-1k", {("evaluatedOn", "imagenet")}),
    ("results on ImageNet-100, a class subset", {("evaluatedOn", "imagenet-100")}),
    # A bare "reasoning" is a skill named in passing; the task when the words make it the goal.
    ("a CoT reasoning step ranks the passages", {("uses", "chain-of-thought")}),
    ("it is tried out on chess, reasoning, and sudoku", set()),
    ("improves reasoning of small models", {("improves", "reasoning")}),
    ("Stepwise Reasoning over Spreadsheets", {("addresses", "reasoning")}),
])
def test_use_gain_and_measurement_cues_of_long_summaries(text, expected):
    assert _text_edges(text) == expected


def test_what_a_system_is_for_and_a_heading_that_is_a_quality(write_notes):
    notes = write_notes("n.md", (
        "# Systems I read\n\n"
        "## Fault tolerance\n\n"
        "* **Checkpoints kept in RAM** — restarts a job in seconds after a node dies\n\n"
        "## Serving\n\n"
        "| Title | TL;DR |\n|---|---|\n"
        "| Pelican | packs chat requests tightly; a small LLM serving system |\n"
        "| Heron: serving many chat bots | an inference engine for Transformer-based and other generative models |\n"
        "| Robin | an LLM-based planner that books trips |\n\n"
        "## Misc\n\n"
        "- [6/10][a real-time pipeline for counting sheep on small devices] Sheep counting on a budget\n"))
    edges = _edges_of(notes)
    assert ("Checkpoints kept in RAM", "addresses", "fault-tolerance") in edges
    assert edges[("Pelican", "addresses", "llm-serving")].rule == "text: X system"
    assert ("Heron: serving many chat bots", "uses", "transformer") not in edges
    assert ("Heron: serving many chat bots", "relatedTo", "transformer") in edges
    assert ("Heron: serving many chat bots", "uses", "generative-model") not in edges
    assert ("Heron: serving many chat bots", "relatedTo", "generative-model") in edges
    assert edges[("Robin", "uses", "large-language-model")].rule == "text: X -based"
    assert not [e for e in edges if e[0] == "Sheep counting on a budget"
                and e[2] in ("real-time-inference", "efficient-inference")]


@pytest.mark.parametrize("text, expected", [
    # Two techniques the notes compare: neither is used, neither beaten by the paper.
    ("dropout is still better than weight decay", {("relatedTo", "dropout"), ("relatedTo", "weight-decay")}),
    ("实验中dropout的效果仍是优于weight decay的", {("relatedTo", "dropout"), ("relatedTo", "weight-decay")}),
    # The paper's own method built with X, or a noun between: X is used and the rival beaten.
    ("our dropout is better than weight decay", {("uses", "dropout"), ("outperforms", "weight-decay")}),
    ("the attention module outperforms LSTMs", {("uses", "attention"), ("outperforms", "lstm")}),
    # Tasks compared keep what they are: the paper works on them.
    ("object detection is more robust than segmentation",
     {("addresses", "object-detection"), ("addresses", "image-segmentation")}),
])
def test_a_comparison_between_two_techniques_relates_both(text, expected):
    assert _text_edges(text) == expected


def test_a_coined_tool_after_a_use_cue_is_used_and_nothing_else_is(write_notes):
    notes = write_notes("n.md", (
        "# Reading\n\n"
        "## Training at scale\n\n"
        "- [8/10][sharded optimizer states, trained using FlockSpeed on 64 nodes] Sheepdog: herding optimizer states\n"
        "* **Ranking replies with learned judges** — a FleeceScore-based reward, no human labels\n\n"
        "### [7/10] Shearing Large Models Using Wool-LM\n"
        "- TL;DR: better than models using HerdNet; runs without FAISS-based indexing\n\n"
        "| Title | Notes |\n|---|---|\n"
        "| GPU-based Flock Sampling | using Sampled Notes andCoarse-Grained Labels |\n"
        "| TURBO GRAZING USING PASTURE MAPS | in capitals |\n"))
    edges = _edges_of(notes)
    coined = {(title, r.object_label, r.rule) for (title, predicate, _), r in edges.items()
              if predicate == "uses" and r.object_label}
    assert coined == {
        ("Sheepdog: herding optimizer states", "FlockSpeed", "text: using coined X"),
        ("Ranking replies with learned judges", "FleeceScore", "text: coined X-based"),
        ("Shearing Large Models Using Wool-LM", "Wool-LM", "text: using coined X"),
    }
    # The paper's own name, a rival, a negation, hardware and run-together words are no tools it uses.
    assert not [e for e in edges if e[1] == "uses" and e[2] in ("sheepdog", "herdnet", "faiss", "gpu")]
    assert not [r for r in edges.values() if r.object_label in ("HerdNet", "FAISS", "GPU", "andCoarse-Grained", "PASTURE")]


def test_a_comment_saying_what_the_paper_is_names_its_task_and_a_stated_cut_improves_a_quality(write_notes):
    notes = write_notes("n.md", (
        "## Systems\n\n"
        "- [Conf '24] Quokka: Cheap Training on Borrowed Machines [[link]](https://example.org/quokka.pdf)\n"
        "  - Quokka (2024) keeps LLM training alive on machines lent by others. A 40% reduction in energy consumption.\n"
        "- [Conf '24] Wombat: Burrowing Through Server Logs at Scale [[link]](https://example.org/wombat.pdf)\n"
        "  - Reads logs of LLM training jobs, nothing more.\n"
        "- [Conf '24] Koala: Sleepy Servers for Idle Clusters at Night [[link]](https://example.org/koala.pdf)\n"
        "  - Koala keeps servers idle; memory usage down by half.\n"))
    edges = _edges_of(notes)
    title = "Quokka: Cheap Training on Borrowed Machines"
    assert (title, "addresses", "llm-training") in edges
    assert edges[(title, "improves", "energy-efficiency")].rule == "text: reduction in X"
    # A task the comment names in passing, not in a sentence about the paper itself, is no goal.
    assert ("Wombat: Burrowing Through Server Logs at Scale", "addresses", "llm-training") not in edges
    assert ("Koala: Sleepy Servers for Idle Clusters at Night", "improves", "memory-efficiency") in edges


def test_a_benefit_bullet_naming_a_quality_and_a_cut_improves_it(write_notes):
    notes = write_notes("n.md", (
        "## Week 3\n\n"
        "| Title | Summary |\n|---|---|\n"
        "| Thrifty Attention for Long Inputs | Benefits: Memory usage: reduces the cache to a tenth. Latency: unchanged |\n"))
    edges = _edges_of(notes)
    assert ("Thrifty Attention for Long Inputs", "improves", "memory-efficiency") in edges
    assert not [e for e in edges if e[2] == "efficient-inference"]


@pytest.mark.parametrize("text, expected", [
    # A comparison's reach runs on through coordinated rivals that name no concept first.
    ("relies on dropout; beats distilled and fine-tuned rivals",
     {("uses", "dropout"), ("outperforms", "fine-tuning")}),
    ("dropout in every block beats distilled and fine-tuned rivals",
     {("uses", "dropout"), ("outperforms", "fine-tuning")}),
    ("beats older, fine-tuned models", {("outperforms", "fine-tuning")}),
    # What a paper is for does not run on that way: the technique after is still used.
    ("a tool for tallying and re-identification of people using dropout",
     {("addresses", "person-re-identification"), ("uses", "dropout")}),
])
def test_a_comparison_reaches_over_coordinated_rivals(text, expected):
    assert _text_edges(text) == expected


def test_a_heading_naming_several_tasks_relates_its_papers_to_each(write_notes):
    notes = write_notes("n.md", (
        "# Picks\n\n"
        "## Depth estimation and semantic segmentation\n\n"
        "1. [7/10] Pebble Nets for Muddy Puddles - small convnets\n"))
    edges = _edges_of(notes)
    title = "Pebble Nets for Muddy Puddles"
    assert edges[(title, "relatedTo", "depth-estimation")].confidence == "heading"
    assert (title, "relatedTo", "semantic-segmentation") in edges
    assert not [e for e in edges if e[0] == title and e[1] == "addresses"]


@pytest.mark.parametrize("text, expected", [
    # A sentence on the state of the field uses nothing it names; the next sentence may.
    ("Retrieval-augmented generation has reshaped how chat bots answer. We add a dropout layer",
     {("uses", "dropout")}),
    ("Existing GANs often struggle with thin fences", set()),
])
def test_a_background_sentence_uses_nothing(text, expected):
    assert _text_edges(text) == expected


def test_a_background_sentence_is_no_finding_about_the_title(write_notes):
    notes = write_notes("n.md", (
        "## Reading\n\n"
        "- [7/10][RAG has changed how bots answer; this one checks its sources twice] Double-checked RAG for Chat\n"))
    edges = _edges_of(notes)
    assert ("Double-checked RAG for Chat", "uses", "retrieval-augmented-generation") in edges


@pytest.mark.parametrize("text, expected", [
    # a win stated as rank or in a measure: outperforms, in a tl;dr, a table cell or a comment
    ("clearly superior to LoRA on all the reading tasks", {("outperforms", "lora")}),
    ("state of the art on owls, well ahead of BERT", {("outperforms", "bert")}),
    ("Gets higher accuracy than ResNet-50 with half the compute", {("outperforms", "resnet")}),
    ("fewer errors than BERT on owl calls", {("outperforms", "bert")}),
    ("fewer parameters than BERT; same quality", {("outperforms", "bert")}),
    # the winner is the other one, or only a difference: related, never used
    ("lower accuracy than BERT but much cheaper", {("relatedTo", "bert")}),
    ("a bit slower than vLLM at small batches", {("relatedTo", "vllm")}),
    ("needs more memory than LoRA", {("relatedTo", "lora")}),
    # working without a thing is no use of it
    ("does away with positional encoding altogether", set()),
    ("the detector dispenses with NMS", set()),
])
def test_comparison_and_doing_without_in_a_summarys_words(text, expected):
    assert _text_edges(text) == expected


@pytest.mark.parametrize("text, expected", [
    # what is classified is no image: no image classification from a bare "classification"
    ("Email classification at scale", set()),
    ("question classification with BERT", {("uses", "bert")}),
    ("genre classification of songs", set()),
    # images, or nothing said of the input: the image task
    ("owl classification from camera traps", {("addresses", "image-classification")}),
    ("Image classification with capsules", {("addresses", "image-classification"), ("uses", "capsule-network")}),
])
def test_a_bare_classification_after_a_non_image_input_is_no_image_classification(text, expected):
    assert _text_edges(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a cue carried over a list reaches its items, not the sentence that goes on after them
    ("Tests with big models like GPT-4 and LLaMA show our pipeline outperforms plain RAG",
     {("relatedTo", "gpt-4"), ("relatedTo", "llama"), ("outperforms", "retrieval-augmented-generation")}),
    ("better than earlier regularisers, such as dropout and label smoothing",
     {("outperforms", "dropout"), ("outperforms", "label-smoothing")}),
])
def test_a_cue_carried_over_a_list_stops_where_the_list_ends(text, expected):
    assert _text_edges(text) == expected


def test_a_quality_claimed_in_words_no_label_holds_is_improved(write_notes):
    # A table of papers with a one-line summary each, as people keep for a reading group.
    notes = write_notes("n.md", (
        "| paper | summary |\n"
        "| --- | --- |\n"
        "| Heron: Owl Models on Borrowed Machines | Heron makes owl models 4x quicker to train on borrowed machines. |\n"
        "| Kestrel: Early Exits for Owl Models | Kestrel not only speeds up inference but also keeps the accuracy. |\n"
        "| Merlin: A Registry of Owl Models | Merlin is highly scalable: thousands of models on one box. |\n"
        "| Osprey: Owl Models Revisited | The authors find the new owl model is not faster to train. |\n"))
    edges = _edges_of(notes)
    claimed = {(title.split(":")[0], concept) for title, predicate, concept in edges
               if predicate == "improves"}
    assert claimed == {("Heron", "training-efficiency"), ("Kestrel", "efficient-inference"),
                       ("Merlin", "scalability")}
    edge = edges[("Heron: Owl Models on Borrowed Machines", "improves", "training-efficiency")]
    assert (edge.rule, edge.confidence) == ("text: claims a quality", "explicit")


def test_a_comment_that_is_only_a_concepts_name_is_a_tag_relating_the_paper_to_it(write_notes):
    # A monthly table with a last column of topics: the note-taker's tag for each paper.
    notes = write_notes("n.md", (
        "| Title | Summary | Topics |\n"
        "| --- | --- | --- |\n"
        "| Owl Transformer | A transformer that counts owls at night. | Transformers |\n"
        "| Heron: Object Detection at Dusk | Heron finds birds in photos with dropout. | Object detection |\n"
        "| Wren: Counting Birds | Wren counts birds in photos. | Object detection |\n"
        "| Kestrel: Fewer Labels | Kestrel needs fewer labels. | uses dropout a lot |\n"))
    edges = _edges_of(notes)
    tagged = {(title.split(":")[0], concept) for title, predicate, concept in edges
              if predicate == "relatedTo" and edges[(title, predicate, concept)].rule == "text: a tag naming X"}
    # a tag beside what the words say ("uses" the transformer); a task tag of a paper that
    # addresses the task says nothing more; a sentence is no tag
    # (a comment's bare task is no goal: Wren's tag is all that ties it to detection)
    assert tagged == {("Owl Transformer", "transformer"), ("Wren", "object-detection")}
    assert ("Owl Transformer", "uses", "transformer") in edges
    assert edges[("Owl Transformer", "relatedTo", "transformer")].confidence == "mention"
    assert ("Heron: Object Detection at Dusk", "addresses", "object-detection") in edges


def test_a_proposal_reaches_the_next_item_of_a_list_inside_its_clause(write_notes):
    # A reading list with comments in Chinese, where "，" and "以及" join a list, and one in English.
    assert _text_edges("本文提出了FlashAttention，以及DRW。") == {
        ("proposes", "flash-attention"), ("proposes", "deferred-reweighting")}
    assert _text_edges("We propose FlashAttention as well as DRW for owls.") == {
        ("proposes", "flash-attention"), ("proposes", "deferred-reweighting")}
    # a list after a use is no proposal; words between that are no list join break the reach
    assert _text_edges("We propose FlashAttention trained with DRW.") == {
        ("proposes", "flash-attention"), ("uses", "deferred-reweighting")}
    # in a build the method the notes name by its coined other name ("DRW" for "Deferred
    # re-weighting") is specific enough to be the paper's own
    notes = write_notes("n.md", "## Owls\n- Owl Counting at Night\n    - 作者提出了FlashAttention和DRW两种方法。\n")
    assert ("Owl Counting at Night", "proposes", "deferred-reweighting") in _edges_of(notes)


def test_a_problem_stated_as_made_smaller_is_improved_and_a_benefit_opening_a_clause_is_no_use():
    # A summary written as a list of benefits, in a table cell.
    assert _text_edges("owl answers with reduced factual errors after each claim is checked") == {
        ("improves", "hallucination")}
    assert _text_edges("It gives fewer factual errors than before") == {("improves", "hallucination")}
    # the verb still says what the paper is for
    assert _text_edges("It reduces factual errors") == {("addresses", "hallucination")}
    # "Improved X" opening an item of a list of benefits: the paper does X better, X is no part of it
    assert _text_edges("- Improved in-context learning on owl counts") == {("improves", "in-context-learning")}
    # "a decoding-enhanced X" is an X of the paper's own
    assert _text_edges("a decoding-enhanced BERT") == {("improves", "bert"), ("uses", "bert")}



def test_a_chinese_finding_against_a_technique_is_no_use_and_a_full_stop_ends_the_clause():
    # A rated list with comments in Chinese: "reweighting does not help, whatever the way".
    assert _text_edges("鸟的样本太少时无论怎样reweight都没有帮助。于是用了dropout。") == {("uses", "dropout")}
    assert _text_edges("我们reweight每一类的样本。") == {("uses", "loss-reweighting")}


def test_a_need_for_a_quality_is_no_claim_of_it():
    # "needs fast inference" says what the setting asks for; "faster inference" is a claim
    lexicon, cues = load_lexicon(), load_relation_cues()
    assert quality_claims("Phones need fast inference.", lexicon, cues) == []
    assert [f.concept for f in quality_claims("It gives faster, lossless inference.", lexicon, cues)] == [
        "concept/efficient-inference"]


@pytest.mark.parametrize("text, expected", [
    # a comparison reaches the examples of the group it names, and the list after the first one
    ("Owlnet beats strong rivals such as focal loss and label smoothing on rare owls.",
     {("outperforms", "focal-loss"), ("outperforms", "label-smoothing")}),
    ("It surpasses earlier owl models including BERT.", {("outperforms", "bert")}),
    ("Instead of costly searches such as NAS, it uses dropout.",
     {("replaces", "nas"), ("uses", "dropout")}),
    # a comparison with no winner stays one through the examples
    ("Compared with baselines including LoRA, owls fly further.", {("relatedTo", "lora")}),
    # a likeness is no example list: "like" never opens one
    ("Owl counts with models like BERT.", {("relatedTo", "bert")}),
])
def test_a_comparison_reaches_the_examples_after_the_group_it_names(text, expected):
    assert _text_edges(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Replaces batch normalization by group normalization in every owl block.",
     {("replaces", "batch-normalization"), ("uses", "group-normalization")}),
    ("Batch normalization is replaced by group normalization.",
     {("replaces", "batch-normalization"), ("uses", "group-normalization")}),
    ("Swaps the softmax for a group normalization trick.",
     {("replaces", "softmax"), ("uses", "group-normalization")}),
    # the paper's method stands in for what it approximates; "approximate" as an adjective does not
    ("Approximates knowledge distillation using dropout, at a tenth of the cost.",
     {("replaces", "knowledge-distillation"), ("uses", "dropout")}),
    ("Looks owls up with approximate nearest neighbor search.", {("uses", "approximate-nearest-neighbor")}),
])
def test_a_substitute_said_by_replacing_swapping_or_approximating(text, expected):
    assert _text_edges(text) == expected


def test_verbs_of_building_with_a_part_and_a_backbone_say_uses_explicitly():
    lexicon = load_lexicon()
    for text, concept in [("Builds upon Faster R-CNN for owl detection.", "faster-r-cnn"),
                          ("Adopts knowledge distillation from a bigger owl.", "knowledge-distillation"),
                          ("Utilizes graph attention to mix owl features.", "graph-attention-network"),
                          ("With ViT as the visual backbone, it counts owls.", "vision-transformer"),
                          ("It uses dropout.", "dropout")]:
        found = {f.concept: f for f in relations_in_text(text, lexicon)}
        edge = found["concept/" + concept]
        assert (edge.predicate, edge.confidence) == ("uses", "explicit"), text
    # "the uses of X" names no part
    assert relations_in_text("The uses of dropout in owl models.", lexicon)[0].confidence == "mention"


def test_benchmarks_listed_or_named_with_results_are_where_the_paper_is_evaluated():
    lexicon = load_lexicon()
    for text in ("Benchmarks: GLUE, SQuAD.", "State-of-the-art results across GLUE and SQuAD.",
                 "Datasets used: GLUE, SQuAD.", "Validated on GLUE and SQuAD.", "86.1 F1 on GLUE and SQuAD."):
        found = {(f.predicate, f.concept.removeprefix("concept/"), f.confidence)
                 for f in relations_in_text(text, lexicon)}
        assert found == {("evaluatedOn", "glue-benchmark", "explicit"), ("evaluatedOn", "squad", "explicit")}


def test_a_learning_setting_heading_an_item_of_a_summary_is_how_the_method_works(write_notes):
    # A monthly table of papers whose summaries are bullet lists pasted into one cell, opening
    # with a rhetorical question.
    notes = write_notes("n.md", (
        "| paper | summary |\n"
        "| --- | --- |\n"
        "| Barn Owl Agents | 🦉 Why does the barn owl agent stand out? <br> &nbsp; 🔹 Recall: keeps a memory"
        " of past hunts 🦉 <br> &nbsp; 🔹 Few-shot learning: learns a new owl from five photos 📚"
        " <br> &nbsp; 🔹 Training: knowledge distillation from a larger owl |\n"
        "| Tawny Owl Agents | Few-shot learning is hard: rare owls give five photos at most. |\n"))
    edges = _edges_of(notes)
    barn = {(p, c) for (t, p, c) in edges if t == "Barn Owl Agents"}
    assert ("uses", "few-shot-learning") in barn and ("addresses", "few-shot-learning") not in barn
    edge = edges[("Barn Owl Agents", "uses", "few-shot-learning")]
    assert (edge.rule, edge.confidence) == ("text: X: how the method does it", "mention")
    # the opening question is about what it names; the items after it say what the method uses
    assert ("uses", "knowledge-distillation") in barn
    # a task that opens a sentence saying something about it is still the paper's problem
    assert ("Tawny Owl Agents", "addresses", "few-shot-learning") in edges


def test_a_number_format_before_an_operation_is_no_training_in_that_format():
    assert _text_edges("As precise as 8-bit floating-point multiplication, with adders only.") == set()
    assert _text_edges("Trains owl models in FP8.") == {("uses", "fp8-training")}


def test_a_metric_the_paper_trains_for_is_used_and_a_metric_it_reports_is_not(write_notes):
    notes = write_notes("n.md", (
        "| paper | summary |\n"
        "| --- | --- |\n"
        "| Hoot: Captions for Owl Photos | Trains the captioner with a custom BLEU-based reward; evaluated using ROUGE. |\n"
        "| Screech: Owl Summaries | Summaries learned with BERTScore as the training objective. |\n"
        "| Tawny: Owl Sentences | Higher BLEU than the baseline. |\n"))
    edges = _edges_of(notes)
    used = {(title.split(":")[0], concept) for title, predicate, concept in edges if predicate == "uses"}
    assert {("Hoot", "bleu"), ("Screech", "bertscore")} <= used
    assert not {("Hoot", "rouge"), ("Tawny", "bleu")} & used
    edge = edges[("Hoot: Captions for Owl Photos", "uses", "bleu")]
    assert (edge.rule, edge.confidence) == ("text: X -based reward", "explicit")
    # "optimizes X" is training for X; "an optimized X" is an X, named with no cue
    found = {f.concept: f for f in relations_in_text("It directly optimizes ROUGE.", load_lexicon())}
    assert found["concept/rouge"].rule == "text: directly optimizes X"
    found = {f.concept: f for f in relations_in_text("A carefully optimized BERT.", load_lexicon())}
    assert found["concept/bert"].confidence == "mention"


def test_a_method_that_improves_a_model_is_one_of_that_model():
    # "Pebble attention improves BERT": the paper's model is a better BERT, so a BERT too
    assert _text_edges("Pebble attention improves BERT on owl questions") >= {("improves", "bert"), ("uses", "bert")}


@pytest.mark.parametrize("text, expected", [
    # a win stated as a margin, a measure with its own modifier, or a verb in any tense
    ("Shows gains over RoBERTa of three points on owl names.", {("outperforms", "roberta")}),
    ("A 2.5x speedup over FlashAttention on long owl songs.", {("outperforms", "flash-attention")}),
    ("Lands 3 points above BERT.", {("outperforms", "bert")}),
    ("Reaches a higher F1 score than BERT.", {("outperforms", "bert"), ("uses", "f1-score")}),
    ("Surpassing GPT-4 on owl trivia.", {("outperforms", "gpt-4")}),
    # the size of a win is no margin loss
    ("Beats mixup by large margins.", {("outperforms", "mixup")}),
    # examples in brackets, and a full stop of "e.g." or "vs." that ends no clause
    ("Outperforms prior owl models (e.g. BERT and RoBERTa).", {("outperforms", "bert"), ("outperforms", "roberta")}),
    ("Outperforms the state of the art, e.g. BERT.", {("outperforms", "bert")}),
    ("Better owl counts vs. BERT.", {("relatedTo", "bert")}),
    # a tie or a contrast: set against, neither beaten nor used
    ("Matches BERT with half the parameters.", {("relatedTo", "bert")}),
    ("Rivals GPT-4 at a tenth of the cost.", {("relatedTo", "gpt-4")}),
    ("Unlike BERT, it reads owl songs both ways.", {("relatedTo", "bert")}),
    # "matching" naming a technique's kind is no tie
    ("Owl matching with BERT features.", {("uses", "bert")}),
])
def test_how_people_write_a_win_a_tie_and_a_contrast(text, expected):
    assert _text_edges(text) == expected
