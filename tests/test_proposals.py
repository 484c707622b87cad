"""What a paper proposes: its own method, named in its title or in the note-taker's words.

Each fixture is written here in one of the styles people keep notes in (a rated list, a
venue-tagged reading list with link texts, a table with long summaries, titles in capitals);
every rule has entries it must not fire on beside the ones it must.
"""

import graph
from graph.extract.lexicon_files import load_lexicon
from graph.extract.summary_proposals import summary_methods
from graph.extract.text_relations import load_relation_cues


def _proposed(notes):
    """(title, name of the proposed method) for every proposes edge of a notes file."""
    kg = graph.build([notes])
    titles = {key: paper.title for key, paper in kg.facts.papers.items()}
    return {(titles[r.subject], r.object_label or r.object.removeprefix("concept/"))
            for r in kg.facts.relations if r.predicate == "proposes" and r.subject in titles}


def _named(text, title="Birds at dusk"):
    return [f.label for f in summary_methods(text, title, load_lexicon(), load_relation_cues())]


def test_a_plain_name_proposes_when_the_rest_of_the_title_describes_a_system_or_a_process(write_notes):
    notes = write_notes("n.md", (
        "## Systems\n"
        "- [7/10] Marmot: Elastic Distributed Training on Borrowed Machines\n"
        "- [6/10] Heron: Speeding up Batch Replies for Tiny Models\n"
        "- [6/10] Pebble Jitter: Improving Owl Recognition with Noisy Memories\n"
        "- [5/10] Beyond: Training with Fewer Labels\n"
        "- [5/10] Counting: A Serving Trick\n"
        "- [5/10] Show Your Work: Improving Reports of Owl Counts\n"
        "- [4/10] Otters: fun in the river\n"
        "- [4/10] Privacy: Risks of Distributed Training on Shared Machines\n"
        "- [6/10] Lyrebird: The Efficient Song Transformer\n"
        "- [4/10] Gender: A Hidden Bias in Song Models\n"))
    assert _proposed(notes) == {
        ("Lyrebird: The Efficient Song Transformer", "Lyrebird"),
        ("Marmot: Elastic Distributed Training on Borrowed Machines", "Marmot"),
        ("Heron: Speeding up Batch Replies for Tiny Models", "Heron"),
        ("Pebble Jitter: Improving Owl Recognition with Noisy Memories", "Pebble Jitter"),
    }


def test_a_plain_name_proposes_when_the_entrys_own_words_open_with_it_past_link_texts(write_notes):
    notes = write_notes("n.md", (
        "# Reading list\n"
        "- [OSDI '21] Kestrel: queues for models [[pdf]](https://example.org/k.pdf)\n"
        "  - Kestrel [OSDI'21] keeps a queue per model and steals work between them.\n"
        "- [OSDI '21] Magpie: notes on queues [[pdf]](https://example.org/m.pdf)\n"
        "  - Unlike Magpie, most queues are fair.\n"))
    assert _proposed(notes) == {("Kestrel: queues for models", "Kestrel")}


def test_a_title_in_capitals_names_its_method_when_the_rest_describes_one(write_notes):
    notes = write_notes("n.md", (
        "| Paper | Summary |\n|---|---|\n"
        "| [HERON NEST: AN OPEN FRAMEWORK FOR BIRD COUNTS](https://example.org/1) | Counts birds. |\n"
        "| [OWL PELLETS: BOOSTING RECALL OF NIGHT SURVEYS](https://example.org/2) | Finds owls. |\n"
        "| [GEESE: FLYING SOUTH TOGETHER](https://example.org/3) | About geese. |\n"
        "| [FLOCKS: A STUDY OF MANY SHEEP](https://example.org/4) | Sheep. |\n"
        "| [PEBBLE ATTENTION IMPROVES SONG READERS](https://example.org/5) | Reads songs. |\n"))
    assert _proposed(notes) == {
        ("HERON NEST: AN OPEN FRAMEWORK FOR BIRD COUNTS", "Heron Nest"),
        ("OWL PELLETS: BOOSTING RECALL OF NIGHT SURVEYS", "Owl Pellets"),
        ("PEBBLE ATTENTION IMPROVES SONG READERS", "Pebble Attention"),
    }


def test_a_descriptive_name_opening_a_title_is_its_method_unless_generic_known_or_a_sentence(write_notes):
    notes = write_notes("n.md", (
        "## Songs\n"
        "- [7/10] Pebble Attention for Reading Long Songs\n"
        "- [7/10] Burrow-Aware Augmentation Improves Mole Detection\n"
        "- [6/10] Lichen Transformer\n"
        "- [5/10] Simple Attention for Reading Long Songs\n"
        "- [5/10] Vision Transformer for Bird Photos\n"
        "- [5/10] Accelerate Transformer via Pruning Songs\n"
        "- [5/10] Wasserstien GAN for Drawing Birds\n"))
    assert _proposed(notes) == {
        ("Pebble Attention for Reading Long Songs", "Pebble Attention"),
        ("Burrow-Aware Augmentation Improves Mole Detection", "Burrow-Aware Augmentation"),
        ("Lichen Transformer", "Lichen Transformer"),
    }


