// Layered layout (Sugiyama's scheme): layers, lanes for long edges, barycentric crossing reduction,
// then vertical positions by isotonic regression.
//
// Sections: layers · slots and links · ordering · vertical positions · boxes and routes.
#include "core/autodiff/graph_layout.h"

#include <algorithm>

namespace dh {

namespace {

// A place in a layer: a node's box, or the lane of an edge passing through (node = −1).
struct Slot {
    int node = -1;
    int layer = 0;
    double height = 0;
    std::vector<int> up, down; // linked slots in the previous and the next layer
    double y = 0;              // center
};

// ---- layers ----

// As late as possible: the output in the last layer, every other node one layer left of its nearest
// consumer (so a subexpression sits next to where it is used), the inputs in layer 0.
std::vector<int> assignLayers(const CompGraph& g) {
    const std::vector<GraphNode>& nodes = g.nodes();
    std::vector<int> toOutput(nodes.size(), -1); // longest path to the output; −1: does not reach it
    toOutput.back() = 0;
    for (int id = g.size() - 1; id >= 0; --id)
        for (int e : nodes[size_t(id)].outEdges) {
            const int c = g.edges()[size_t(e)].to;
            if (toOutput[size_t(c)] >= 0)
                toOutput[size_t(id)] = std::max(toOutput[size_t(id)], toOutput[size_t(c)] + 1);
        }
    const int depth = *std::max_element(toOutput.begin(), toOutput.end());
    std::vector<int> layer(nodes.size(), 0);
    for (const GraphNode& n : nodes)
        if (n.kind != GraphNodeKind::Input && toOutput[size_t(n.id)] >= 0)
            layer[size_t(n.id)] = depth - toOutput[size_t(n.id)];
    return layer;
}

// ---- slots and links ----

struct Skeleton {
    std::vector<Slot> slots;                 // node ids first, then lanes
    std::vector<std::vector<int>> edgeLanes; // per edge, its lanes left to right
    std::vector<std::vector<int>> layers;    // slot ids per layer, top to bottom
};

void link(std::vector<Slot>& slots, int from, int to) {
    slots[size_t(from)].down.push_back(to);
    slots[size_t(to)].up.push_back(from);
}

// The edges out of one node that pass layers share one lane per layer (a bus that branches off at
// each consumer): an input used all over the graph costs one lane per layer, not one per use.
Skeleton buildSkeleton(const CompGraph& g, const std::vector<int>& layer, const GraphLayoutOptions& o) {
    Skeleton s;
    const int layerCount = *std::max_element(layer.begin(), layer.end()) + 1;
    s.layers.resize(size_t(layerCount));
    for (const GraphNode& n : g.nodes()) {
        Slot slot;
        slot.node = n.id;
        slot.layer = layer[size_t(n.id)];
        slot.height = o.nodeHeight;
        s.slots.push_back(slot);
    }
    // Initial order: the inputs (in input order), then the other nodes by id; lanes by source.
    for (int k = 0; k < g.inputCount(); ++k) s.layers[0].push_back(g.inputNode(k));
    for (const GraphNode& n : g.nodes())
        if (n.kind != GraphNodeKind::Input) s.layers[size_t(layer[size_t(n.id)])].push_back(n.id);
    s.edgeLanes.resize(g.edges().size());
    for (const GraphNode& n : g.nodes()) {
        const int from = layer[size_t(n.id)];
        int farthest = from;
        for (int e : n.outEdges) farthest = std::max(farthest, layer[size_t(g.edges()[size_t(e)].to)]);
        std::vector<int> bus(size_t(farthest + 1), n.id); // bus[l]: the slot the edges leave layer l from
        for (int l = from + 1; l < farthest; ++l) {
            Slot lane;
            lane.layer = l;
            const int id = int(s.slots.size());
            s.slots.push_back(lane);
            s.layers[size_t(l)].push_back(id);
            link(s.slots, bus[size_t(l - 1)], id);
            bus[size_t(l)] = id;
        }
        for (int e : n.outEdges) {
            const int to = g.edges()[size_t(e)].to;
            link(s.slots, bus[size_t(layer[size_t(to)] - 1)], to);
            for (int l = from + 1; l < layer[size_t(to)]; ++l) s.edgeLanes[size_t(e)].push_back(bus[size_t(l)]);
        }
    }
    return s;
}

// ---- ordering ----

std::vector<std::vector<std::pair<int, int>>> linksByLayer(const Skeleton& s) {
    std::vector<std::vector<std::pair<int, int>>> links(s.layers.size());
    for (size_t l = 0; l + 1 < s.layers.size(); ++l)
        for (int a : s.layers[l])
            for (int b : s.slots[size_t(a)].down) links[l].emplace_back(a, b);
    return links;
}

// Sorts `order` by the mean position of each slot's neighbours (in `neighbours` of it); a slot with
// none keeps its place.
void sortByBarycenter(std::vector<int>& order, const std::vector<Slot>& slots, const std::vector<int>& position,
                      bool useUp) {
    std::vector<std::pair<double, int>> keyed;
    for (size_t i = 0; i < order.size(); ++i) {
        const std::vector<int>& nb = useUp ? slots[size_t(order[i])].up : slots[size_t(order[i])].down;
        double key = double(i);
        if (!nb.empty()) {
            double sum = 0;
            for (int n : nb) sum += position[size_t(n)];
            key = sum / double(nb.size());
        }
        keyed.emplace_back(key, order[i]);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [](const std::pair<double, int>& a, const std::pair<double, int>& b) {
        return a.first < b.first;
    });
    for (size_t i = 0; i < order.size(); ++i) order[i] = keyed[i].second;
}

// The inputs keep their order (x above y) among the places they were sorted into.
void keepInputOrder(std::vector<int>& layer0, const CompGraph& g) {
    std::vector<size_t> places;
    for (size_t i = 0; i < layer0.size(); ++i)
        if (layer0[i] < g.size() && g.nodes()[size_t(layer0[i])].kind == GraphNodeKind::Input) places.push_back(i);
    for (size_t k = 0; k < places.size(); ++k) layer0[places[k]] = g.inputNode(int(k));
}

int orderLayers(Skeleton& s, const CompGraph& g, int sweeps) {
    const auto links = linksByLayer(s);
    std::vector<int> position(s.slots.size(), 0);
    auto updatePositions = [&](const std::vector<int>& order) {
        for (size_t i = 0; i < order.size(); ++i) position[size_t(order[i])] = int(i);
    };
    for (const std::vector<int>& order : s.layers) updatePositions(order);
    std::vector<std::vector<int>> best = s.layers;
    int bestCrossings = countCrossings(s.layers, links);
    const int layerCount = int(s.layers.size());
    for (int round = 0; round < sweeps && bestCrossings > 0; ++round) {
        for (int l = 1; l < layerCount; ++l) {
            sortByBarycenter(s.layers[size_t(l)], s.slots, position, true);
            updatePositions(s.layers[size_t(l)]);
        }
        for (int l = layerCount - 2; l >= 0; --l) {
            sortByBarycenter(s.layers[size_t(l)], s.slots, position, false);
            if (l == 0) keepInputOrder(s.layers[0], g);
            updatePositions(s.layers[size_t(l)]);
        }
        const int c = countCrossings(s.layers, links);
        if (c < bestCrossings) {
            bestCrossings = c;
            best = s.layers;
        }
    }
    s.layers = best;
    return bestCrossings;
}

// ---- vertical positions ----

// Minimises Σ (y_i − want_i)² subject to y_{i+1} − y_i ≥ sep_i (pool adjacent violators on
// z_i = y_i − offset_i, which must be non-decreasing).
std::vector<double> separatedFit(const std::vector<double>& want, const std::vector<double>& sep) {
    const size_t m = want.size();
    std::vector<double> offset(m, 0.0);
    for (size_t i = 1; i < m; ++i) offset[i] = offset[i - 1] + sep[i - 1];
    std::vector<double> blockMean, blockSize;
    for (size_t i = 0; i < m; ++i) {
        blockMean.push_back(want[i] - offset[i]);
        blockSize.push_back(1);
        while (blockMean.size() > 1 && blockMean[blockMean.size() - 2] > blockMean.back()) {
            const double n = blockSize.back() + blockSize[blockSize.size() - 2];
            const double mean = (blockMean.back() * blockSize.back() +
                                 blockMean[blockMean.size() - 2] * blockSize[blockSize.size() - 2]) /
                                n;
            blockMean.pop_back();
            blockSize.pop_back();
            blockMean.back() = mean;
            blockSize.back() = n;
        }
    }
    std::vector<double> y;
    for (size_t b = 0; b < blockMean.size(); ++b)
        for (int k = 0; k < int(blockSize[b]); ++k) y.push_back(blockMean[b] + offset[y.size()]);
    return y;
}

void placeVertically(Skeleton& s, const GraphLayoutOptions& o) {
    auto gapBetween = [&](int a, int b) {
        const Slot &sa = s.slots[size_t(a)], &sb = s.slots[size_t(b)];
        const double gap = sa.node >= 0 && sb.node >= 0 ? o.nodeGap : o.laneGap;
        return 0.5 * (sa.height + sb.height) + gap;
    };
    for (const std::vector<int>& order : s.layers) { // stacked from 0
        double y = 0;
        for (size_t i = 0; i < order.size(); ++i) {
            if (i > 0) y += gapBetween(order[i - 1], order[i]);
            s.slots[size_t(order[i])].y = y;
        }
    }
    for (int round = 0; round < 16; ++round) {
        const bool forward = round % 2 == 0;
        for (size_t k = 0; k < s.layers.size(); ++k) {
            const std::vector<int>& order = s.layers[forward ? k : s.layers.size() - 1 - k];
            std::vector<double> want, sep;
            for (size_t i = 0; i < order.size(); ++i) {
                const Slot& slot = s.slots[size_t(order[i])];
                double sum = 0;
                int count = 0;
                for (int n : slot.up) sum += s.slots[size_t(n)].y, ++count;
                for (int n : slot.down) sum += s.slots[size_t(n)].y, ++count;
                want.push_back(count ? sum / count : slot.y);
                if (i > 0) sep.push_back(gapBetween(order[i - 1], order[i]));
            }
            const std::vector<double> y = separatedFit(want, sep);
            for (size_t i = 0; i < order.size(); ++i) s.slots[size_t(order[i])].y = y[i];
        }
    }
}

} // namespace

int countCrossings(const std::vector<std::vector<int>>& layers,
                   const std::vector<std::vector<std::pair<int, int>>>& links) {
    int maxId = -1;
    for (const std::vector<int>& order : layers)
        for (int id : order) maxId = std::max(maxId, id);
    std::vector<int> position(size_t(maxId + 1), 0);
    for (const std::vector<int>& order : layers)
        for (size_t i = 0; i < order.size(); ++i) position[size_t(order[i])] = int(i);
    int crossings = 0;
    for (const std::vector<std::pair<int, int>>& ls : links)
        for (size_t i = 0; i < ls.size(); ++i)
            for (size_t j = i + 1; j < ls.size(); ++j) {
                const int da = position[size_t(ls[i].first)] - position[size_t(ls[j].first)];
                const int db = position[size_t(ls[i].second)] - position[size_t(ls[j].second)];
                if ((da < 0 && db > 0) || (da > 0 && db < 0)) ++crossings;
            }
    return crossings;
}

// ---- boxes and routes ----

GraphLayout layoutGraph(const CompGraph& g, const GraphLayoutOptions& o) {
    GraphLayout out;
    if (g.size() == 0) return out;
    const std::vector<int> layer = assignLayers(g);
    Skeleton s = buildSkeleton(g, layer, o);
    out.crossings = orderLayers(s, g, o.sweeps);
    placeVertically(s, o);

    double top = 0, bottom = 0;
    for (const Slot& slot : s.slots) {
        top = std::min(top, slot.y - 0.5 * slot.height);
        bottom = std::max(bottom, slot.y + 0.5 * slot.height);
    }
    for (Slot& slot : s.slots) slot.y -= top;
    const double pitch = o.nodeWidth + o.layerGap;
    out.layerCount = int(s.layers.size());
    out.width = out.layerCount * pitch - o.layerGap;
    out.height = bottom - top;

    for (const GraphNode& n : g.nodes()) {
        const Slot& slot = s.slots[size_t(n.id)];
        LayoutBox b;
        b.layer = slot.layer;
        b.x = slot.layer * pitch;
        b.w = o.nodeWidth;
        b.h = slot.height;
        b.y = slot.y - 0.5 * slot.height;
        out.boxes.push_back(b);
    }
    for (size_t e = 0; e < g.edges().size(); ++e) {
        const GraphEdge& edge = g.edges()[e];
        const LayoutBox &from = out.boxes[size_t(edge.from)], &to = out.boxes[size_t(edge.to)];
        const GraphNode& consumer = g.nodes()[size_t(edge.to)];
        const size_t port =
            size_t(std::find(consumer.inEdges.begin(), consumer.inEdges.end(), int(e)) - consumer.inEdges.begin());
        std::vector<LayoutPoint> route{{from.x + from.w, from.centerY()}};
        for (int lane : s.edgeLanes[e]) {
            const Slot& slot = s.slots[size_t(lane)];
            route.push_back({slot.layer * pitch, slot.y});
            route.push_back({slot.layer * pitch + o.nodeWidth, slot.y});
        }
        route.push_back({to.x, to.y + to.h * double(port + 1) / double(consumer.inEdges.size() + 1)});
        out.routes.push_back(route);
    }
    return out;
}

} // namespace dh
