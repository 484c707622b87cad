"""The techniques lexicon: its content, how it finds concepts in text, and users' own vocabularies."""

import re
from pathlib import Path

import pytest
from rdflib import RDF, URIRef
from rdflib.namespace import SKOS

from graph.errors import BadVocabulary
from graph.extract.lexicon import KINDS, Concept, Lexicon
from graph.extract.mentions import Mention
from graph.extract.lexicon_files import CONCEPT_NS, LEXICON_PATH, load_lexicon
from graph.vocab import NK

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_NOTES = ROOT / "notes" / "iccv2019.md"

PREFIXES = """\
@prefix c: <https://w3id.org/notekg/id/concept/> .
@prefix nk: <https://w3id.org/notekg/vocab#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def found(lex, text):
    """The mentions of a text as (surface, concept id) pairs."""
    return [(m.surface, m.concept_id) for m in lex.find_mentions(text)]


# ------------------------------------------------------------------------- the shipped data


def test_the_shipped_lexicon_has_at_least_170_concepts_of_all_three_kinds(lex):
    assert LEXICON_PATH.name == "lexicon.ttl" and LEXICON_PATH.exists()
    assert len(lex) >= 170
    counts = {kind: sum(c.kind == kind for c in lex) for kind in KINDS}
    assert counts["Technique"] >= 100
    assert counts["Task"] >= 40
    assert counts["Dataset"] >= 12
    assert re.fullmatch(r"<Lexicon: \d+ concepts \(\d+ techniques, \d+ tasks, \d+ datasets\)>", repr(lex))


def test_every_concept_is_well_formed(lex):
    for concept in lex:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", concept.id), concept.id
        assert concept.iri == str(CONCEPT_NS[concept.id])
        assert concept.kind in KINDS
        assert concept.label.strip() == concept.label != ""
        assert concept.definition, concept.id
        for parent in concept.broader:
            assert parent in lex, f"{concept.id} has unknown broader {parent}"
        assert concept.id not in lex.ancestors(concept.id)  # no skos:broader loops
        for iri in concept.exact_match:
            assert re.match(r"https://paperswithcode\.com/(method|task|dataset)/[a-z0-9-]+$|"
                            r"http://www\.wikidata\.org/entity/Q\d+$", iri), iri


def test_broader_concepts_are_of_the_same_kind(lex):
    crossing = [(c.id, parent) for c in lex for parent in c.broader if lex.concepts[parent].kind != c.kind]
    assert crossing == []


def test_every_concept_is_typed_in_the_skos_graph(lex):
    g = lex.graph
    for concept in lex:
        iri = URIRef(concept.iri)
        assert (iri, RDF.type, SKOS.Concept) in g
        assert (iri, RDF.type, NK[concept.kind]) in g
        assert len(list(g.objects(iri, SKOS.prefLabel))) == 1


def test_only_the_three_roots_have_no_broader_concept(lex):
    roots = sorted(c.id for c in lex if not c.broader)
    assert roots == ["benchmark-dataset", "ml-task", "ml-technique"]
    assert lex.ancestors("adain") == ("instance-normalization", "normalization", "neural-network-module",
                                      "ml-technique")
    assert "octave-convolution" in lex.descendants("convolution")


def test_every_label_names_its_own_concept_only(lex):
    for concept in lex:
        for label in (concept.label, *concept.alt_labels, *concept.hidden_labels, concept.id):
            assert lex.resolve(label).id == concept.id, f"{label!r} of {concept.id}"


@pytest.mark.parametrize(
    "name, concept_id",
    [
        # convolution and variants
        ("conv", "convolution"), ("convs", "convolution"), ("vanilla conv", "convolution"),
        ("vanilla convolution", "convolution"), ("OctConv", "octave-convolution"),
        ("octave convolution", "octave-convolution"), ("depthwise conv", "depthwise-convolution"),
        ("atrous convolution", "dilated-convolution"), ("dilated convs", "dilated-convolution"),
        ("deformable convolution", "deformable-convolution"), ("1x1 conv", "pointwise-convolution"),
        ("1×1 convolution", "pointwise-convolution"), ("separable convolution", "depthwise-separable-convolution"),
        ("dynamic filters", "dynamic-convolution"),
        # attention
        ("self-attention", "self-attention"), ("self attention", "self-attention"), ("non-local", "non-local"),
        ("local self-attention", "local-attention"), ("spatial attention", "spatial-attention"),
        ("channel attention", "channel-attention"), ("attention", "attention"),
        # pooling, upsampling, multi-scale
        ("max pooling", "max-pooling"), ("average pooling", "average-pooling"), ("global pooling", "global-pooling"),
        ("learned pooling", "learned-pooling"), ("upsampling", "upsampling"), ("feature pyramid", "feature-pyramid-network"),
        ("FPN", "feature-pyramid-network"), ("ASPP", "aspp"), ("multi-scale feature aggregation",
                                                             "multi-scale-feature-aggregation"),
        # normalisation
        ("batch norm", "batch-normalization"), ("BN", "batch-normalization"), ("BatchNorm", "batch-normalization"),
        ("instance normalization", "instance-normalization"), ("AdaIN", "adain"),
        ("spec-norm", "spectral-normalization"), ("spectral normalization", "spectral-normalization"),
        ("SN", "spectral-normalization"), ("spec-regularization", "spectral-regularization"),
        ("layer norm", "layer-normalization"), ("group normalization", "group-normalization"),
        # GANs and kin
        ("GAN", "gan"), ("GANs", "gan"), ("generative adversarial network", "gan"), ("WGAN", "wgan"),
        ("Wasserstein GAN", "wgan"), ("CycleGAN", "cyclegan"), ("Cycle-GAN", "cyclegan"),
        ("conditional GAN", "conditional-gan"), ("StyleGAN", "stylegan"), ("BigGAN", "biggan"),
        ("adversarial training", "adversarial-training"), ("adversarial attack", "adversarial-attack"),
        ("adversarial examples", "adversarial-attack"), ("discriminator", "discriminator"),
        # losses
        ("cross-entropy", "cross-entropy"), ("CE", "cross-entropy"), ("triplet loss", "triplet-loss"),
        ("TripletLoss", "triplet-loss"), ("focal loss", "focal-loss"), ("max-margin", "margin-loss"),
        ("contrastive loss", "contrastive-loss"), ("label smoothing", "label-smoothing"),
        ("metric learning", "metric-learning"), ("losses", "loss-function"),
        # compression, search
        ("distillation", "knowledge-distillation"), ("KD", "knowledge-distillation"),
        ("knowledge distillation", "knowledge-distillation"), ("self-distillation", "self-distillation"),
        ("pruning", "pruning"), ("quantization", "quantization"), ("tensor decompositions", "tensor-decomposition"),
        ("network compression", "network-compression"), ("NAS", "nas"), ("neural architecture search", "nas"),
        ("AutoML", "automl"), ("random search", "random-search"),
        # learning paradigms and settings
        ("self-supervised", "self-supervised-learning"), ("semi-supervised learning", "semi-supervised-learning"),
        ("unsupervised", "unsupervised-learning"), ("weakly supervised", "weakly-supervised-learning"),
        ("few-shot", "few-shot-learning"), ("one-shot", "one-shot-learning"), ("zero-shot", "zero-shot-learning"),
        ("meta-learning", "meta-learning"), ("continual learning", "continual-learning"),
        ("domain adaptation", "domain-adaptation"), ("federated learning", "federated-learning"),
        ("reinforcement learning", "reinforcement-learning"), ("dual-task learning", "dual-task-learning"),
        ("multi-task learning", "multi-task-learning"), ("transfer learning", "transfer-learning"),
        ("pretraining", "pretraining"), ("ImageNet pretraining", "imagenet-pretraining"),
        # augmentation and other techniques
        ("data augmentation", "data-augmentation"), ("augmentations", "data-augmentation"), ("CutMix", "cutmix"),
        ("mixup", "mixup"), ("AutoAugment", "autoaugment"), ("optical flow", "optical-flow"),
        ("prototypes", "prototype"), ("boundaries", "boundary"), ("boundary", "boundary"), ("edges", "edge"),
        ("edge detection", "edge-detection"), ("gating", "gating"), ("anchors", "anchor-box"), ("NMS", "nms"),
        ("non-maximum suppression", "nms"), ("anchor-free", "anchor-free-detection"), ("recurrence", "rnn"),
        ("RNN", "rnn"), ("LSTM", "lstm"), ("autoencoder", "autoencoder"), ("VAE", "vae"),
        ("normalizing flows", "normalizing-flow"), ("style transfer", "style-transfer"), ("wavelets", "wavelet-transform"),
        ("image gradients", "image-gradient"), ("memory module", "memory-module"),
        ("level set", "level-set"), ("RANSAC", "ransac"), ("spectral clustering", "spectral-clustering"),
        ("transformers", "transformer"), ("BERT", "bert"), ("mixture models", "mixture-model"),
        # tasks
        ("image classification", "image-classification"), ("semantic segmentation", "semantic-segmentation"),
        ("instance segmentation", "instance-segmentation"), ("scene parsing", "scene-parsing"),
        ("object detection", "object-detection"), ("salient object detection", "salient-object-detection"),
        ("text detection", "text-detection"), ("text recognition", "text-recognition"), ("text spotting", "text-spotting"),
        ("image generation", "image-generation"), ("image-to-image translation", "image-to-image-translation"),
        ("image editing", "image-editing"), ("super resolution", "super-resolution"),
        ("super-resolution", "super-resolution"), ("outpainting", "image-outpainting"),
        ("image extension", "image-outpainting"), ("video generation", "video-generation"),
        ("motion transfer", "motion-transfer"), ("anomaly detection", "anomaly-detection"),
        ("clustering", "clustering"), ("deepfake detection", "deepfake-detection"),
        ("sound separation", "sound-separation"), ("sound localisation", "sound-localization"),
        ("denoising", "denoising"), ("demosaicing", "demosaicing"), ("colorization", "colorization"),
        ("person re-identification", "person-re-identification"), ("ReID", "person-re-identification"),
        ("video recognition", "video-recognition"), ("action recognition", "action-recognition"),
        ("captioning", "image-captioning"), ("visual question answering", "vqa"), ("VQA", "vqa"),
        ("fine-grained recognition", "fine-grained-recognition"), ("imbalanced learning", "imbalanced-learning"),
        ("noisy labels", "learning-with-noisy-labels"), ("interpretability", "interpretability"),
        ("image retrieval", "image-retrieval"), ("lane detection", "lane-detection"),
        ("virtual try-on", "virtual-try-on"), ("talking heads", "talking-head"), ("face editing", "face-editing"),
        ("age progression", "age-progression"), ("real-time", "real-time-inference"),
        ("real-time inference", "real-time-inference"), ("GAN training stability", "gan-training-stability"),
        # datasets
        ("ImageNet", "imagenet"), ("CIFAR-10", "cifar-10"), ("Cifar10", "cifar-10"), ("CIFAR-100", "cifar-100"),
        ("Cityscapes", "cityscapes"), ("COCO", "coco"), ("MS COCO", "coco"), ("Pascal VOC", "pascal-voc"),
        ("ADE20K", "ade20k"), ("KITTI", "kitti"), ("CelebA", "celeba"), ("MNIST", "mnist"), ("LSUN", "lsun"),
        ("Places365", "places365"),
        # well-known models
        ("ResNet", "resnet"), ("U-Net", "u-net"), ("UNet", "u-net"), ("Mask R-CNN", "mask-r-cnn"),
        ("MaskRCNN", "mask-r-cnn"), ("Faster R-CNN", "faster-r-cnn"), ("YOLO", "yolo"), ("YOLOv3", "yolov3"),
        ("SSD", "ssd"), ("RetinaNet", "retinanet"), ("VGG", "vgg"), ("MobileNet", "mobilenet"),
        ("DeepLab", "deeplab"), ("PSPNet", "pspnet"), ("Transformer", "transformer"), ("CNN", "cnn-architecture"),
        ("SinGAN", "singan"),
        # names the hand annotation of the default notes uses
        ("model compression", "network-compression"), ("weight sharing", "weight-sharing"),
        ("coarse-to-fine", "coarse-to-fine"), ("random graph", "random-graph-model"), ("early stopping", "early-stopping"),
        ("max-margin learning", "margin-loss"), ("inner product", "inner-product"), ("multi-model fitting", "model-fitting"),
        ("dilations", "dilated-convolution"), ("class imbalance", "imbalanced-learning"),
    ],
)
def test_required_names_resolve(lex, name, concept_id):
    concept = lex.resolve(name)
    assert concept is not None, f"{name!r} resolves to nothing"
    assert concept.id == concept_id


def test_kinds_and_hierarchy_of_a_few_concepts(lex):
    assert lex.resolve("ImageNet").kind == "Dataset"
    assert lex.resolve("semantic segmentation").kind == "Task"
    assert lex.resolve("ResNet").kind == "Technique"
    # goals are tasks, the means to them techniques
    assert lex.resolve("network compression").kind == "Task"
    assert lex.resolve("pruning").kind == lex.resolve("knowledge distillation").kind == "Technique"
    assert lex.resolve("adversarial attack").kind == "Task"
    assert "cnn-architecture" in lex.resolve("ResNet").broader
    assert "gan" in lex.ancestors("stylegan")
    assert "convolution" in lex.ancestors("octave-convolution")
    assert lex.concepts["octave-convolution"].exact_match == ("https://paperswithcode.com/method/octave-convolution",)


def test_resolve_takes_ids_iris_and_any_case(lex):
    assert lex.resolve("octave-convolution").label == "Octave convolution"
    assert lex.resolve(str(CONCEPT_NS["octave-convolution"])).id == "octave-convolution"
    assert lex.resolve("ADAIN").id == lex.resolve("adain").id == "adain"
    assert lex.resolve("") is None
    assert lex.resolve("selfattention") is None  # only hyphens and spaces are interchangeable


def test_risky_abbreviations_are_not_labels(lex):
    for word in ("IS", "IN", "LN", "map", "GAP", "SR", "DA", "SSL", "is", "in", "the", "a", "model", "network",
                 "detection", "places", "inception"):
        assert lex.resolve(word) is None, word


def test_unknown_concepts_raise_key_error(lex):
    with pytest.raises(KeyError, match="no concept 'warp-drive'"):
        lex.ancestors("warp-drive")


# ------------------------------------------------------------------------------- matching


def test_matching_tolerates_plurals_case_and_hyphens(lex):
    text = "Boundaries, a boundary, losses, Convs, CNNs, self-attention, Self Attention, spec-norm, spec norm"
    assert [c for _, c in found(lex, text)] == [
        "boundary", "boundary", "loss-function", "convolution", "cnn-architecture",
        "self-attention", "self-attention", "spectral-normalization", "spectral-normalization",
    ]


def test_the_longest_label_wins_and_mentions_do_not_overlap(lex):
    assert found(lex, "2 branches merge via depthwise conv and after that 1x1 conv") == [
        ("depthwise conv", "depthwise-convolution"), ("1x1 conv", "pointwise-convolution")]
    assert found(lex, "Self-supervised pretraining > Imagenet pretraining") == [
        ("Self-supervised pretraining", "self-supervised-learning"), ("Imagenet pretraining", "imagenet-pretraining")]
    assert found(lex, "One-Shot Neural Architecture Search") == [("One-Shot Neural Architecture Search", "one-shot-nas")]


@pytest.mark.parametrize(
    "text",
    ["convex objects", "a conversation", "an organ", "nasal spray", "organise", "the ganglion",
     "inception of the idea", "in several places", "a feature map", "is it?", "mAPping"],
)
def test_labels_only_match_whole_words(lex, text):
    assert found(lex, text) == []


def test_mentions_give_exact_offsets(lex):
    text = "We replace vanilla\nconvs by OctConv (see https://github.com/x/OctConv) and use GAN's."
    mentions = lex.find_mentions(text)
    assert [m.surface for m in mentions] == ["vanilla\nconvs", "OctConv", "GAN"]
    assert all(text[m.start:m.end] == m.surface for m in mentions)
    assert mentions[1] == Mention("octave-convolution", 28, 35, "OctConv")


def test_labels_do_not_run_across_list_items_or_paragraphs(lex):
    assert found(lex, "- semantic\n- segmentation") == [("segmentation", "image-segmentation")]
    assert found(lex, "semantic\n\nsegmentation") == [("segmentation", "image-segmentation")]


def test_plus_signs_stay_part_of_a_name(lex):
    assert found(lex, "DeepLabv3+ and FaceForensics++; classification+clustering") == [
        ("DeepLabv3+", "deeplab"), ("FaceForensics++", "faceforensics"),
        ("classification", "image-classification"), ("clustering", "clustering")]


def test_the_design_examples_are_found(lex):
    assert found(lex, "Make use of boundaries") == [("boundaries", "boundary")]
    assert found(lex, "drop-in replacement for vanilla conv") == [("vanilla conv", "convolution")]
    assert found(lex, "GAN Training Stability improvements") == [("GAN Training Stability", "gan-training-stability")]
    assert found(lex, "Conv-replacements") == [("Conv", "convolution")]


def test_matching_a_megabyte(lex):
    # How fast is for bench/bench_build.py to say; here, that a megabyte is matched whole.
    notes = DEFAULT_NOTES.read_text(encoding="utf-8")
    copies = 1_000_000 // len(notes) + 1
    mentions = lex.find_mentions(notes * copies)
    assert len(mentions) == copies * len(lex.find_mentions(notes))


def test_a_lexicon_can_be_built_by_hand():
    lex = Lexicon({"gan": Concept("gan", "urn:x:gan", "Technique", "GAN", alt_labels=("adversarial net",))})
    assert [m.concept_id for m in lex.find_mentions("GANs (adversarial nets), not organs")] == ["gan", "gan"]
    assert len(lex.graph) == 0


def test_each_lexicon_has_its_own_graph():
    first = load_lexicon()
    first.graph.remove((None, None, None))
    assert len(first.graph) == 0
    assert len(load_lexicon().graph) > 1000


# ------------------------------------------------------------------------- users' vocabularies


def test_a_users_vocabulary_adds_a_concept_and_a_synonym(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text(PREFIXES + """
c:carafe-plus-plus a nk:Technique, skos:Concept ;
    skos:prefLabel "CARAFE++"@en ;
    skos:altLabel "CARAFE plus plus"@en ;
    skos:broader c:carafe .

