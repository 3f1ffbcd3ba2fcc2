// Placeholder: being written.
#include "app/app_state.h"
#include "app/panels/panels.h"

namespace dh {

void drawNetworkView(AppState& state) { (void)state; }

} // namespace dh
