"""The page's layout: groups' centres laid out from rounded inputs and kept in the memo, so a
rebuild after one more paper finds them and moves only that paper's group."""

import math
import random
import sys
from pathlib import Path

import pytest

from graph.views.discs import overlapping_discs
from graph.views.layout import RADIUS_STEP, WEIGHT_STEP, _centres, layout_groups, layout_positions
from graph.views.network import to_networkx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from gen_graph import generate_dataset  # noqa: E402


@pytest.fixture(scope="module")
def network():
    return to_networkx(generate_dataset(600))


def with_paper(G, topic, used):
    H = G.copy()
    H.add_node("urn:test:added", type="Paper", label="An added paper")
    H.add_edge("urn:test:added", topic, key="subject")
    H.add_edge("urn:test:added", used, key="uses")
    return H


def test_the_memo_changes_no_position(network):
    memo = {}
    clean = layout_positions(network, seed=2, memo=memo)
    assert {key.partition(":")[0] for key in memo} == {"centres", "group"}
    assert layout_positions(network, seed=2, memo=memo) == clean == layout_positions(network, seed=2)


def test_one_more_paper_moves_only_its_group_when_the_rounded_inputs_stay(network):
    groups = layout_groups(network)
    memo = {}
    before = layout_positions(network, groups=groups, memo=memo)
    topic = next(v for u, v, key in network.edges(keys=True) if key == "subject")
    # a technique of the topic's own group: no new link between groups
    used = next(v for u, v, key in network.edges(keys=True)
                if key == "uses" and groups[v] == groups[topic] and network.nodes[v].get("type") != "Paper")
    H = with_paper(network, topic, used)
    kept = dict(memo)
    after = layout_positions(H, memo=kept)
    assert after == layout_positions(H)  # a rebuild draws what a clean build draws
    new_keys = [key.partition(":")[0] for key in kept if key not in memo]
    assert new_keys == ["group"]  # the group of the topic laid out again, the centres found
    moved = {node for node in network if before[node] != after[node]}
    assert moved and moved <= {node for node in network if groups[node] == groups[topic]}


@pytest.mark.parametrize("seed", range(4))
def test_a_dozen_groups_discs_do_not_overlap_once_pushed_apart(seed):
    """Their discs' radii rounded up, a dozen linked groups end up side by side (a graph of
    hundreds of groups keeps some overlap after the 60 rounds, as it did before the rounding)."""
    rng = random.Random(seed)
    n = 12
    steps = [rng.randrange(5, 20) for _ in range(n)]
    links = sorted({(a, b, rng.randrange(-1, 3)) for a, b in
                    ((rng.randrange(n), rng.randrange(n)) for _ in range(n)) if a < b})
    centre = _centres(steps, links, 60.0, seed)
    radius = [30.0 * RADIUS_STEP ** step + 30.0 for step in steps]
    depth = [radius[a] + radius[b] - math.dist(centre[a], centre[b]) for a, b in overlapping_discs(centre, radius)]
    assert max(depth, default=0.0) < 0.01 * min(radius)
    assert _centres(steps, links, 60.0, seed) == centre


def test_linked_groups_lie_nearer_than_others(network):
    """The rounding keeps the look: groups with edges between them are drawn closer together."""
    groups = layout_groups(network)
    pos = layout_positions(network, groups=groups)
    members = {}
    for node, g in groups.items():
        members.setdefault(g, []).append(pos[node])
    centre = {g: (sum(x for x, _ in p) / len(p), sum(y for _, y in p) / len(p)) for g, p in members.items()}
    linked = {tuple(sorted((groups[u], groups[v]))) for u, v in network.edges() if groups[u] != groups[v]}
    distance = {(a, b): math.dist(centre[a], centre[b]) for a in centre for b in centre if a < b}
    near = [d for pair, d in distance.items() if pair in linked]
    far = [d for pair, d in distance.items() if pair not in linked]
    assert near and far and sum(near) / len(near) < sum(far) / len(far)


def test_rounded_inputs_are_never_smaller_and_steps_are_powers_of_two():
    assert WEIGHT_STEP & (WEIGHT_STEP - 1) == 0
    from graph.views.layout import _radius_step

    for ratio in (1.0, 2.4, 13.6, 13.68, 100.0):
        assert ratio <= RADIUS_STEP ** _radius_step(ratio) < ratio * RADIUS_STEP
