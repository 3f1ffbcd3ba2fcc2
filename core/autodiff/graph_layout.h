// A layered left-to-right layout of a computational graph (core/autodiff/graph.h), in abstract units:
// the view scales and translates it (and draws labels inside the boxes), the layout only places them.
//
//   - Layers: the output alone in the last layer (right); every other node as late as possible, one
//     layer left of its nearest consumer, so a subexpression sits next to where it is used; the inputs
//     in layer 0 (left, in input order: x above y).
//   - The edges out of a node that pass layers share one lane per layer (a bus that branches off at
//     each consumer; their routes overlap there), ordered with the boxes, so no edge runs through a
//     box and an input used everywhere costs one lane per layer.
//   - Crossing reduction: barycentric sweeps down and up the layers, keeping the order with the fewest
//     crossings.
//   - Vertical positions: each slot near the mean of its neighbours, with boxes and lanes kept apart by
//     nodeGap / laneGap (isotonic regression per layer, a few rounds).
// Guarantees (tested): no two boxes overlap; every edge route runs strictly left to right; an edge goes
// from a lower layer to a higher one. Readable up to about 80 nodes at the default sizes.
//
// Coordinates: x to the right, y downward, the bounding box from (0, 0) to (width, height).
#pragma once

#include "core/autodiff/graph.h"

#include <vector>

namespace dh {

struct GraphLayoutOptions {
    double nodeWidth = 2.0;  // box width
    double nodeHeight = 1.0; // box height
    double layerGap = 1.5;   // horizontal space between the boxes of adjacent layers
    double nodeGap = 0.5;    // vertical space between two boxes of a layer
    double laneGap = 0.25;   // vertical space around an edge passing through a layer
    int sweeps = 12;         // crossing-reduction rounds (one down and one up each)
};

struct LayoutBox {
    double x = 0, y = 0; // top-left corner
    double w = 0, h = 0;
    int layer = 0;
    double centerY() const { return y + 0.5 * h; }
};

struct LayoutPoint {
    double x = 0, y = 0;
};

struct GraphLayout {
    std::vector<LayoutBox> boxes; // per node id
    // Per edge (CompGraph::edges() order): a polyline from the right side of the argument's box to the
    // left side of the consumer's box (at a port per argument slot, so x·x shows two edges), through
    // its source's lane in every layer it passes (two points per lane, shared with the source's other
    // edges that pass the same layer).
    std::vector<std::vector<LayoutPoint>> routes;
    int layerCount = 0;
    double width = 0, height = 0;
    int crossings = 0; // edge crossings between adjacent layers in the final order
};

GraphLayout layoutGraph(const CompGraph& graph, const GraphLayoutOptions& options = {});

// Crossings between adjacent layers of an ordering: layers[l] lists slot ids top to bottom; links are
// (slot in layer l, slot in layer l + 1) pairs per layer l. For tests and the layout itself.
int countCrossings(const std::vector<std::vector<int>>& layers,
                   const std::vector<std::vector<std::pair<int, int>>>& links);

} // namespace dh
