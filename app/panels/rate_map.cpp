// Placeholder: being written.
#include "app/app_state.h"
#include "app/panels/panels.h"

namespace dh {

void drawRateMap(AppState& state) { (void)state; }

} // namespace dh
