#include "core/common/shutdown.h"

#include <csignal>
#include <initializer_list>

namespace dh {
namespace {

volatile std::sig_atomic_t g_signal = 0; // written only by the handler

extern "C" void onShutdownSignal(int sig) {
    g_signal = sig;
}

} // namespace

void installShutdownHandlers() {
    struct sigaction action = {};
    action.sa_handler = onShutdownSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; // no SA_RESTART: a blocking wait returns (EINTR) and the loop sees the flag
    for (int sig : {SIGTERM, SIGINT, SIGHUP}) sigaction(sig, &action, nullptr);
}

bool shutdownRequested() {
    return g_signal != 0;
}

int shutdownSignal() {
    return int(g_signal);
}

void raiseShutdownSignal() {
    const int sig = int(g_signal);
    if (sig == 0) return;
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

} // namespace dh