def test_the_means_a_title_ends_with_is_its_method(write_notes):
    notes = write_notes("n.md", (
        "## Owls\n"
        "- [7/10] Counting Owls in the Dark via Hoot-Aware Sampling\n"
        "- [7/10] Fast Owl Replies with HootCache (**OwlServe**)\n"
        "- [6/10] Counting owls faster using GPUs\n"
        "- [6/10] OwlNet: Counting Owls via Importance Sampling\n"
        "- [5/10] Counting Owls Exactly with IO-Awareness\n"))
    assert _proposed(notes) == {
        ("Counting Owls in the Dark via Hoot-Aware Sampling", "Hoot-Aware Sampling"),
        ("Fast Owl Replies with HootCache (OwlServe)", "HootCache"),
        ("Fast Owl Replies with HootCache (OwlServe)", "OwlServe"),  # bold in the notes
        # a title naming its own method uses a known way as its means
        ("OwlNet: Counting Owls via Importance Sampling", "OwlNet"),
    }


def test_summaries_name_new_methods_by_phrase_versions_libraries_and_what_they_are():
    assert _named("we introduce a tidal loss that weighs shore birds by tide") == ["tidal loss"]
    assert _named("With a novel burrow attention mechanism, it finds moles.") == ["burrow attention"]
    assert _named("we propose a simple attention for moles") == []
    assert _named("This new work proposes OwlNet b1.5 and owlnet.cpp, tools to run it on phones") == [
        "OwlNet b1.5", "owlnet.cpp"]
    assert _named("NestGraph is a framework for sharing nests between flocks.") == ["NestGraph"]
    assert _named("This work proposes HERON WATCH - a new way to count herons") == ["HERON WATCH"]
    # compounds of plain words are no names
    assert _named("proposes Graph-Guided counting for AI-driven surveys") == []
    # a version the lexicon knows as part of a label is no name of its own ("BitNet b1.58" names
    # the 1-bit LLM; its "b1.58" is not a second, coined method)
    assert _named("We propose BitNet b1.58 & owlnet.cpp, to count owls on phones") == ["owlnet.cpp"]


def test_a_descriptive_name_opening_a_sentence_of_the_notes_and_echoing_the_title_is_proposed():
    title = "Counting Tidal Birds on Long-Tailed Shores"
    assert _named("4/5; Tidal Loss reweights each bird by the tide it came with.", title) == ["Tidal Loss"]
    assert _named("Tidal Loss", title) == []  # all the words say: a tag, a topic
    assert _named("Pebble Loss reweights birds.", title) == []  # the title says nothing of pebbles


def test_every_new_proposal_is_explicit_and_shown_with_its_words(write_notes, runner):
    from graph.cli import cli
    notes = write_notes("n.md", "## Songs\n- [7/10] Pebble Attention for Reading Long Songs\n")
    kg = graph.build([notes])
    edge = next(r for r in kg.facts.relations if r.predicate == "proposes")
    assert (edge.object_label, edge.confidence, edge.rule) == (
        "Pebble Attention", "explicit", "title: names a method of its own")
    card = runner.invoke(cli, ["show", "Pebble Attention", "-g", str(notes)])
    assert ('  proposed by Pebble Attention for Reading Long Songs — title "Pebble Attention for Reading Long Songs"'
            ' (line 2, explicit)') in card.output.splitlines()


def test_studies_position_papers_and_handbooks_propose_nothing(write_notes):
    notes = write_notes("n.md", (
        "## Owls\n"
        "- [6/10] Position: Owl Counters Need Harder Benchmarks\n"
        "- [6/10] Lessons Learned from Counting Owls with HootCache\n"
        "- [5/10] Characterizing Owl Replies in Large Serving Systems\n"
        "- [5/10] The Owl Watcher's Handbook: Pebble Attention for Practitioners\n"
        "- [7/10] Counting Owls with HootCache\n"))
    assert _proposed(notes) == {("Counting Owls with HootCache", "HootCache")}


def test_a_plain_name_in_the_summary_is_proposed_when_introduced_or_said_what_it_is():
    assert _named("we present Marmot, a scheduler for borrowed machines") == ["Marmot"]
    assert _named("The authors introduce Kestrel (a queue per model).") == ["Kestrel"]
    assert _named("[pdf]; Wombat [OSDI] is a system that plans burrows.", "Wombat: burrow maps") == ["Wombat"]
    # background a comment explains, not the paper's own; words that are no names
    assert _named("Spark is a framework for batch jobs; we run on it.", "Faster joins on clusters") == []
    assert _named("This is a framework for owls. Training is a method too.") == []


