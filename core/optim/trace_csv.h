// CSV output of a trajectory, the `downhill trace` contract (README.md, "Command line"): the header step,x,y,f,gx,gy,
// then one row per state, step 0 being the start; every number printed with printf's %.17g (17
// significant digits, so doubles round-trip; non-finite values as printf prints them: nan, -nan, inf,
// -inf). A diverged trajectory simply ends with its divergent row. Lines end with '\n'.
#pragma once

#include "core/optim/trajectory.h"

#include <iosfwd>
#include <string>

namespace dh {

enum class TraceColumns {
    Basic, // step,x,y,f,gx,gy                          (downhill trace)
    Wide,  // Basic, then lr, each optimizer vector state as <name>_x,<name>_y (e.g. exp_avg_x,exp_avg_y),
           // each scalar state as <name>, and newton_fallback (0/1) for newton   (the GUI's export)
};

void writeTraceCsv(std::ostream& out, const Trajectory& trajectory, TraceColumns columns = TraceColumns::Basic);
std::string traceCsv(const Trajectory& trajectory, TraceColumns columns = TraceColumns::Basic);

} // namespace dh