c:octave-convolution skos:altLabel "frequency-split conv"@en .
""", encoding="utf-8")
    lex = load_lexicon([mine])
    assert lex.resolve("carafe plus plus").id == "carafe-plus-plus"
    assert lex.ancestors("carafe-plus-plus")[:2] == ("carafe", "upsampling")
    assert found(lex, "CARAFE++ beats CARAFE; frequency-split convs help") == [
        ("CARAFE++", "carafe-plus-plus"), ("CARAFE", "carafe"), ("frequency-split convs", "octave-convolution")]
    assert "frequency-split conv" in lex.concepts["octave-convolution"].alt_labels
    assert (URIRef(CONCEPT_NS["carafe-plus-plus"]), SKOS.broader, URIRef(CONCEPT_NS["carafe"])) in lex.graph
    assert "carafe-plus-plus" not in load_lexicon()  # the shipped lexicon is untouched


def test_a_users_preferred_label_replaces_the_shipped_one(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text(PREFIXES + 'c:gan skos:prefLabel "GAN"@en .\n', encoding="utf-8")
    concept = load_lexicon([str(mine)]).concepts["gan"]
    assert concept.label == "GAN"
    assert "Generative adversarial network" in concept.alt_labels
    assert concept.kind == "Technique"


def test_a_users_concept_without_a_kind_is_a_technique(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text(PREFIXES + '<http://example.org/my#warp-conv> skos:prefLabel "warp conv"@en .\n', encoding="utf-8")
    lex = load_lexicon([mine])
    assert lex.resolve("warp convs") == lex.concepts["warp-conv"]
    assert lex.concepts["warp-conv"].kind == "Technique"


def test_a_broken_vocabulary_file_is_a_one_line_error_naming_the_file(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text(PREFIXES + 'c:x skos:prefLabel "X"@en\nc:y skos:prefLabel "Y"@en .\n', encoding="utf-8")
    with pytest.raises(BadVocabulary) as error:
        load_lexicon([broken])
    message = str(error.value)
    assert message.startswith(f"{broken}: not valid Turtle: line 5: ")
    assert "\n" not in message


@pytest.mark.parametrize(
    "content, problem",
    [
        ("", "defines no SKOS concepts"),
        ('c:a skos:prefLabel "A" ; skos:broader c:b .\nc:b skos:prefLabel "B" ; skos:broader c:a .\n',
         "skos:broader loop: a -> b -> a"),
        ('c:a skos:prefLabel "A" ; skos:broader c:nowhere .\n',
         "<https://w3id.org/notekg/id/concept/a> has skos:broader <https://w3id.org/notekg/id/concept/nowhere>, "
         "which is not a concept of the lexicon"),
        ('c:a a nk:Technique, nk:Task ; skos:prefLabel "A" .\n', "has more than one kind: nk:Task, nk:Technique"),
        ('c:a a nk:Tecnique ; skos:prefLabel "A" .\n', "has an unknown type <https://w3id.org/notekg/vocab#Tecnique>"),
        ('c:a a nk:Task .\n', "<https://w3id.org/notekg/id/concept/a> has no skos:prefLabel"),
    ],
)
def test_vocabulary_mistakes_are_reported_with_the_file_name(tmp_path, content, problem):
    mine = tmp_path / "mine.ttl"
    mine.write_text(PREFIXES + content, encoding="utf-8")
    with pytest.raises(BadVocabulary) as error:
        load_lexicon([mine])
    assert str(error.value).startswith(f"{mine}: ")
    assert problem in str(error.value)


def test_a_missing_vocabulary_file_is_an_error(tmp_path):
    with pytest.raises(BadVocabulary) as error:
        load_lexicon([tmp_path / "nope.ttl"])
    assert str(error.value) == f"{tmp_path / 'nope.ttl'}: no such vocabulary file"
    with pytest.raises(BadVocabulary, match="is a directory"):
        load_lexicon([tmp_path])


def test_the_model_copies_the_same_concepts_from_the_part_of_the_lexicon_it_uses(default_kg, tmp_path):
    """A build hands the model only the concepts its relations name and those above them."""
    from graph.knowledge_graph import build_graph
    from graph.rdf.datasets import model_quads

    vocab = tmp_path / "mine.ttl"
    vocab.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix c: <https://w3id.org/notekg/id/concept/> .\n"
        "c:gated-shape-stream a skos:Concept ; skos:prefLabel \"gated shape stream\" ;\n"
        "    skos:broader c:convolution .\n"
        "c:convolution skos:altLabel \"conv layer\" .\n",
        encoding="utf-8",
    )
    for extra in ((), (vocab,)):
        lex = load_lexicon(extra)
        kg = build_graph(["notes/iccv2019.md"], vocab=extra)
        assert kg.quads() == model_quads(kg.facts, lexicon_graph=lex.graph)
        copied = {str(s) for s, p, o, g in kg.quads() if p == SKOS.prefLabel and "/concept/" in str(s)}
        assert 30 < len(copied) < len(lex)
    assert "https://w3id.org/notekg/id/concept/convolution" in copied


def test_chinese_names_of_common_techniques_match_inside_a_run_of_ideographs(lex):
    # a note in Chinese names techniques with no spaces around them
    assert [(m.surface, m.concept_id) for m in lex.find_mentions("本文用对比学习做预训练，再做知识蒸馏")] == [
        ("对比学习", "contrastive-learning"), ("预训练", "pretraining"), ("知识蒸馏", "knowledge-distillation")]
    # the longest label wins; a part of a label names nothing
    assert [m.concept_id for m in lex.find_mentions("半监督学习方法")] == ["semi-supervised-learning"]
    assert lex.find_mentions("有监督的方法") == []
    # English names beside ideographs still match, and the display name stays English
    assert [m.concept_id for m in lex.find_mentions("提出了LDAMLoss和DRW")] == ["ldam-loss", "deferred-reweighting"]
    assert lex.concepts["pretraining"].label == "Pretraining"


def test_a_chinese_notes_line_uses_the_techniques_it_names(write_notes):
    import graph
    notes = write_notes("zh.md", (
        "## 长尾识别\n"
        "- [Counting rare owls with many experts](https://arxiv.org/abs/3101.00009) (NIPS2031)\n"
        "    - 借助集成学习，每位专家之间参数共享。\n"))
    kg = graph.build([notes])
    used = {r.object.removeprefix("concept/") for r in kg.facts.relations if r.predicate == "uses"}
    assert {"ensemble-learning", "weight-sharing"} <= used