def test_a_coined_name_the_notes_give_beside_a_linked_title_is_proposed_unless_a_venue(write_notes):
    notes = write_notes("n.md", (
        "## Owls\n"
        "- [Efficient Owl Counting at Scale](https://example.org/a) (**OwlDB**)\n"
        "- [Fast Tern Counting](https://example.org/c) - **TernBase**\n"
        "- [Slow Gull Counting](https://example.org/d) (CVPR2031_oral)\n"
        "- [Puffin Counting](https://example.org/e) NIcely written, short\n"))
    assert _proposed(notes) == {("Efficient Owl Counting at Scale", "OwlDB"), ("Fast Tern Counting", "TernBase")}


def test_a_bare_coined_word_beside_a_title_must_echo_it(write_notes):
    notes = write_notes("n.md", (
        "## Owls\n"
        "- [Fast Tern Counting](https://example.org/c) - TernBase\n"
        "- [Slow Gull Counting](https://example.org/d) - PyTorch, clean code\n"))
    assert _proposed(notes) == {("Fast Tern Counting", "TernBase")}


def test_a_known_system_named_in_brackets_beside_its_title_is_proposed_not_used(write_notes):
    notes = write_notes("n.md", (
        "# Systems reading list\n"
        "- [SOSP '31] Paging the cache of a language model server (**vLLM**) [[pdf]](https://arxiv.org/abs/3101.00001)\n"
        "- [Serving structured programs to language models](https://arxiv.org/abs/3101.00002) (SGLang); clean design\n"
        "| Paper | Notes |\n|---|---|\n"
        "| [Owl counting with adversarial nets (GAN)](https://arxiv.org/abs/3101.00003) | broad parent |\n"
        "- [Owl counting for small farms](https://arxiv.org/abs/3101.00004) (SGLang) served our model\n"))
    assert _proposed(notes) == {
        ("Paging the cache of a language model server (vLLM)", "vllm"),
        ("Serving structured programs to language models", "sglang"),
    }


def test_a_known_model_a_title_builds_on_is_no_name_of_its_own(write_notes):
    notes = write_notes("n.md", (
        "## Counting\n"
        "- [RoBERTa-based counting of owls in night recordings](https://arxiv.org/abs/3101.00005)\n"
        "- [ResNet-style backbones for owl detection](https://arxiv.org/abs/3101.00006)\n"))
    assert _proposed(notes) == set()
    kg = graph.build([notes])
    used = {r.object for r in kg.facts.relations if r.predicate == "uses"}
    assert {"concept/roberta", "concept/resnet"} <= used


def test_a_title_that_opens_with_what_the_paper_does_or_ends_with_its_means_names_its_method(write_notes):
    # A reading list of titles only: the title is all there is to tell the paper's own method
    # from a tool it uses.
    notes = write_notes("n.md", (
        "## Owls\n"
        "- Whitening and Coloring Transform for Owl Portraits\n"
        "- Training from Scratch for Owl Detection\n"
        "- Semantic Segmentation via Label Smoothing\n"
        "- Depth Estimation via Graph Neural Networks\n"
        "- Object Detection via Self-Supervised Learning\n"
        "- Graph Classification via Meta Learning\n"
        "- Fast Owl Serving with FlashAttention (OwlServe)\n"))
    assert _proposed(notes) == {
        # a gerund phrase the lexicon names, opening the title: what the paper does
        ("Whitening and Coloring Transform for Owl Portraits", "whitening"),
        # a specific method after a task and "via": the paper's means
        ("Semantic Segmentation via Label Smoothing", "label-smoothing"),
        # a coined name of the lexicon ending the title as its means, beside the system's name
        ("Fast Owl Serving with FlashAttention (OwlServe)", "flash-attention"),
        ("Fast Owl Serving with FlashAttention (OwlServe)", "OwlServe"),
    }
    # not a process every paper runs, a kind of tool named in the plural, or a broad family
    kg = graph.build([notes])
    used = {(kg.facts.papers[r.subject].title, r.object.removeprefix("concept/"))
            for r in kg.facts.relations if r.predicate == "uses" and r.subject in kg.facts.papers}
    assert {("Depth Estimation via Graph Neural Networks", "graph-neural-network"),
            ("Object Detection via Self-Supervised Learning", "self-supervised-learning"),
            ("Graph Classification via Meta Learning", "meta-learning")} <= used
    assert not any(title.startswith("Training from Scratch") for title, _ in _proposed(notes))
