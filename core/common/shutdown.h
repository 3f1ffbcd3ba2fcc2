// SIGTERM, SIGINT and SIGHUP as a request to shut down cleanly: the handler only records the signal
// (async-signal-safe); the program's loop polls shutdownRequested(), saves its work and returns, and
// then raiseShutdownSignal() ends the process by that same signal (so a shell or service manager sees
// what ended it).
#pragma once

namespace dh {

void installShutdownHandlers();
bool shutdownRequested();
int shutdownSignal(); // the signal received, 0 if none
// If a shutdown signal arrived: restores its default action and raises it again (the process ends);
// otherwise returns at once.
void raiseShutdownSignal();

} // namespace dh
